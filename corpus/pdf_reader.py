"""Read PDF reports with pdfplumber: blocks in reading order with their page, tables found as tables.

Headings come from font size and weight; when the whole document has one
plain font, from the plain-text heuristics of `structure.parse_text`. Page
headers and footers that repeat on several pages, and page numbers, are left out.
"""
from __future__ import annotations

import io
import re
import sys
from collections import Counter
from pathlib import Path
from statistics import median

import pdfplumber

from .model import CorpusError
from .structure import BOILERPLATE, BULLET, parse_text
from .textbuilder import TextBuilder

PROGRESS_EVERY = 50  # pages

PAGE_NUMBER = re.compile(r"^\s*(?:(?:pagina|page|blz\.?)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
MARGIN_LINES = 2  # lines at the top and bottom of a page that may be a running header or footer
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading


class Line:
    def __init__(self, raw: dict):
        chars = [c for c in raw["chars"] if c["text"].strip()]
        self.text, self.top, self.bottom, self.x0 = raw["text"].strip(), raw["top"], raw["bottom"], raw["x0"]
        self.size = round(median(c["size"] for c in chars), 1) if chars else 0.0
        self.bold = bool(chars) and all("bold" in c["fontname"].lower() or "black" in c["fontname"].lower() for c in chars)
        self.weight = len(chars)


def _inside(obj: dict, boxes) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page) -> list:
    """Lines (outside tables) and tables (row lists) of one page, top to bottom."""
    tables = [t for t in page.find_tables() if _is_table(t)]
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    lines = [Line(raw) for raw in text_page.extract_text_lines(return_chars=True, strip=True)]
    items = [(ln.top, ln) for ln in lines if ln.text] + [(t.bbox[1], t.extract()) for t in tables]
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _is_table(table) -> bool:
    rows = [[c for c in row if c and c.strip()] for row in table.extract()]
    return sum(1 for r in rows if r) >= 2 and max(len(r) for r in rows) >= 2


def _running_lines(pages: list[list]) -> set[str]:
    """Texts (digits ignored) found among the top or bottom lines of more than one page."""
    seen = Counter()
    for items in pages:
        lines = [i for i in items if isinstance(i, Line)]
        seen.update({re.sub(r"\d+", "#", ln.text) for ln in lines[:MARGIN_LINES] + lines[-MARGIN_LINES:]})
    return {text for text, n in seen.items() if n > 1} if len(pages) > 1 else set()


def _drop_margins(items: list, running: set[str]) -> list:
    lines = [i for i in items if isinstance(i, Line)]
    margin = {id(ln) for ln in lines[:MARGIN_LINES] + lines[-MARGIN_LINES:]}
    return [i for i in items if not (isinstance(i, Line) and id(i) in margin and (
        re.sub(r"\d+", "#", i.text) in running or PAGE_NUMBER.match(i.text) or BOILERPLATE.match(i.text)))]


def _heading_levels(pages: list[list]) -> tuple[float, dict]:
    """The body font size and {(size, bold): level} of heading styles; empty when there is one plain style."""
    sizes = Counter()
    for items in pages:
        for ln in (i for i in items if isinstance(i, Line)):
            sizes[ln.size] += ln.weight
    if not sizes:
        return 0.0, {}
    body = sizes.most_common(1)[0][0]
    styles = {(ln.size, ln.bold) for items in pages for ln in items if isinstance(ln, Line)
              and (ln.size >= body * HEADING_RATIO or (ln.bold and ln.size >= body)) and _heading_like(ln)}
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return body, {style: min(n + 1, 6) for n, style in enumerate(ranked)}


def _heading_like(ln: Line) -> bool:
    return len(ln.text) <= 160 and not BULLET.match(ln.text) and not ln.text.endswith((".", ",", ";"))


def _add_lines(lines: list[Line], levels: dict, page: int, out: TextBuilder) -> None:
    """Group lines into blocks by style, bullets and vertical gaps."""
    if not levels:
        text = "\n".join(ln.text for ln in lines)
        out.add_parsed(text, parse_text(text), page=page)
        return
    block: list[Line] = []
    kind = level = None

    def flush():
        if block:
            text = "\n".join(ln.text for ln in block)
            if kind == "list_item":
                text = text[BULLET.match(text).end():]
            out.add(kind, text, level=level or 0, page=page)
            block.clear()

    for ln in lines:
        style = levels.get((ln.size, ln.bold)) if _heading_like(ln) else None
        this_kind = "heading" if style else ("list_item" if BULLET.match(ln.text) else "paragraph")
        gap = block and ln.top - block[-1].bottom > 0.6 * (block[-1].bottom - block[-1].top)
        continues = block and not gap and (this_kind == kind == "heading" and style == level
                                           or this_kind == "paragraph" and kind in ("paragraph", "list_item"))
        if not continues:
            flush()
            kind, level = this_kind, style
        block.append(ln)
    flush()


def read_pdf(path, data: bytes):
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for number, page in enumerate(pdf.pages, 1):
                pages.append(_page_items(page))
                page.flush_cache()  # keep memory flat: only the page's words and tables are kept
                if number % PROGRESS_EVERY == 0:
                    print(f"  {Path(str(path)).name}: page {number}/{len(pdf.pages)}", file=sys.stderr, flush=True)
    except Exception as err:  # pdfminer raises many types for damaged, truncated or encrypted files
        if err.args and isinstance(err.args[0], Exception):  # pdfplumber wraps pdfminer's error
            err = err.args[0]
        if "password" in type(err).__name__.lower() or "encrypt" in str(err).lower():
            raise CorpusError(path, "is password-protected (encrypted): save a copy without the password and list that") from None
        raise CorpusError(path, f"is not a readable PDF ({type(err).__name__}: {err})".replace(": )", ")")) from None
    running = _running_lines(pages)
    pages = [_drop_margins(items, running) for items in pages]
    _, levels = _heading_levels(pages)
    out = TextBuilder()
    for number, items in enumerate(pages, 1):
        lines: list[Line] = []
        for item in items + [None]:
            if isinstance(item, Line):
                lines.append(item)
                continue
            _add_lines(lines, levels, number, out)
            lines = []
            if item is not None:
                out.add_table([[c or "" for c in row] for row in item], 1, page=number)
    return out.text, out.blocks, []
