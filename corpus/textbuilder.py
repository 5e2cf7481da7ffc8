"""Assemble a canonical text from extracted blocks, keeping every block's offsets."""
from __future__ import annotations

from dataclasses import replace

from .model import Block, Span
from .structure import BOILERPLATE

BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "


class TextBuilder:
    """Blocks separated by blank lines; table cells by " | ", table rows by newlines."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def _append(self, s: str) -> int:
        """Start a new block with `s`; returns its offset."""
        if self.length:
            self._write(BLOCK_SEPARATOR)
        start = self.length
        self._write(s)
        return start

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def add(self, kind: str, text: str, level: int = 0, page: int | None = None) -> None:
        """A heading, paragraph or list item; empty text and footer boilerplate are left out."""
        text = text.strip()
        if not text or BOILERPLATE.match(text):
            return
        start = self._append(text)
        self.blocks.append(Block(kind, start, self.length, level=level, page=page))

    def add_table(self, rows: list[list[str]], header_rows: int, page: int | None = None) -> None:
        """A table of cell texts; a table of one column is layout, so its cells become paragraphs."""
        rows = [[" ".join(c.split()) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        if max(len(r) for r in rows) < 2:
            for row in rows:
                self.add("paragraph", row[0], page=page)
            return
        start = self._append("")
        spans = []
        for i, row in enumerate(rows):
            if i:
                self._write("\n")
            cells = []
            for j, cell in enumerate(row):
                if j:
                    self._write(CELL_SEPARATOR)
                cells.append(Span(self.length, self.length + len(cell)))
                self._write(cell)
            spans.append(tuple(cells))
        header_rows = min(header_rows, len(rows) - 1)
        self.blocks.append(Block("table", start, self.length, page=page, rows=tuple(spans), header_rows=header_rows))

    def add_parsed(self, text: str, blocks: list[Block], page: int | None = None) -> None:
        """Text with blocks already found in it (e.g. by parse_text); offsets are shifted into place."""
        if not blocks:
            return
        start = self._append(text)
        for b in blocks:
            rows = tuple(tuple(Span(c.start + start, c.end + start) for c in row) for row in b.rows)
            self.blocks.append(replace(b, start=b.start + start, end=b.end + start, page=page, rows=rows))
