"""Document pages of the last build, reused when everything they are made from is unchanged.

A document's pages are a function of the document, its analysis, what every page shares (the
municipalities in the footer, the theme labels) and the code. `build-dir/document-pages.json` keeps,
per document, the hash of those inputs and the SHA-256 of each page it wrote; a page is taken from
the previous site only when both still match, so a hand-edited or damaged page is rendered again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from common.code import project_hash
from common.files import write_atomic

RECORD = "document-pages.json"


class DocumentPages:
    def __init__(self, previous_site: Path | None, build_dir: Path | None, shared: list):
        self.previous_site, self.build_dir = previous_site, build_dir
        self.shared = hashlib.sha256(json.dumps([project_hash(), shared], ensure_ascii=False).encode()).hexdigest()
        self.last = _read_record(build_dir / RECORD) if build_dir and previous_site else {}
        self.now: dict[str, list] = {}
        self.rendered = 0

    def key(self, doc, analysis) -> str:
        """The hash of what the document's pages show: the document and its analysis (the similar approaches,
        which change with any other document, are the comparison's and only the data exports carry them)."""
        inputs = [self.shared, doc.id, doc.sha256, list(doc.meta.__dict__.values()), analysis and analysis.sha256()]
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()

    def reuse(self, doc_id: str, key: str, out: Path) -> list[str] | None:
        """Copy the document's pages from the previous site into `out` if they are still what `key` made;
        their paths, or None (nothing copied) when they must be rendered."""
        last = self.last.get(doc_id)
        if not last or last[0] != key:
            return None
        pages = {}
        for path, digest in last[1].items():
            source = self.previous_site / path
            data = source.read_bytes() if source.is_file() else b""
            if hashlib.sha256(data).hexdigest() != digest:
                return None
            pages[path] = data
        for path, data in pages.items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
        self.now[doc_id] = last
        return list(pages)

    def written(self, doc_id: str, key: str, out: Path, paths: list[str]) -> None:
        self.rendered += 1
        self.now[doc_id] = [key, {p: hashlib.sha256((out / p).read_bytes()).hexdigest() for p in paths}]

    def save(self) -> None:
        """Record the pages of the site just built (call once it has replaced the previous one)."""
        if not self.build_dir:
            return
        write_atomic(self.build_dir / RECORD, json.dumps(self.now, ensure_ascii=False, sort_keys=True))


def _read_record(path: Path) -> dict:
    """{doc id: [key, {page path: sha256}]} of the last build, or {} when there is none or it is not of that shape."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    valid = isinstance(record, dict) and all(
        isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], dict)
        and all(isinstance(k, str) and k.startswith("documents/") and ".." not in k and isinstance(v, str) for k, v in entry[1].items())
        for entry in record.values())
    return record if valid else {}
