"""Skip a build whose inputs and code are unchanged and whose output is still as it was left."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from common.code import project_hash
from common.files import write_atomic

RECORD = "last-build.json"


def input_fingerprint(documents, corpus_dir: Path, options: dict, warnings: list[str], skipped: list[str]) -> str:
    """Everything the site depends on: documents (content and metadata), gold, the options that change the
    output (BuildOptions.fingerprint), what was skipped or warned about, and the code."""
    gold = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (corpus_dir / "gold").glob("*.json"))
    data = [[d.id, d.sha256, list(d.meta.__dict__.values())] for d in documents]
    payload = json.dumps([data, gold, options, warnings, skipped, project_hash()], ensure_ascii=False)
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
    write_atomic(build_dir / RECORD, json.dumps({"fingerprint": fingerprint, "tree": _tree_signature(out_dir), "summary": summary}))
