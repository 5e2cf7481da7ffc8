"""The Pagefind search bundle, written by Pagefind's Python API from the document pages only."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .pagefind_canonical import canonicalise


async def _index(site: Path) -> int:
    config = IndexConfig(root_selector="html", output_path=str(site / "pagefind"), write_playground=False)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site), glob="documents/*.html")
        return result["page_count"]


@contextmanager
def search_index_alongside(site: Path):
    """Index documents/*.html into site/pagefind/ (with pagefind-ui.js/css) while the caller writes the other pages.

    Pagefind runs in its own process, driven from a thread of this one, so the site's overview pages are
    rendered on the other core meanwhile; the thread also works when the caller has an event loop (Playwright).
    """
    with ThreadPoolExecutor(1) as pool:
        indexed = pool.submit(asyncio.run, _index(site.resolve()))
        yield
        indexed.result()
    canonicalise(site / "pagefind")  # filter values in a fixed order, so builds are byte-identical
