"""A build killed part-way leaves the previous site untouched; builds are reproducible across folders,
Pagefind's bundle included."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import build
from builder.options import BuildOptions
from corpus import DEFAULT_CORPUS
from tests.trees import assert_same_tree, tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    """A build of the default corpus in a fresh folder, with a fresh build folder."""
    tmp = tmp_path_factory.mktemp("clean")
    build.run_build(BuildOptions(DEFAULT_CORPUS, tmp / "site", tmp / "build"))
    return tmp / "site"


def kill_during(stage: str, corpus: Path, out: Path, build_dir: Path, jobs: int = 1, processes: int = 1) -> None:
    """Run build.py, SIGKILL it once its progress on stderr shows `stage` has started (for the site stage,
    once the staging folder holds files) and it runs in `processes` processes, and check it really was
    killed part-way, with all its processes."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--out", str(out),
                             "--build-dir", str(build_dir), "--jobs", str(jobs)], cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    try:
        seen = []
        for line in proc.stderr:
            seen.append(line)
            if line.startswith(f"[{stage}] ..."):
                break
        else:
            pytest.fail(f"build ended before the {stage} stage: {''.join(seen)[-2000:]}")
        if stage == "site":  # wait until the site is half written in its staging folder
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and proc.poll() is None:
                staged = [p for d in out.parent.glob(f".{out.name}.tmp-*") for p in d.rglob("*.html")]
                if len(staged) >= 3:
                    break
                time.sleep(0.005)
        else:
            time.sleep(0.3)  # into the analysis
        deadline = time.monotonic() + 30  # forked processes (--jobs workers, the index beside the site) keep its command line
        while time.monotonic() < deadline and proc.poll() is None and len(processes_mentioning(str(out))) < processes:
            time.sleep(0.005)
        assert proc.poll() is None, f"build finished before it could be killed in the {stage} stage"
        assert len(processes_mentioning(str(out))) >= processes
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        deadline = time.monotonic() + 0.2  # its forked processes die with it (common.processes)
        while time.monotonic() < deadline and processes_mentioning(str(out)):
            time.sleep(0.01)
        assert not processes_mentioning(str(out)), "a process of the killed build lives on"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def processes_mentioning(text: str) -> list[int]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except OSError:  # ended meanwhile
            pass
    return found


@pytest.mark.slow
@pytest.mark.parametrize("stage, jobs, processes", [("nlp", 1, 1), ("nlp", 2, 3), ("index", 1, 2), ("site", 1, 1)])
def test_killed_build_keeps_previous_site_and_rebuild_matches_clean_build(tmp_path, clean_site, stage, jobs, processes):
    out, build_dir = tmp_path / "site", tmp_path / "build"
    shutil.copytree(clean_site, out)
    (out / "index.html").write_bytes(b"<!-- the previous build -->" + (out / "index.html").read_bytes())
    (out / "previous-build.txt").write_text("the site before the killed build\n", encoding="utf-8")
    if stage == "site":  # an incremental build (analysis cache and index of the clean build), so the site stage comes soon
        shutil.copytree(clean_site.parent / "build", build_dir)
    before = tree(out)

    kill_during(stage, DEFAULT_CORPUS, out, build_dir, jobs, processes)
    assert tree(out) == before, "a killed build changed the published site"
    if stage == "site":  # killed with the new site half written (SIGKILL leaves its staging folder behind)
        assert [p for d in tmp_path.glob(".site.tmp-*") for p in d.rglob("*.html")]

    build.run_build(BuildOptions(DEFAULT_CORPUS, out, build_dir))  # with whatever the killed build left in build_dir
    assert not (out / "previous-build.txt").exists()
    assert not list(tmp_path.glob(".site.*-*")), "the killed build's staging folder was not cleaned up"
    assert_same_tree(out, clean_site)


def test_builds_in_different_folders_are_byte_identical(tmp_path, clean_site):
    again = tmp_path / "elsewhere" / "out"
    build.run_build(BuildOptions(DEFAULT_CORPUS, again, tmp_path / "other-build"))
    assert_same_tree(again, clean_site)


@pytest.mark.slow
def test_sigterm_after_the_index_is_written_keeps_site_and_search_in_step(tmp_path, clean_site, capsys):
    """SIGTERM (as `timeout` sends) with the new index written and the new site not yet in place: the build
    stops as after Ctrl-C, and search still answers from the index of the site that is published."""
    corpus, out, build_dir = tmp_path / "corpus", tmp_path / "site", tmp_path / "build"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    shutil.copytree(clean_site, out)
    shutil.copytree(clean_site.parent / "build", build_dir)  # an incremental build: one document's index, all pages
    with open(corpus / "zaanstad-2021-begroting-armoede.txt", "a", encoding="utf-8") as f:
        f.write("\n\nDe zwaluwstaartregeling helpt gezinnen met schulden.\n")
    before = tree(out)
    started = time.time()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--out", str(out),
                             "--build-dir", str(build_dir)], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stderr:
            if line.startswith("[index] ..."):
                break
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and not any(
                toc.stat().st_mtime > started for toc in build_dir.rglob("_MAIN_*.toc")):
            time.sleep(0.002)
        assert proc.poll() is None, "the build finished before it could be stopped"
        proc.send_signal(signal.SIGTERM)
        err = proc.stderr.read()
        assert proc.wait(timeout=30) == 130, err[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert "interrupted; the previous site is untouched" in err and "Traceback" not in err
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.*-*")) and not list(build_dir.glob(".index.*-*"))
    assert build.main(["search", "zwaluwstaartregeling", "--build-dir", str(build_dir)]) == 0
    assert capsys.readouterr().out.startswith("No hits")


def test_sigint_or_sigterm_during_the_swaps_waits_until_both_are_done(tmp_path):
    from site_builder.staging import _signals_deferred, staged_output

    site, index = tmp_path / "site", tmp_path / "index"
    for folder in (site, index):
        folder.mkdir()
        (folder / "old.txt").write_text("old\n", encoding="utf-8")
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # as build.main has it
    try:
        with pytest.raises(KeyboardInterrupt):  # in the build, before the swaps: nothing changes
            with staged_output(site, index, linked=(index,)) as (new_site, new_index):
                assert (new_index / "old.txt").read_text() == "old\n"  # the index is staged from a copy
                (new_site / "new.txt").write_text("new\n", encoding="utf-8")
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(1)
        assert [p.name for p in site.iterdir()] == ["old.txt"] and [p.name for p in index.iterdir()] == ["old.txt"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "site"]
        done = []
        with pytest.raises(KeyboardInterrupt, match="already in place"):
            with _signals_deferred():
                for s in (signal.SIGTERM, signal.SIGINT):
                    os.kill(os.getpid(), s)
                    time.sleep(0.1)
                done.append("swapped")
        assert done == ["swapped"]
    finally:
        signal.signal(signal.SIGTERM, previous)
