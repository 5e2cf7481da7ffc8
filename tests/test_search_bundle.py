"""The Pagefind bundle is complete, or the build fails with the previous site untouched."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pagefind.service import get_executable

import build
from builder.options import BuildOptions
from corpus import DEFAULT_CORPUS
from site_builder.pagefind import check_bundle, check_bundle_data
from tests.test_manifest import ENTRY, snapshot, write_corpus
from tests.trees import assert_same_tree

ROOT = Path(__file__).resolve().parent.parent
# the real Pagefind, after which one file of the bundle it wrote is damaged
DAMAGES = {  # the wrapper runs once per municipality, with --output-path pagefind/{slug}
    "fragment cut short": 'f=$(ls pagefind/*/fragment/*.pf_fragment | head -1); head -c 100 "$f" > cut && mv cut "$f"',
    "wasm missing": "rm pagefind/*/wasm.unknown.pagefind",
    "metadata cut short": 'f=$(ls pagefind/*/*.pf_meta | head -1); head -c 40 "$f" > cut && mv cut "$f"',
    "script missing": "rm pagefind/*/pagefind-ui.js",
}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A corpus, its site and build folder; the corpus then changed, so that the next build writes a new bundle."""
    tmp = tmp_path_factory.mktemp("previous")
    corpus = write_corpus(tmp / "corpus", ENTRY)
    build.run_build(BuildOptions(corpus, tmp / "site", tmp / "build", model="blank"))
    (corpus / "a.txt").write_text("Armoedebeleid 2022\n\nDe gemeente helpt meer inwoners met schulden.\n", encoding="utf-8")
    return tmp


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_bundle_fails_the_build_and_keeps_the_previous_site(tmp_path, previous, monkeypatch, capsys, damage):
    for name in ("site", "build"):
        shutil.copytree(previous / name, tmp_path / name)
    out = tmp_path / "site"
    before = snapshot(out)
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\n"{get_executable()}" "$@" || exit $?\n{DAMAGES[damage]}\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    code = build.main(["--corpus", str(previous / "corpus"), "--out", str(out), "--build-dir", str(tmp_path / "build"), "--model", "blank"])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 2 and error.startswith("error: ") and "pagefind" in error and "search bundle is incomplete" in error, error
    assert snapshot(out) == before
    assert not list(tmp_path.glob(".site.*-*"))


def test_the_bundle_is_used_only_once_pagefind_has_exited_by_itself(tmp_path):
    """Writes still in flight when Pagefind has answered (as its service's were), here a file written a second
    after the real Pagefind is done: the build waits for them."""
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\n"{get_executable()}" "$@" || exit $?\nsleep 1\n[ -d pagefind ] && echo late > pagefind/late.txt\n',
                       encoding="utf-8")
    wrapper.chmod(0o755)
    run = subprocess.run([sys.executable, "build.py", "--corpus", str(write_corpus(tmp_path / "corpus", ENTRY)), "--out",
                          str(tmp_path / "site"), "--build-dir", str(tmp_path / "build"), "--model", "blank"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PAGEFIND_BINARY_PATH": str(wrapper)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "site" / "pagefind" / "late.txt").read_text() == "late\n"


@pytest.mark.slow
def test_builds_under_cpu_load_are_complete_and_byte_identical(tmp_path):
    """Two builds beside two busy processes are complete and the same (Pagefind's service, as the old code drove it, lost files now and then under load)."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for n in range(2):
            build.run_build(BuildOptions(DEFAULT_CORPUS, tmp_path / f"site-{n}", tmp_path / f"build-{n}", model="blank"))
    finally:
        for process in busy:
            process.kill()
            process.wait()
    for n in range(2):
        top = tmp_path / f"site-{n}" / "pagefind"
        check_bundle(top)
        for bundle in [path for path in top.iterdir() if (path / "pages.sha256").is_file()]:  # one per municipality
            check_bundle_data(bundle)
        assert_same_tree(tmp_path / f"site-{n}", tmp_path / "site-0")
