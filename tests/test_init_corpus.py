"""init-corpus drafts a manifest whose guesses are right for typical reports, and that builds as is."""
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from corpus import CorpusError, load_corpus
from corpus.init_corpus import draft_manifest, toml_string

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "default"


def make_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "verslag.txt").write_bytes((SEEDS / "groningen-2017-jaarverslag-armoede-minimabeleid.txt").read_bytes())
    (folder / "arnhem-programmabegroting-2021.md").write_text("# Participatie\n\nWe helpen 500 Arnhemmers aan werk.\n", encoding="utf-8")
    (folder / 'pagina "Zaanstad" \\ oud.html').write_text(
        "<html><body><nav>Home</nav><h1>Voorjaarsnota 2022</h1><p>De gemeente Zaanstad investeert in de Zaanse wijken.</p></body></html>",
        encoding="utf-8")
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 afgebroken")
    return folder


def test_drafted_manifest_guesses_and_builds(tmp_path):
    folder = make_folder(tmp_path / "rapporten")
    path = draft_manifest(folder, overwrite=False)
    text = path.read_text(encoding="utf-8")
    docs = {d["file"]: d for d in tomllib.loads(text)["document"]}
    assert set(docs) == {"verslag.txt", "arnhem-programmabegroting-2021.md", 'pagina "Zaanstad" \\ oud.html'}
    guesses = {f: (d["id"], d["municipality"], d["year"], d["doc_type"], d["title"]) for f, d in docs.items()}
    assert guesses == {
        "verslag.txt": ("groningen-2017-jaarverslag", "Groningen", 2017, "jaarverslag", "Jaarverslag 2017"),
        "arnhem-programmabegroting-2021.md": ("arnhem-2021-begroting", "Arnhem", 2021, "begroting", "Participatie"),
        'pagina "Zaanstad" \\ oud.html': ("zaanstad-2022-voorjaarsnota", "Zaanstad", 2022, "voorjaarsnota", "Voorjaarsnota 2022"),
    }
    assert "# CHECK: guessed from 'Stadjerspas'" in text
    assert "# SKIPPED kapot.pdf" in text
    assert text.count("# CHECK: guessed from") == 3 * 5
    documents, problems = load_corpus(folder)
    assert len(documents) == 3 and not problems
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(folder), "--out", str(tmp_path / "out"),
                           "--build-dir", str(tmp_path / "cache"), "--model", "blank"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "data" / "build.json").is_file()


def test_refuses_to_overwrite_without_force(tmp_path):
    folder = make_folder(tmp_path / "rapporten")
    (folder / "manifest.toml").write_text("# mijn eigen manifest\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="already exists; use --force"):
        draft_manifest(folder, overwrite=False)
    assert (folder / "manifest.toml").read_text(encoding="utf-8") == "# mijn eigen manifest\n"
    draft_manifest(folder, overwrite=True)
    assert "[[document]]" in (folder / "manifest.toml").read_text(encoding="utf-8")


def test_empty_folder_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="no report files"):
        draft_manifest(tmp_path, overwrite=False)


def test_toml_strings_round_trip():
    for value in ['a "b" \\c', "regel\nnieuw\ttab", "\x00\x1f\x7f é €"]:
        assert tomllib.loads(f"x = {toml_string(value)}")["x"] == value
