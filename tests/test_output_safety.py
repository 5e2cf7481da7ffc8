"""--out is replaced only when it is a site this tool built (or empty, or absent), never the user's files."""
from __future__ import annotations

from pathlib import Path

import pytest

import build
from tests.test_manifest import ENTRY, snapshot, write_corpus


def run(corpus: Path, out: Path, build_dir: Path, *options) -> int:
    return build.main(["--corpus", str(corpus), "--out", str(out), "--build-dir", str(build_dir), "--model", "blank", *options])


def notes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("out, words", [
    ("corpus", "overlaps the corpus folder"),
    ("corpus/_site", "overlaps the corpus folder"),
    (".", "overlaps the corpus folder"),
    ("notes", "--force"),
    ("notes.txt", "is a file"),
])
def test_out_that_is_not_ours_is_refused_and_left_alone(tmp_path, capsys, out, words):
    corpus = write_corpus(tmp_path / "corpus", ENTRY)
    notes(tmp_path / "notes")
    (tmp_path / "notes.txt").write_text("a file\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert run(corpus, tmp_path / out, tmp_path.parent / f"{tmp_path.name}-build") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_own_site_empty_folder_and_force_are_replaced(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", ENTRY)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(corpus, empty, tmp_path / "build-1") == 0
    assert (empty / ".beleidsvergelijker").is_file() and (empty / "index.html").is_file()
    (empty / "stray.txt").write_text("left in our site\n", encoding="utf-8")
    assert run(corpus, empty, tmp_path / "build-1") == 0  # a site this tool built is replaced whole
    assert not (empty / "stray.txt").exists()

    other = notes(tmp_path / "other")
    assert run(corpus, other, tmp_path / "build-2") == 2
    assert "--force" in capsys.readouterr().err and (other / "notes.txt").is_file()
    assert run(corpus, other, tmp_path / "build-2", "--force") == 0
    assert not (other / "notes.txt").exists() and (other / ".beleidsvergelijker").is_file()
