"""The Pagefind search bundle, written by Pagefind's Python API from the document pages only."""
from __future__ import annotations

import asyncio
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex


async def _index(site: Path) -> int:
    config = IndexConfig(root_selector="html", output_path=str(site / "pagefind"), write_playground=False)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site), glob="documents/*.html")
        return result["page_count"]


def write_search_index(site: Path) -> int:
    """Index documents/*.html into site/pagefind/ (with pagefind-ui.js/css); returns the page count."""
    return asyncio.run(_index(site.resolve()))
