"""Readers: one per file format, each giving the same Document model."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .docx_reader import read_docx
from .encoding import decode
from .html_reader import read_html
from .model import CorpusError, Document, DocumentMeta
from .structure import parse_text, split_long_blocks


def _read_plain(path: Path, data: bytes, markdown: bool):
    text, warnings = decode(data, path)
    if "\x00" in text:
        raise CorpusError(path, "looks like a binary file, not text")
    return text, parse_text(text, markdown=markdown), warnings


def _read_pdf(path: Path, data: bytes):
    from .pdf_reader import read_pdf  # here, not on top: pdfplumber and pdfium load only for a PDF (not for a search)
    return read_pdf(path, data)


READERS = {
    ".txt": lambda path, data: _read_plain(path, data, markdown=False),
    ".md": lambda path, data: _read_plain(path, data, markdown=True),
    ".markdown": lambda path, data: _read_plain(path, data, markdown=True),
    ".html": read_html,
    ".htm": read_html,
    ".pdf": _read_pdf,
    ".docx": read_docx,
}


def read_document(path, meta: DocumentMeta) -> Document:
    """Read one report file into a Document; a CorpusError names the file and the problem."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(path, f"unsupported file type {path.suffix or '(none)'!r}; supported: {', '.join(sorted(READERS))}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorpusError(path, f"cannot be read: {err.strerror}") from None
    if not data.strip():
        raise CorpusError(path, "is empty")
    text, blocks, warnings = reader(path, data)
    if not blocks:
        raise CorpusError(path, "contains no readable text")
    blocks, split = split_long_blocks(text, blocks)
    warnings += split
    return Document(meta, hashlib.sha256(data).hexdigest(), text, blocks, [f"{meta.file}: {w}" for w in warnings])
