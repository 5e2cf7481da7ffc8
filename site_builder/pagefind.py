"""The Pagefind search bundles, one per municipality, written by the Pagefind binary from the document pages only, and checked complete."""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from pagefind.service import get_executable

from common.code import code_hash
from common.processes import exit_with_this_process, signals_held
from corpus import CorpusError

from .pagefind_canonical import MAGIC, Unsupported, _decode, canonicalise

ASSETS = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "pagefind-ui.js", "pagefind-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css")


class BundleError(CorpusError):
    """The search bundle is incomplete: the build fails and the previous site stays."""

    def __init__(self, path, message: str):
        super().__init__(path, f"{message}; the search bundle is incomplete, so the build stopped and the previous site is "
                         "untouched (build again)")


PAGEFIND_ARGS = ("--glob", "documents/*.html", "--root-selector", "html", "--quiet")
MAX_BUNDLES = 4  # more municipalities than this share bundles (bundle_groups)
LANES = 2  # Pagefind commands at once, each indexing its share of the municipalities one after the other
SOURCE_FILE = "pages.sha256"  # in a municipality's bundle: what it was indexed from
STAGING = ".pagefind-pages"  # in the site while it is written: each municipality's pages as Pagefind reads them
CELL_BOUNDARY = re.compile(rb"(</t[dh]>\s*<t[dh]\b[^>]*>)")


