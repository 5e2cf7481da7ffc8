"""The Pagefind search bundle, written by the Pagefind binary from the document pages only, and checked complete."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from pagefind.service import get_executable

from corpus import CorpusError
from corpus.processes import exit_with_this_process, signals_held

from .pagefind_canonical import MAGIC, Unsupported, _decode, canonicalise

ASSETS = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "pagefind-ui.js", "pagefind-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css")


class BundleError(CorpusError):
    """The search bundle is incomplete: the build fails and the previous site stays."""

    def __init__(self, path, message: str):
        super().__init__(path, f"{message}; the search bundle is incomplete, so the build stopped and the previous site is "
                         "untouched (build again)")


@contextmanager
def search_index_alongside(site: Path):
    """Index documents/*.html into site/pagefind/ while the caller writes the other pages, then check the bundle.

    Pagefind runs as a command of its own (on the other core meanwhile) and the bundle is used only once
    that process has exited by itself: its service, behind Pagefind's Python API, answers once its file
    writes are queued and is then terminated, which under load left files cut short or missing.
    """
    binary = get_executable()
    if binary is None:
        raise CorpusError("pagefind", "the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}  # no configuration from outside
    with tempfile.TemporaryFile() as log:
        process = None
        try:
            with signals_held():  # a Ctrl-C or SIGTERM held during the spawn arrives here, and the command is killed
                process = subprocess.Popen([str(binary), "--site", ".", "--glob", "documents/*.html", "--root-selector", "html",
                                            "--output-subdir", "pagefind", "--quiet"], cwd=site, env=env, stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=subprocess.STDOUT, preexec_fn=exit_with_this_process())
            yield
            code = process.wait()
        finally:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        if code != 0:
            log.seek(0)
            raise BundleError(site / "pagefind", f"Pagefind failed (exit code {code}): {log.read().decode(errors='replace')[-500:]}")
    bundle = site / "pagefind"
    check_bundle(bundle)
    canonicalise(bundle)  # filter values in a fixed order, so builds are byte-identical


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
    """Every file the entry, the language metadata and the pages refer to exists and decodes; the scripts and
    styles are there. Raises BundleError."""
    for name in ASSETS:
        path = bundle / name
        try:
            path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise BundleError(path, "is missing") from None
        except UnicodeDecodeError:
            raise BundleError(path, "is not UTF-8 text (cut short?)") from None
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].items()
    except FileNotFoundError:
        raise BundleError(bundle / "pagefind-entry.json", "is missing") from None
    except (ValueError, KeyError, AttributeError, TypeError):
        raise BundleError(bundle / "pagefind-entry.json", "is not Pagefind's entry JSON") from None
    _unpacked(bundle / "wasm.unknown.pagefind")
    for lang, info in languages:
        _unpacked(bundle / f"wasm.{info.get('wasm') or 'unknown'}.pagefind")
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


def _meta_files(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The fragment, index chunk and filter hashes a language's .pf_meta lists."""
    try:
        _version, pages, chunks, filters = _decode(_unpacked(path), 0)[0][:4]
        return [p[0] for p in pages], [c[2] for c in chunks], [f[1] for f in filters]
    except (Unsupported, IndexError, TypeError, ValueError):
        raise BundleError(path, "is not Pagefind's metadata") from None
