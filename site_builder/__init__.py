"""Site stage: HTML pages (Jinja2), data exports and the Pagefind search index."""
from __future__ import annotations

import html
from pathlib import Path

from .exports import write_exports


def write_site(out: Path, documents, analyses, comparison, report) -> None:
    """Write the whole site into `out` (an empty folder)."""
    write_exports(out / "data", documents, analyses, report)
    (out / "documents").mkdir()
    for doc in documents:
        body = "".join(f"<p>{b.kind}: {html.escape(doc.block_text(b))}</p>\n" for b in doc.blocks)
        (out / "documents" / f"{doc.id}.html").write_text(
            f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>{html.escape(doc.meta.title)}</title>'
            f"<main><h1>{html.escape(doc.meta.title)}</h1>{body}</main></html>\n", encoding="utf-8")
