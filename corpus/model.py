"""The document model every stage shares: canonical text plus blocks with offsets."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class CorpusError(Exception):
    """A user mistake in the corpus: names the file (and field) and what is wrong."""

    def __init__(self, path, message: str, field: str | None = None, line: int | None = None):
        self.path, self.field, self.line, self.message = str(path), field, line, message
        super().__init__(self._located(self.path))

    def _located(self, path: str) -> str:
        return path + (f":{self.line}" if self.line else "") + (f" [{self.field}]" if self.field else "") + f": {self.message}"

    def relative_to(self, folder) -> str:
        """The message with the file named relative to `folder` (for what a site publishes)."""
        try:
            return self._located(Path(self.path).resolve().relative_to(Path(folder).resolve()).as_posix())
        except ValueError:
            return str(self)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item or table; `text[start:end]` is its source.

    Tables carry `rows`: each row a tuple of cell spans (the first row is the
    header when `header_rows` is 1). `level` is the heading depth (1 = top).
    """

    kind: str  # heading | paragraph | list_item | table
    start: int
    end: int
    level: int = 0
    page: int | None = None
    rows: tuple[tuple[Span, ...], ...] = ()
    header_rows: int = 0


@dataclass(frozen=True)
class DocumentMeta:
    """One manifest entry."""

    id: str
    file: str
    municipality: str
    year: int
    doc_type: str
    title: str
    source: str
    language: str = "nl"


@dataclass
class Document:
    meta: DocumentMeta
    sha256: str
    text: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    def block_text(self, block: Block | Span) -> str:
        return self.text[block.start:block.end]

    def body_of(self, n: int) -> range:
        """Indexes of the blocks right under heading n, up to the next heading."""
        end = next((k for k in range(n + 1, len(self.blocks)) if self.blocks[k].kind == "heading"), len(self.blocks))
        return range(n + 1, end)

    def section_paths(self) -> list[tuple[str, ...]]:
        """For each block, the enclosing headings (outermost first); a heading's own path ends with itself."""
        stack: list[tuple[int, str]] = []
        paths = []
        for block in self.blocks:
            if block.kind == "heading":
                while stack and stack[-1][0] >= block.level:
                    stack.pop()
                stack.append((block.level, " ".join(self.block_text(block).split())))
            paths.append(tuple(title for _, title in stack))
        return paths
