"""Read PDF reports: blocks in reading order with their page, tables found as tables.

Text comes from pypdfium2 (PDFium), line by line from the page's text objects. A page whose ruling
lines could outline a table of two rows and two columns is read with pdfplumber instead, whose table
finder needs those lines (see `_may_hold_table`); both give the same lines with their font size and
weight. Headings come from font size and weight; when the whole document has one plain font, from
the plain-text heuristics of `structure.parse_text`. Page headers and footers that repeat on several
pages, and page numbers, are left out.
"""
from __future__ import annotations

import ctypes
import io
import math
import re
from collections import Counter
from pathlib import Path
from statistics import median

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from common.progress import logger

from .model import CorpusError
from .structure import BOILERPLATE, BULLET, parse_text
from .textbuilder import TextBuilder

PROGRESS_EVERY = 50  # pages
log = logger(__name__)

PAGE_NUMBER = re.compile(r"^\s*(?:(?:pagina|page|blz\.?)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
MARGIN_LINES = 2  # lines at the top and bottom of a page that may be a running header or footer
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
Y_TOLERANCE = X_TOLERANCE = 3  # pdfplumber's: text this close in height is one line, this close across one word
EDGE = 3  # an axis-parallel segment at least this long is a ruling line (pdfplumber's shortest edge)


def _bold(fontname: str) -> bool:
    return "bold" in fontname.lower() or "black" in fontname.lower()


class Line:
    """One line of text: its text, position (from the top of the page), median font size, whether all of
    it is bold, and its number of visible characters."""

    def __init__(self, text: str, top: float, bottom: float, x0: float, size: float, bold: bool, weight: int):
        self.text, self.top, self.bottom, self.x0, self.size, self.bold, self.weight = text, top, bottom, x0, size, bold, weight

    @classmethod
    def from_plumber(cls, raw: dict) -> "Line":
        chars = [c for c in raw["chars"] if c["text"].strip()]
        return cls(raw["text"].strip(), raw["top"], raw["bottom"], raw["x0"],
                   round(median(c["size"] for c in chars), 1) if chars else 0.0,
                   bool(chars) and all(_bold(c["fontname"]) for c in chars), len(chars))


def _inside(obj: dict, boxes) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page) -> list:
    """Lines (outside tables) and tables (row lists) of one page, top to bottom."""
    tables = [t for t in page.find_tables() if _is_table(t)]
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    lines = [Line.from_plumber(raw) for raw in text_page.extract_text_lines(return_chars=True, strip=True)]
    items = [(ln.top, ln) for ln in lines if ln.text] + [(t.bbox[1], t.extract()) for t in tables]
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _pdfium_lines(page, textpage) -> list[Line]:
    """The page's text objects grouped into lines as pdfplumber groups characters: tops within
    Y_TOLERANCE of the previous one make a line, objects more than X_TOLERANCE apart are a word apart
    (measured to the last glyph's ink here, to its advance by pdfplumber). A run's box is pdfplumber's:
    from the baseline plus the font's descent, one font size high."""
    height, runs, fonts = page.get_height(), [], {}
    m, size, right, ignored = pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for n in range(pdfium_c.FPDFPage_CountObjects(page.raw)):  # the raw API: pypdfium2's wrappers cost more than the calls
        obj = pdfium_c.FPDFPage_GetObject(page.raw, n)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        length = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
        buffer = ctypes.create_string_buffer(length)
        pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), length)
        text = buffer.raw[:length - 2].decode("utf-16-le", "replace")
        if not text.strip():
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        pdfium_c.FPDFTextObj_GetFontSize(obj, size)
        pdfium_c.FPDFPageObj_GetBounds(obj, ignored, ignored, right, ignored)
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value
        if key not in fonts:
            fonts[key] = _font_style(font)
        bold, descent = fonts[key]
        scale = math.hypot(m.c, m.d)
        bottom = height - (m.f + descent * size.value * scale)
        runs.append((bottom - size.value * scale, bottom, m.e, right.value, text, size.value * scale, bold, len("".join(text.split()))))
    lines, group = [], []
    for run in sorted(runs, key=lambda r: r[0]) + [None]:
        if group and (run is None or run[0] > group[-1][0] + Y_TOLERANCE):
            group.sort(key=lambda r: r[2])
            text = group[0][4]
            for before, after in zip(group, group[1:]):
                text += (" " if after[2] > before[3] + X_TOLERANCE and not text[-1:].isspace() else "") + after[4]
            sizes = [r[5] for r in group for _ in range(r[7])]  # one per visible character, as pdfplumber's median
            lines.append(Line(" ".join(text.split()), min(r[0] for r in group), max(r[1] for r in group), group[0][2],
                              round(median(sizes), 1) if sizes else 0.0, all(r[6] for r in group), len(sizes)))
            group = []
        if run is not None:
            group.append(run)
    return lines


def _font_style(font) -> tuple[bool, float]:
    """(whether the font is bold, its descent per point of font size, negative)."""
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, name, length)
    descent = ctypes.c_float()
    pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent)
    return _bold(name.value.decode("utf-8", "replace")), descent.value


def _may_hold_table(page) -> bool:
    """Whether pdfplumber's table finder could find a table of two rows and two columns here: that takes
    at least three horizontal and three vertical ruling lines (line or rectangle sides, of at least EDGE
    points), or a form object (whose contents are not looked into)."""
    across = down = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=0):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            return True
        m = obj.get_matrix()
        start = previous = None
        for n in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, n)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            ends = []
            if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            elif previous is not None:
                ends.append((previous, point))
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                ends.append((point, start))
            for (x0, y0), (x1, y1) in ends:
                across += abs(y1 - y0) < 1 and abs(x1 - x0) >= EDGE
                down += abs(x1 - x0) < 1 and abs(y1 - y0) >= EDGE
            previous = point
            if across >= 3 and down >= 3:
                return True
    return False


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


def _read_pages(path, data: bytes) -> list[list]:
    """Each page's lines and tables, top to bottom: by pypdfium2, or by pdfplumber where a table may be."""
    pdf, plumber, pages = pypdfium2.PdfDocument(data), None, []
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            if _may_hold_table(page):
                plumber = plumber or pdfplumber.open(io.BytesIO(data))
                plumbed = plumber.pages[number - 1]
                pages.append(_page_items(plumbed))
                plumbed.flush_cache()  # keep memory flat: only the page's words and tables are kept
            else:
                textpage = page.get_textpage()
                pages.append(_pdfium_lines(page, textpage))
                textpage.close()
            page.close()
            if number % PROGRESS_EVERY == 0:
                log.info("  %s: page %d/%d", Path(str(path)).name, number, len(pdf))
    finally:
        if plumber:
            plumber.close()
        pdf.close()
    return pages


def read_pdf(path, data: bytes):
    try:
        pages = _read_pages(path, data)
    except Exception as err:  # PDFium and pdfminer raise many types for damaged, truncated or encrypted files
        if err.args and isinstance(err.args[0], Exception):  # pdfplumber wraps pdfminer's error
            err = err.args[0]
        if "password" in type(err).__name__.lower() or any(w in str(err).lower() for w in ("encrypt", "password")):
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
