"""Bad corpus input: `python build.py` stops with one clear error line and leaves the last site untouched."""
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus import CorpusError, load_corpus

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Armoedebeleid 2021\n\nDe gemeente helpt inwoners met schulden.\n"
ENTRY = {"id": "a-2021-begroting", "file": "a.txt", "municipality": "Arnhem", "year": 2021,
         "doc_type": "begroting", "title": "Begroting", "source": "test", "language": "nl"}


def write_corpus(folder: Path, *entries, files=None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (files if files is not None else {"a.txt": TEXT}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    lines = []
    for entry in entries:
        lines.append("[[document]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in entry.items()]
    if entries:
        (folder / "manifest.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def build(corpus: Path, out: Path, *options):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--out", str(out),
                           "--build-dir", str(out.parent / "build-cache"), "--model", "blank", *options],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_entry(**changes):
    entry = {k: v for k, v in {**ENTRY, **changes}.items() if v is not None}
    return lambda folder: write_corpus(folder, entry)


def outside_link(folder):
    write_corpus(folder, {**ENTRY, "file": "link.txt"})
    (folder.parent / "elders.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(folder.parent / "elders.txt", folder / "link.txt")


def parent_path(folder):
    write_corpus(folder, {**ENTRY, "file": "../elders.txt"})
    (folder.parent / "elders.txt").write_text(TEXT, encoding="utf-8")


# case -> (make the corpus folder, words the error line must contain)
CASES = {
    "missing manifest": (lambda f: write_corpus(f), ["manifest.toml", "[[document]]", "init-corpus"]),
    "missing field": (with_entry(title=None), ["manifest.toml", "document 1", "missing field 'title'"]),
    "unknown field": (with_entry(autor="X"), ["manifest.toml", "document 1.autor", "unknown field"]),
    "duplicate id": (lambda f: write_corpus(f, ENTRY, ENTRY), ["manifest.toml", "document 2.id", "duplicate id"]),
    "year out of range": (with_entry(year=1850), ["manifest.toml", "document 1.year", "1850"]),
    "parent path": (parent_path, ["manifest.toml", "document 1.file", "../elders.txt", "inside the corpus folder"]),
    "absolute path": (with_entry(file="/etc/hostname"), ["manifest.toml", "document 1.file", "/etc/hostname"]),
    "symlink out": (outside_link, ["manifest.toml", "document 1.file", "link.txt", "outside the corpus folder"]),
    "missing file": (with_entry(file="weg.txt"), ["manifest.toml", "document 1.file", "weg.txt", "not found"]),
    "same file twice": (lambda f: write_corpus(f, ENTRY, {**ENTRY, "id": "b-2021-begroting", "file": "./a.txt"}),
                        ["manifest.toml", "document 2.file", "a.txt", "also document 1"]),
    "unknown doc_type": (with_entry(doc_type="begrooting"),
                         ["manifest.toml", "document 1.doc_type", "begrooting", "known: begroting, jaarverslag", "doc_types"]),
    "unknown language": (with_entry(language="en"), ["manifest.toml", "document 1.language", "'en'", "known: nl"]),
    "year as text": (with_entry(year="2023"), ["manifest.toml", "document 1.year", "'2023' must be a number"]),
    "empty file": (lambda f: write_corpus(f, ENTRY, files={"a.txt": " \n"}), ["a.txt", "empty"]),
    "binary file": (lambda f: write_corpus(f, ENTRY, files={"a.txt": bytes(range(256)) * 4}), ["a.txt", "binary"]),
    "corrupt pdf": (lambda f: write_corpus(f, {**ENTRY, "file": "a.pdf"}, files={"a.pdf": b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<"}), ["a.pdf", "PDF"]),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every bad case, run in parallel against its own copy of a previously built site."""
    previous = tmp_path_factory.mktemp("previous") / "out"
    (previous / "data").mkdir(parents=True)
    (previous / "index.html").write_text("<!doctype html><title>vorige build</title>\n", encoding="utf-8")
    (previous / "data" / "build.json").write_text('{"documents": 1}\n', encoding="utf-8")
    (previous / ".beleidsvergelijker").write_text("built by this tool\n", encoding="utf-8")
    folders = {}
    for name, (make, _) in CASES.items():
        folder = folders[name] = tmp_path_factory.mktemp(name.replace(" ", "-"))
        make(folder / "corpus")
        shutil.copytree(previous, folder / "out")
    with ThreadPoolExecutor(max_workers=4) as pool:
        procs = dict(zip(folders, pool.map(lambda f: build(f / "corpus", f / "out"), folders.values())))
    return {name: (procs[name], folders[name], snapshot(previous)) for name in CASES}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_stops_with_one_clear_line(results, case):
    proc, folder, before = results[case]
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    message = proc.stderr[proc.stderr.index("error:"):]
    for word in CASES[case][1]:
        assert word in (message if case == "missing manifest" else errors[0]), (word, errors[0])
    assert snapshot(folder / "out") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ENTRY)
    (corpus / "a.txt").chmod(0)
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode != 0 and "a.txt: cannot be read" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("entry, files, words", [
    ({**ENTRY, "year": "2021"}, None, ["document 1.year"]),
    ({**ENTRY, "file": "a.xls"}, {"a.xls": b"data"}, ["a.xls", "unsupported file type"]),
    (ENTRY, {"a.txt": b"tekst \x81\x8d\x90 meer"}, ["a.txt", "neither UTF-8 nor Windows-1252"]),
])
def test_more_bad_input_in_process(tmp_path, entry, files, words):
    with pytest.raises(CorpusError) as err:
        load_corpus(write_corpus(tmp_path, entry, files=files))
    assert all(w in str(err.value) for w in words) and "\n" not in str(err.value)


def test_invalid_toml(tmp_path):
    write_corpus(tmp_path)
    (tmp_path / "manifest.toml").write_text("[[document]\nid = 1\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="manifest.toml: is not valid TOML"):
        load_corpus(tmp_path)


def test_keep_going_builds_the_rest_and_lists_the_skipped_file(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ENTRY, {**ENTRY, "id": "kapot", "file": "kapot.pdf"},
                          files={"a.txt": TEXT, "kapot.pdf": b"%PDF-1.4 afgebroken"})
    proc = build(corpus, tmp_path / "out", "--keep-going")
    assert proc.returncode == 0, proc.stderr
    assert "Built 1 documents" in proc.stdout
    assert any(line.startswith("Skipped:") and "kapot.pdf" in line for line in proc.stdout.splitlines())
    skipped = json.loads((tmp_path / "out" / "data" / "build.json").read_text(encoding="utf-8"))["skipped"]
    assert len(skipped) == 1 and "kapot.pdf" in skipped[0]


def test_added_doc_type_and_unlisted_files_warning(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {**ENTRY, "doc_type": "armoedemonitor"},
                          files={"a.txt": TEXT, "vergeten.txt": TEXT, "sub/ook.md": TEXT, "notities.xlsx": "x", ".oud/kopie.txt": TEXT})
    (corpus / "manifest.toml").write_text('[corpus]\ndoc_types = ["armoedemonitor"]\n\n' + (corpus / "manifest.toml").read_text())
    proc = build(corpus, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    warning = "manifest.toml does not list 2 files of the corpus folder, which were not built: sub/ook.md, vergeten.txt"
    assert f"Warning: {warning}" in proc.stdout.splitlines()
    assert json.loads((tmp_path / "out" / "data" / "build.json").read_text(encoding="utf-8"))["warnings"] == [warning]


def test_keep_going_skips_a_missing_file_and_publishes_no_local_paths(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ENTRY, {**ENTRY, "id": "weg", "file": "weg.txt"}, {**ENTRY, "id": "oud", "file": "oud.txt"},
                          files={"a.txt": TEXT, "oud.txt": "Armoede\n\nDe gemeente helpt \xe9\xe9n gezin.\n".encode("cp1252")})
    proc = build(corpus.resolve(), (tmp_path / "out").resolve(), "--keep-going")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "data" / "build.json").read_text(encoding="utf-8"))
    assert report["skipped"] == ["manifest.toml [document 2.file]: file 'weg.txt' not found in the corpus folder"]
    assert report["warnings"] == ["oud.txt: not UTF-8; read as Windows-1252 (offsets refer to the decoded text)"]
    private = [str(tmp_path.resolve()).encode(), str(ROOT).encode()]
    leaks = [p.name for p in (tmp_path / "out").rglob("*") if p.is_file() and any(s in p.read_bytes() for s in private)]
    assert not leaks


def test_every_type_init_corpus_drafts_is_known():
    from corpus import init_corpus, manifest
    assert init_corpus.UNKNOWN_TYPE in manifest.DOC_TYPES and manifest.REPORT_TYPES <= set(manifest.DOC_TYPES)
