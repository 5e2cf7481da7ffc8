"""The hash of our code and of the packages it runs on: what every cache of derived data is keyed by."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("build.py", "builder", "common", "corpus", "nlp", "index", "site_builder", "templates")
PACKAGES = ("spacy", "spacy-lookups-data", "whoosh-reloaded", "scikit-learn", "jinja2", "markupsafe", "markdown", "pdfplumber",
            "pdfminer.six", "numpy", "scipy", "pagefind", "pagefind-bin")  # what the output depends on


@lru_cache(maxsize=None)
def code_hash(sources: tuple[str, ...], packages: tuple[str, ...] = ()) -> str:
    """SHA-256 of every file of `sources` (paths from the project root, files or folders; not __pycache__ or
    gold folders, whose files are inputs) with its path, and of the installed version of each package."""
    h = hashlib.sha256()
    for name in sources:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                                                     and "gold" not in p.parts)
        for f in files:
            h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    for package in packages:
        try:
            h.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()


def project_hash() -> str:
    """The whole build's code, templates and package versions."""
    return code_hash(PROJECT, PACKAGES)
