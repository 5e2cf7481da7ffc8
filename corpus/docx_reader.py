"""Read Word documents (.docx): Heading N paragraphs, list paragraphs and tables."""
from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO
from xml.etree import ElementTree

from .model import CorpusError
from .textbuilder import TextBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"^(?:list|lijst)", re.IGNORECASE)


def _xml(archive: zipfile.ZipFile, name: str, path):
    try:
        return ElementTree.fromstring(archive.read(name))
    except KeyError:
        return None
    except ElementTree.ParseError as err:
        raise CorpusError(path, f"is not a valid .docx ({name}: {err})") from None


def _style_names(styles) -> dict[str, str]:
    """styleId -> style name ("Kop1" -> "heading 1" in a Dutch Word)."""
    if styles is None:
        return {}
    return {s.get(W + "styleId"): s.find(W + "name").get(W + "val")
            for s in styles.iter(W + "style") if s.find(W + "name") is not None}


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag in (W + "tab", W + "noBreakHyphen"):
            out.append("\t" if el.tag == W + "tab" else "-")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "\n".join(" ".join(line.split()) for line in "".join(out).split("\n")).strip()


def _kind(p, styles: dict[str, str]) -> tuple[str, int]:
    ppr = p.find(W + "pPr")
    style_id = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else ""
    for name in (styles.get(style_id, ""), style_id):
        m = HEADING_STYLE.match(name)
        if m:
            return "heading", max(1, int(m.group(1)))
        if TITLE_STYLE.match(name):
            return "heading", 1
    outline = ppr.find(W + "outlineLvl") if ppr is not None else None
    if outline is not None and outline.get(W + "val", "9").isdigit() and int(outline.get(W + "val")) < 6:
        return "heading", int(outline.get(W + "val")) + 1
    if (ppr is not None and ppr.find(W + "numPr") is not None) or LIST_STYLE.match(styles.get(style_id, style_id)):
        return "list_item", 0
    return "paragraph", 0


def _table(tbl, out: TextBuilder) -> None:
    rows, header = [], 0
    for tr in tbl.findall(W + "tr"):
        cells = [" ".join(_paragraph_text(p) for p in tc.iter(W + "p")) for tc in tr.findall(W + "tc")]
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "tblHeader") is not None and len(rows) == header:
            header += 1
        rows.append(cells)
    out.add_table(rows, header or 1)


def _walk(parent, styles: dict[str, str], out: TextBuilder) -> None:
    stack = [iter(parent)]  # an explicit stack: content controls may nest deeper than Python's recursion limit
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el.tag == W + "p":
            kind, level = _kind(el, styles)
            out.add(kind, _paragraph_text(el), level=level)
        elif el.tag == W + "tbl":
            _table(el, out)
        elif el.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            stack.append(iter(el))


def read_docx(path, data: bytes):
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            document = _xml(archive, "word/document.xml", path)
            styles = _style_names(_xml(archive, "word/styles.xml", path))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, RuntimeError, NotImplementedError) as err:
        raise CorpusError(path, f"is not a valid .docx (damaged zip archive: {err})") from None
    if document is None or document.find(W + "body") is None:
        raise CorpusError(path, "is not a valid .docx (no word/document.xml body)")
    out = TextBuilder()
    _walk(document.find(W + "body"), styles, out)
    return out.text, out.blocks, []
