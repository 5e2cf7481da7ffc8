"""Skip a build whose inputs and code are unchanged and whose output is still as it was left."""
from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("build.py", "corpus", "nlp", "index", "site_builder", "templates")
PACKAGES = ("spacy", "spacy-lookups-data", "whoosh-reloaded", "scikit-learn", "jinja2", "markupsafe", "markdown", "pdfplumber",
            "pdfminer.six", "numpy", "scipy", "pagefind", "pagefind-bin")  # what the output depends on
RECORD = "last-build.json"


def code_hash() -> str:
    """The build's code, templates and package versions."""
    h = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and "gold" not in p.parts)
        for f in files:
            h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    for package in PACKAGES:
        try:
            h.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()


def input_fingerprint(documents, corpus_dir: Path, out_dir: Path, options: list, skipped: list[str]) -> str:
    """Everything the site depends on: documents (content and metadata), gold, the build options and the code."""
    gold = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (corpus_dir / "gold").glob("*.json"))
    data = [[d.id, d.sha256, list(d.meta.__dict__.values())] for d in documents]
    payload = json.dumps([data, gold, str(out_dir.resolve()), options, skipped, code_hash()], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _tree_signature(out_dir: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        h.update(f"{f.relative_to(out_dir).as_posix()}\0{f.stat().st_size}\0{f.stat().st_mtime_ns}\n".encode())
    return h.hexdigest()


def up_to_date(build_dir: Path, out_dir: Path, fingerprint: str) -> str | None:
    """The summary of the last build if it had this fingerprint and its output is untouched, else None."""
    record = build_dir / RECORD
    if not record.is_file() or not out_dir.is_dir():
        return None
    last = json.loads(record.read_text(encoding="utf-8"))
    if last.get("fingerprint") != fingerprint or last.get("tree") != _tree_signature(out_dir):
        return None
    return last.get("summary")


def remember(build_dir: Path, out_dir: Path, fingerprint: str, summary: str) -> None:
    build_dir.mkdir(parents=True, exist_ok=True)
    tmp = build_dir / f".{RECORD}.tmp"
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "tree": _tree_signature(out_dir), "summary": summary}), encoding="utf-8")
    tmp.replace(build_dir / RECORD)
