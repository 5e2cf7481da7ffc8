"""Where a document's words are on the site: the one place the site, the index and the exports get their links from.

A long document is shown on several pages: page k holds the blocks that start in
characters [k * PAGE_CHARS, (k + 1) * PAGE_CHARS) of its text (the first block is always
on page 0), so a block's page follows from its offset alone and stays put when text is
added further on. Page 0 is documents/{id}.html, page k documents/{id}.{k + 1}.html
(ids have no dots). Links are relative to the site root.
"""
from __future__ import annotations

PAGE_CHARS = 200_000


def page_path(doc_id: str, page: int = 0) -> str:
    return f"documents/{doc_id}.html" if page == 0 else f"documents/{doc_id}.{page + 1}.html"


def block_url(doc, n: int) -> str:
    """The permalink of block n (its paragraph anchor)."""
    return f"{page_path(doc.id, page_of(doc, n))}#p{n + 1}"


def item_url(doc, item) -> str:
    return f"{page_path(doc.id, page_of(doc, item.block))}#{item.id}"


def page_of(doc, n: int) -> int:
    page = doc.blocks[n].start // PAGE_CHARS
    return 0 if page == doc.blocks[0].start // PAGE_CHARS else page


def document_pages(doc) -> list[tuple[int, range]]:
    """(page number, block indexes) of every page that has blocks, in order; one page for an empty document."""
    pages: list[tuple[int, range]] = []
    first = 0
    for n in range(1, len(doc.blocks) + 1):
        if n == len(doc.blocks) or page_of(doc, n) != page_of(doc, first):
            pages.append((page_of(doc, first), range(first, n)))
            first = n
    return pages or [(0, range(0))]
