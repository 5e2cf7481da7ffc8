"""The Pagefind search bundle of the document pages, made by Pagefind's Python API while the site is written.

Pagefind indexes in a process of its own: pages are handed to it as they are
rendered, so it works on the second core while Python renders the rest. Pages
are indexed one at a time in the order they were added, and the bundle's filter
files are canonicalised, so the same pages give the same bundle.
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .pagefind_canonical import canonicalise


class SearchIndex:
    """Pagefind fed page by page from this thread; its own event loop runs in a background thread
    (so it also works when the caller has an event loop, e.g. Playwright)."""

    def __init__(self, site: Path):
        self.site = site.resolve()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.thread.start()
        self.queue: asyncio.Queue = asyncio.run_coroutine_threadsafe(_new_queue(), self.loop).result()
        self.aborted = False
        self.indexed = asyncio.run_coroutine_threadsafe(self._index(), self.loop)

    async def _index(self) -> int:
        config = IndexConfig(root_selector="html", output_path=str(self.site / "pagefind"), write_playground=False)
        pages = 0
        async with PagefindIndex(config=config) as index:
            while (page := await self.queue.get()) is not None:
                if self.aborted:
                    raise Aborted  # leaves the index without writing it, and stops Pagefind's process
                await index.add_html_file(content=page[1], url=f"/{page[0]}")
                pages += 1
        return pages

    def add(self, path: str, html: str) -> None:
        """Index the page at `path` (relative to the site root) with content `html`."""
        if self.indexed.done():  # Pagefind failed: say so now
            self.indexed.result()
        self.loop.call_soon_threadsafe(self.queue.put_nowait, (path, html))

    def finish(self) -> int:
        """Write the bundle into site/pagefind/ (with pagefind-ui.js/css); returns the page count."""
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, None)
            pages = self.indexed.result()
        finally:
            self.close()
        canonicalise(self.site / "pagefind")  # filter values in a fixed order, so builds are byte-identical
        return pages

    def close(self) -> None:
        """Stop Pagefind's process and the thread; the bundle is written only by `finish`."""
        if not self.indexed.done():
            self.aborted = True
            self.loop.call_soon_threadsafe(self.queue.put_nowait, ())
            try:
                self.indexed.result()
            except Aborted:
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


class Aborted(Exception):
    """The build stopped before the search index was finished."""


async def _new_queue() -> asyncio.Queue:
    return asyncio.Queue()
