"""The Pagefind search bundle, written by Pagefind's Python API from the document pages only."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .pagefind_canonical import canonicalise


async def _index(site: Path) -> int:
    config = IndexConfig(root_selector="html", output_path=str(site / "pagefind"), write_playground=False)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site), glob="documents/*.html")
        return result["page_count"]


def write_search_index(site: Path) -> int:
    """Index documents/*.html into site/pagefind/ (with pagefind-ui.js/css); returns the page count.

    Runs in its own thread, so it also works when the caller already has an event loop (e.g. Playwright).
    """
    with ThreadPoolExecutor(1) as pool:
        pages = pool.submit(asyncio.run, _index(site.resolve())).result()
    canonicalise(site / "pagefind")  # filter values in a fixed order, so builds are byte-identical
    return pages