@contextmanager
def search_index_alongside(site: Path, groups: dict[str, list[str]], previous: Path | None = None):
    """One Pagefind bundle per municipality, `site/pagefind/{slug}/` (or per group of them, see bundle_groups),
    from its document pages (`groups`: slug -> page paths), written while the caller writes the other pages;
    each bundle then checked. A bundle whose pages are those it was indexed from in the `previous` site is
    copied from there.

    `site/pagefind/` holds Pagefind's scripts and a copy of the first municipality's bundle: the browser
    opens that one and merges the others (mergeIndex: templates/static/search.js, search.html lists them).
    Pagefind runs as commands of their own (on the other core meanwhile), and a bundle is used only once its
    command has exited by itself: Pagefind's service, behind its Python API, answers once its file writes are
    queued and is then terminated, which under load left files cut short or missing.
    """
    binary = get_executable()
    if binary is None:
        raise CorpusError("pagefind", "the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    top, staging = site / "pagefind", site / STAGING
    top.mkdir()
    groups = bundle_groups(groups)
    fresh = []
    for name, pages in sorted(groups.items()):
        texts = {page: CELL_BOUNDARY.sub(rb"\1 | ", (site / page).read_bytes()) for page in sorted(pages)}
        source = _source_hash(texts)
        old = previous / "pagefind" / name if previous else None
        if old and (old / SOURCE_FILE).is_file() and (old / SOURCE_FILE).read_text() == source:
            shutil.copytree(old, top / name)
            continue
        for page, text in texts.items():
            (staging / name / page).parent.mkdir(parents=True, exist_ok=True)
            (staging / name / page).write_bytes(text)
        fresh.append((name, source))
    try:
        with _pagefind_lanes(binary, site, [name for name, _ in fresh]):
            yield
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for name, source in fresh:
        check_bundle(top / name)
        canonicalise(top / name)  # filter values in a fixed order, so builds are byte-identical
        (top / name / SOURCE_FILE).write_text(source)
    _assemble(top, sorted(groups), fresh[0][0] if fresh else None, previous)


def bundle_groups(groups: dict[str, list[str]]) -> dict[str, list[str]]:
    """The bundles' pages: one bundle per municipality for up to MAX_BUNDLES of them, else MAX_BUNDLES bundles,
    each of the municipalities whose name hashes to it (CRC-32). Every query loads an index chunk of every
    bundle (the whole index of a small one), so their number bounds what a query costs."""
    if len(groups) <= MAX_BUNDLES:
        return groups
    merged: dict[str, list[str]] = {}
    for name, pages in sorted(groups.items()):
        merged.setdefault(f"deel-{zlib.crc32(name.encode()) % MAX_BUNDLES + 1:02d}", []).extend(pages)
    return merged


def _source_hash(texts: dict[str, bytes]) -> str:
    """What a bundle is made from: the pages as Pagefind reads them, its version and arguments, this code."""
    h = hashlib.sha256(json.dumps([code_hash(("site_builder/pagefind.py",), ("pagefind_bin",)), PAGEFIND_ARGS]).encode())
    for page, text in texts.items():
        h.update(f"{page}\0{hashlib.sha256(text).hexdigest()}\0".encode())
    return h.hexdigest()


@contextmanager
def _pagefind_lanes(binary, site: Path, names: list[str]):
    """Pagefind over each named municipality's staged pages, in LANES shell commands, while the caller goes on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}  # no configuration from outside
    lanes = [names[n::LANES] for n in range(LANES) if names[n::LANES]]
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile()) for _ in lanes]
        processes = []
        try:
            for lane, log in zip(lanes, logs):
                script = "\n".join(f'"$0" --site {STAGING}/{name} --output-path pagefind/{name} "$@" || exit $?' for name in lane)
                with signals_held():  # a Ctrl-C or SIGTERM held during the spawn arrives here, and the command is killed
                    processes.append(subprocess.Popen(["sh", "-c", script, str(binary), *PAGEFIND_ARGS], cwd=site, env=env,
                                                      stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                                      preexec_fn=exit_with_this_process()))
            yield
            codes = [process.wait() for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        for code, log in zip(codes, logs):
            if code != 0:
                log.seek(0)
                raise BundleError(site / "pagefind", f"Pagefind failed (exit code {code}): {log.read().decode(errors='replace')[-500:]}")


def _assemble(top: Path, names: list[str], fresh: str | None, previous: Path | None) -> None:
    """Pagefind's scripts into `top` (from a bundle written now, else from the previous site), out of every
    bundle; the first municipality's bundle copied into `top` too."""
    source = top / fresh if fresh else previous / "pagefind"
    for path in sorted(source.iterdir()):
        if path.is_file() and (path.name in ASSETS or path.name.startswith("wasm.")):
            shutil.copyfile(path, top / path.name)
    for name in names:
        for path in (top / name).iterdir():
            if path.is_file() and (path.name in ASSETS or path.name.startswith("wasm.")):
                path.unlink()
    first = top / names[0]
    for path in sorted(first.iterdir()):
        if path.is_dir():
            shutil.copytree(path, top / path.name)
        elif path.name != SOURCE_FILE:
            shutil.copyfile(path, top / path.name)
    check_bundle(top)


def _unpacked(path: Path) -> bytes:
    """A bundle file's contents, gzip's length and checksum checked."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        raise BundleError(path, "is missing") from None
    except (OSError, EOFError, zlib.error) as err:
        raise BundleError(path, f"does not decode ({err})") from None
    if not raw.startswith(MAGIC):
        raise BundleError(path, "has no Pagefind signature")
    return raw[len(MAGIC):]


def check_bundle(bundle: Path) -> None:
    """Pagefind's scripts, styles and wasm are there, and `check_bundle_data`. Raises BundleError."""
    for name in ASSETS:
        path = bundle / name
        try:
            path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise BundleError(path, "is missing") from None
        except UnicodeDecodeError:
            raise BundleError(path, "is not UTF-8 text (cut short?)") from None
    _unpacked(bundle / "wasm.unknown.pagefind")
    for info in check_bundle_data(bundle):
        _unpacked(bundle / f"wasm.{info.get('wasm') or 'unknown'}.pagefind")


def check_bundle_data(bundle: Path) -> list[dict]:
    """Every file the entry, the language metadata and the pages refer to exists and decodes; the entry's
    languages. Raises BundleError."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = list(entry["languages"].values())
    except FileNotFoundError:
        raise BundleError(bundle / "pagefind-entry.json", "is missing") from None
    except (ValueError, KeyError, AttributeError, TypeError):
        raise BundleError(bundle / "pagefind-entry.json", "is not Pagefind's entry JSON") from None
    for info in languages:
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        pages, chunks, filters = _meta_files(meta_path)
        for page in pages:
            path = bundle / "fragment" / f"{page}.pf_fragment"
            try:
                json.loads(_unpacked(path))
            except ValueError:
                raise BundleError(path, "is not a page fragment") from None
        for chunk in chunks:
            _unpacked(bundle / "index" / f"{chunk}.pf_index")
        for name in filters:
            _unpacked(bundle / "filter" / f"{name}.pf_filter")
    return languages


def _meta_files(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The fragment, index chunk and filter hashes a language's .pf_meta lists."""
    try:
        _version, pages, chunks, filters = _decode(_unpacked(path), 0)[0][:4]
        return [p[0] for p in pages], [c[2] for c in chunks], [f[1] for f in filters]
    except (Unsupported, IndexError, TypeError, ValueError):
        raise BundleError(path, "is not Pagefind's metadata") from None
