"""A document's blocks as view data for templates/document.html: structure, highlights, cite lines."""
from __future__ import annotations

from bisect import bisect_left

from .highlight import render_span


def cite_line(doc, section: tuple[str, ...], anchor: str) -> str:
    """Municipality, document, year, section, URL (relative to the site root)."""
    m = doc.meta
    parts = [m.municipality, m.title, str(m.year)]
    if section:
        parts.append(" › ".join(section))
    return ". ".join(parts) + f". documents/{doc.id}.html#{anchor}"


def document_blocks(doc, analysis) -> list[dict]:
    """Blocks in order; consecutive list items grouped as {"kind": "list", "items": [...]}."""
    items = analysis.items if analysis else []
    by_block: dict[int, list] = {}
    for item in items:
        by_block.setdefault(item.block, []).append(item)
    by_start = sorted(items, key=lambda i: i.start)
    starts = [i.start for i in by_start]
    longest = max((i.end - i.start for i in items), default=0)
    shown: set[str] = set()
    paths = doc.section_paths()
    groups: list[dict] = []
    for n, block in enumerate(doc.blocks):
        # items of other blocks that reach into this one: only those starting less than `longest` before it can
        others = by_start[bisect_left(starts, block.start - longest):bisect_left(starts, block.end)]
        near = by_block.get(n, []) + [i for i in others if i.block != n and i.end > block.start]
        view = {
            "kind": block.kind,
            "id": f"p{n + 1}",
            "level": min(block.level + 1, 6) if block.kind == "heading" else 0,
            "cite": cite_line(doc, paths[n][:-1] if block.kind == "heading" else paths[n], f"p{n + 1}"),
            "themes": analysis.block_themes[n] if analysis and n < len(analysis.block_themes) else [],
        }
        if block.kind == "table" and block.rows:
            width = max(len(row) for row in block.rows)
            view["rows"] = [  # a header row without a cell above the row labels is padded on the left
                {"header": r < block.header_rows, "pad": width - len(row),
                 "cells": [render_span(doc.text, c.start, c.end, near, shown) for c in row]}
                for r, row in enumerate(block.rows)
            ]
        else:
            view["html"] = render_span(doc.text, block.start, block.end, near, shown)
        if block.kind == "list_item":
            if not groups or groups[-1]["kind"] != "list":
                groups.append({"kind": "list", "items": []})
            groups[-1]["items"].append(view)
        else:
            groups.append(view)
    return groups
