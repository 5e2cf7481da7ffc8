"""A document's blocks as view data for templates/document.html: structure, highlights, cite lines."""
from __future__ import annotations

from bisect import bisect_left

from common.links import block_url

from .highlight import render_span


def cite_line(doc, section: tuple[str, ...], n: int) -> str:
    """Municipality, document, year, section, URL of block n (relative to the site root)."""
    m = doc.meta
    parts = [m.municipality, m.title, str(m.year)]
    if section:
        parts.append(" › ".join(section))
    return ". ".join(parts) + f". {block_url(doc, n)}"


class BlockViews:
    """A document's blocks in order, a page at a time (see common.links); consecutive list items grouped as
    {"kind": "list", "items": [...]}."""

    def __init__(self, doc, analysis):
        self.doc, self.analysis = doc, analysis
        items = analysis.items if analysis else []
        self.by_block: dict[int, list] = {}
        for item in items:
            self.by_block.setdefault(item.block, []).append(item)
        self.by_start = sorted(items, key=lambda i: i.start)
        self.starts = [i.start for i in self.by_start]
        self.longest = max((i.end - i.start for i in items), default=0)
        self.shown: set[str] = set()  # items already highlighted with their anchor
        self.paths = doc.section_paths()

    def groups(self, numbers: range) -> list[dict]:
        groups: list[dict] = []
        for n in numbers:
            view = self.view(n)
            if view["kind"] == "list_item":
                if not groups or groups[-1]["kind"] != "list":
                    groups.append({"kind": "list", "items": []})
                groups[-1]["items"].append(view)
            else:
                groups.append(view)
        return groups

    def view(self, n: int) -> dict:
        doc, analysis, block = self.doc, self.analysis, self.doc.blocks[n]
        # items of other blocks that reach into this one: only those starting less than `longest` before it can
        others = self.by_start[bisect_left(self.starts, block.start - self.longest):bisect_left(self.starts, block.end)]
        near = self.by_block.get(n, []) + [i for i in others if i.block != n and i.end > block.start]
        view = {
            "kind": block.kind,
            "id": f"p{n + 1}",
            "level": min(block.level + 1, 6) if block.kind == "heading" else 0,
            "cite": cite_line(doc, self.paths[n][:-1] if block.kind == "heading" else self.paths[n], n),
            "themes": analysis.block_themes[n] if analysis and n < len(analysis.block_themes) else [],
        }
        if block.kind == "table" and block.rows:
            width = max(len(row) for row in block.rows)
            view["rows"] = [  # a header row without a cell above the row labels is padded on the left
                {"header": r < block.header_rows, "pad": width - len(row),
                 "cells": [render_span(doc.text, c.start, c.end, near, self.shown) for c in row]}
                for r, row in enumerate(block.rows)
            ]
        else:
            view["html"] = render_span(doc.text, block.start, block.end, near, self.shown)
        return view
