"""Build into temporary folders beside the targets and swap them in together, only when complete; never
replace a folder this tool did not build."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from corpus import CorpusError

MARKER = ".beleidsvergelijker"  # written into every site this tool builds
MARKER_TEXT = "A site built by beleidsvergelijker (python build.py); a build may replace this folder.\n"


def check_output(out: Path, corpus: Path, build_dir: Path, force: bool = False) -> None:
    """Refuse an --out that a build must not replace: a file, the corpus or build folder (or one inside or
    around them), or a non-empty folder without this tool's marker (unless `force`)."""
    site, work = out.resolve(), build_dir.resolve()
    if site == work or site in work.parents or work in site.parents:
        raise CorpusError(build_dir, f"overlaps the site folder {out}: a build replaces the whole site folder, so "
                          "--out and --build-dir must be separate folders", field="--build-dir")
    source = corpus.resolve()
    if site == source or site in source.parents or source in site.parents:
        raise CorpusError(out, f"overlaps the corpus folder {corpus}: a build replaces the whole site folder, so "
                          "--out must be a folder outside the corpus", field="--out")
    if site.exists() and not site.is_dir():
        raise CorpusError(out, "is a file, not a folder: a build writes a site folder there; choose another --out", field="--out")
    if site.is_dir() and not (site / MARKER).is_file() and any(site.iterdir()) and not force:
        raise CorpusError(out, f"is a folder with files that this tool did not build (no {MARKER} file); a build "
                          "replaces the whole folder, so choose an empty or new folder, or pass --force to replace it",
                          field="--out")


def _remove_stale(target: Path) -> None:
    for stale in target.parent.glob(f".{target.name}.*-*"):  # left by a build that was killed
        if stale.is_dir() and stale.name.startswith((f".{target.name}.tmp-", f".{target.name}.old-")):
            shutil.rmtree(stale, ignore_errors=True)


def _swap(tmp: Path, target: Path) -> Path | None:
    """Put `tmp` in the place of `target`; the folder now holding the old target, to be removed."""
    os.chmod(tmp, 0o755)
    if not target.exists():
        os.replace(tmp, target)
        return None
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(tmp, target)
    return old


@contextmanager
def _signals_deferred():
    """SIGINT and SIGTERM wait until the block is done (then raise KeyboardInterrupt saying so), so that
    the swaps are not split."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    old = {s: signal.signal(s, lambda signum, frame: caught.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        if caught:
            raise KeyboardInterrupt("the new site and search index were already in place")


@contextmanager
def staged_output(*targets: Path, linked: tuple[Path, ...] = ()):
    """Yield one folder per target: empty, or for a target in `linked` a copy of it by hard links (for an
    index whose files are written once and never changed in place). On success they replace their
    targets together; on any failure every target stays as it was."""
    targets = tuple(Path(t) for t in targets)
    tmps = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale(target)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
            tmps.append(tmp)
            if target in linked and target.is_dir():
                shutil.copytree(target, tmp, copy_function=os.link, dirs_exist_ok=True)
        yield tmps
        with _signals_deferred():
            old = [_swap(tmp, target) for tmp, target in zip(tmps, targets)]
            for folder in old:
                if folder:
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        for tmp in tmps:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
