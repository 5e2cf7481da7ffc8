"""Recover blocks (headings, paragraphs, list items, tables) from plain or Markdown text.

Offsets always point into the text as given, so `text[block.start:block.end]`
is the block. Works on what exported reports look like: headings as short
lines without a final full stop, bullets (•, -, *, numbers), pipe tables,
tables flattened one cell a line under headers such as *Behaald 2016*, and
page-footer boilerplate (kept in the text, dropped from the blocks).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Block, Span

BULLET = re.compile(r"^[ \t]*(?:[•●▪◦·‣∙*\-–—]|\d{1,2}[.)]|[a-z][.)])[ \t]+(?=\S)")
MD_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(?=\S)")
NUMBERED_HEADING = re.compile(r"^[ \t]*(\d{1,2}(?:\.\d{1,2}){0,5})\.?[ \t]+\S")
PIPE_SEPARATOR = re.compile(r"^[ \t|:]*-{3,}[ \t|:-]*$")
BOILERPLATE = re.compile(
    r"^\s*(?:deze pagina is gebouwd op|gegenereerd op|geprint op|afgedrukt op|pagina \d+ van \d+|"
    r"page \d+ of \d+|\d{1,4}\s*$|(?:©|copyright)\s)",
    re.IGNORECASE,
)
# Column headers of indicator tables: the words that give a column's kind (nlp.indicators reads these too),
# a year, or both; and the columns that compare with others (national, regional, similar municipalities).
REALISED_WORDS = r"behaald|realisatie|gerealiseerd|werkelijk|resultaat|meting|jr|stand"
TARGET_WORDS = r"begroting|begroot|beoogd|streefwaarde|streef|streven|doel|norm|raming|geraamd|prognose|ambitie|target"
BASELINE_WORDS = r"nulmeting|nulsituatie|startwaarde|uitgangssituatie|uitgangswaarde|basis|referentiejaar"
BENCHMARK_WORDS = (r"nederland|nl|landelijk|regio|provincie|gemeenten(?: van)? gelijke grootte|gelijke gemeenten|g4|g40|"
                   r"referentie(?:gemiddelde|gemeenten|groep)?|\d{2,3}(?:\.\d{3})?\s*-\s*\d{2,3}(?:\.\d{3})?(?: inwoners)?")
# words that make a longer header a comparison column too (*Nederland 2021*, *Gemeenten van gelijke grootte*)
BENCHMARK_IN_HEADER = r"nederland|landelijk|regio|gelijke grootte|g40|referentie"
YEAR_COLUMN_WORDS = r"peiljaar|jaar|jaartal|periode|peildatum|meetjaar"  # a column holding each row's year
HEADER_KIND = rf"{BASELINE_WORDS}|{REALISED_WORDS}|{TARGET_WORDS}|referentie"
HEADER_CELL = re.compile(rf"^(?:(?:{HEADER_KIND})(?:[ \t]+(?:19|20)\d\d)?|(?:19|20)\d\d|{BENCHMARK_WORDS}|{YEAR_COLUMN_WORDS})$", re.IGNORECASE)
HEADER_KIND_ONLY = re.compile(rf"^(?:{HEADER_KIND})$", re.IGNORECASE)
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
VALUE_CELL = re.compile(
    r"^(?:[-–—.]|n\.?v\.?t\.?|[<>≥≤~±+-]?\s*(?:ca\.?\s*|ruim\s+|circa\s+)?[€$]?\s*\d[\d.,]*\s*(?:%|procent|mln|mld|k|x|euro)?(?:\s*\(\d[\d.,]*%?\))?"
    r"|(?:lichte?|sterke?|forse?)?\s*(?:stijging|daling|stabiel|gelijk|toename|afname|hoger|lager|onbekend|n\.b\.)"
    r"|(?-i:[A-Z]{1,3})|pm|n\.b\.?|n\.n\.b\.?|ja|nee|behaald|niet behaald)$",
    re.IGNORECASE,
)


def header_text(cell: str) -> str:
    """A header cell as matched: white space folded, words split by a hyphen joined (*Streef-waarde*), a footnote digit dropped."""
    s = " ".join(cell.split())
    s = re.sub(r"(?<=[^\W\d])- ?(?=[^\W\d])", "", s)
    s = re.sub(r"(?<=\d)- (?=\d)", "-", s)  # 100.000- / 300.000
    return re.sub(r"(?<=[^\W\d])\d$", "", s)


MAX_COLUMNS = 24  # a flattened table has at most this many header cells
SENTENCE_END = re.compile(r"[.!;:,]\s*$")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(raw)
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so that it has no surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading_line(line: str, next_line: str | None, markdown: bool) -> bool:
    s = line.strip()
    if not s or len(s) > 160 or BULLET.match(line) or "|" in s or next_line is None:
        return False
    if markdown and MD_HEADING.match(line):
        return True
    if not (s[0].isupper() or s[0].isdigit()) or SENTENCE_END.search(s) or len(s.split()) > 16:
        return False
    return not VALUE_CELL.match(s) or bool(NUMBERED_HEADING.match(s))


def _heading_level(line: str, markdown: bool, first: bool) -> int:
    m = MD_HEADING.match(line) if markdown else None
    if m:
        return len(m.group(1))
    m = NUMBERED_HEADING.match(line)
    if m and not YEAR_ONLY.match(m.group(1)):
        return min(2 + m.group(1).count("."), 6)
    return 1 if first else 2


# the header over a table's row labels: "Indicator", "Omschrijving" (a plural such as "Indicatoren" is a heading)
LABEL_HEADER = re.compile(r"^(?:(?:naam |prestatie|effect|beleids)?[- ]?indicator|omschrijving|onderwerp|kengetal|indicator(?:naam)?)$", re.IGNORECASE)
ROW_NUMBER = re.compile(r"^\d{1,2}\.?$")
SHORT_HEADER_WORDS = 3  # an unknown header cell (a municipality's own name) after a label header is this short


def _flattened_table(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Block, int] | None:
    """A table flattened one cell a line: an optional label header, headers (kind, year, comparison), then rows
    of an optional row number, a label and up to one value a line."""
    first = header_text(text[lines[i][0]:lines[i][1]].strip())
    if not (HEADER_CELL.match(first) or HEADER_KIND_ONLY.match(first) or LABEL_HEADER.match(first)):
        return None
    cells: list[tuple[str, Span, int]] = []  # (text, span, line index) of non-blank lines, read on demand
    line_no = i

    def cell(k):
        nonlocal line_no
        while len(cells) <= k and line_no < len(lines):
            a, b = _strip(text, *lines[line_no])
            if b > a:
                cells.append((text[a:b], Span(a, b), line_no))
            line_no += 1
        return cells[k] if k < len(cells) else ("", None, None)

    label_header = [cell(0)[1]] if LABEL_HEADER.match(first) else []
    headers, k = [], len(label_header)
    while True:
        if len(headers) > MAX_COLUMNS:
            return None  # a long run of years or header words is not a table header (and must not be rescanned per line)
        s, span, _ = cell(k)
        h, nxt = header_text(s), cell(k + 1)[0]
        if HEADER_KIND_ONLY.match(h) and YEAR_ONLY.match(nxt) and not YEAR_ONLY.match(cell(k + 2)[0]):  # Werkelijk / 2017
            headers.append(Span(span.start, cell(k + 1)[1].end))
            k += 2
        elif s.endswith("-") and nxt[:1].isdigit() and HEADER_CELL.match(h + nxt):  # 100.000- / 300.000
            headers.append(Span(span.start, cell(k + 1)[1].end))
            k += 2
        elif s and HEADER_CELL.match(h):
            headers.append(span)
            k += 1
        elif (label_header and headers and s and len(s.split()) <= SHORT_HEADER_WORDS and not VALUE_CELL.match(s)
              and nxt and not VALUE_CELL.match(nxt)):
            headers.append(span)  # a column named otherwise, such as the municipality's own
            k += 1
        else:
            break
    n = _value_columns([header_text(text[h.start:h.end]) for h in headers])
    if n < 2 and not (label_header and n == 1):
        return None
    rows = [tuple(label_header + headers)]
    while True:
        label, label_span, _ = cell(k)
        if ROW_NUMBER.match(label) and _label_like(cell(k + 1)[0]):
            k += 1
            label, label_span, _ = cell(k)
        if not _label_like(label):
            break
        values, j = [], k + 1
        while len(values) < n:
            v, v_span, _ = cell(j)
            if not v or not VALUE_CELL.match(v) or (ROW_NUMBER.match(v) and _label_like(cell(j + 1)[0]) and len(values) < n - 1):
                break
            values.append(v_span)
            j += 1
        if not values:
            break
        bullet = BULLET.match(label)
        if bullet:
            label_span = Span(label_span.start + bullet.end(), label_span.end)
        rows.append((label_span, *values))
        k = j
    if len(rows) < 2:
        return None
    return Block("table", rows[0][0].start, rows[-1][-1].end, rows=tuple(rows), header_rows=1), cells[k - 1][2] + 1


def _label_like(s: str) -> bool:
    """A row label: words, not a value or a header cell, not a sentence of a paragraph."""
    return (bool(s) and any(ch.isalpha() for ch in s) and not VALUE_CELL.match(s) and not HEADER_CELL.match(header_text(s))
            and len(s) <= 300 and not s.endswith(":"))


def _value_columns(headers: list[str]) -> int:
    """How many value columns the header cells make: a run of kind words over a run of years (*Realisatie,
    Begroting / 2017, 2018*) pairs them when as many, else the first kind spans the years and the rest
    follow without a year (*Realisatie, Streefwaarde / 2013 ... 2016*)."""
    kinds = [h for h in headers if HEADER_KIND_ONLY.match(h)]
    years = [h for h in headers if YEAR_ONLY.match(h)]
    if kinds and years and headers == kinds + years:
        return len(years) if len(kinds) == len(years) else len(years) + len(kinds) - 1
    return len(headers)


INLINE_HEADER = re.compile(rf"(?:(?:{HEADER_KIND})[ \t]+)?(?:19|20)\d\d\b|\b(?:{HEADER_KIND})\b", re.IGNORECASE)
INLINE_VALUE = r"(?:[-–—]|[<>~±+-]?[€]?\d[\d.,]*(?:[ \t]?%)?|(?i:stabiel|stijging|daling|gelijk|n\.?v\.?t\.?|pm))"
MAX_HEADER_WORDS = 14


def _aligned_table(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Block, int] | None:
    """A table laid out with spaces, one row a line: a header line of kind/year columns
    (*Indicator  Realisatie 2021  Begroting 2022*), then rows of a label and one value per column."""
    a, b = lines[i]
    header = text[a:b]
    if len(header.split()) > MAX_HEADER_WORDS:  # first: most lines are paragraphs
        return None
    cells = list(INLINE_HEADER.finditer(header))
    if len(cells) < 2 or len(re.sub(INLINE_HEADER, "", header).split()) > 2:
        return None
    n = len(cells)
    row_pattern = re.compile(r"^[ \t]*(?P<label>.*?[^\W\d].*?)" + "".join(rf"[ \t]+(?P<v{k}>{INLINE_VALUE})" for k in range(n)) + r"[ \t]*$")
    rows = [tuple(Span(a + c.start(), a + c.end()) for c in cells)]
    j = i + 1
    while j < len(lines):
        x, y = lines[j]
        m = row_pattern.match(text[x:y])
        if not m:
            if text[x:y].strip():
                break
            j += 1
            continue
        rows.append((Span(x + m.start("label"), x + m.end("label")), *(Span(x + m.start(f"v{k}"), x + m.end(f"v{k}")) for k in range(n))))
        j += 1
    if len(rows) < 2:
        return None
    return Block("table", rows[0][0].start, rows[-1][-1].end, rows=tuple(rows), header_rows=1), j


GLUED_KIND = re.compile(rf"(?:{HEADER_KIND})", re.IGNORECASE)
SOURCE_LINE = re.compile(r"^\s*(?:bron|toelichting)\s*:", re.IGNORECASE)
DUTCH_NUMBER = re.compile(r"[<>≥≤]?\s*(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*(?:%|weken|dagen|maanden)?")


def _glued_table(text: str, lines: list[tuple[int, int]], i: int) -> tuple[Block, int] | None:
    """A table whose cells an export ran together: a header line of glued kind words (*Omschrijving
    indicatorNulmetingAmbitie*), then per row a label line, optional *bron:* lines, and a line of as many
    glued values (*3.8323.934*, *615640*, *40> 40*), split where each part is a well-formed Dutch number."""
    a, b = lines[i]
    header = text[a:b]
    if len(header.split()) > 8:
        return None
    kinds = list(GLUED_KIND.finditer(header))
    if len(kinds) < 2 or not any(m.start() and header[m.start() - 1].isalpha() for m in kinds):
        return None  # not glued: a header of separate words is read by the other layouts
    n, rows, j = len(kinds), [tuple(Span(a + m.start(), a + m.end()) for m in kinds)], i + 1
    if j < len(lines) and GLUED_YEARS.match(text[slice(*lines[j])]):
        return _glued_year_table(text, lines, j, rows)
    while j < len(lines):
        la, lb = _strip(text, *lines[j])
        if lb == la:
            j += 1
            continue
        if not any(ch.isalpha() for ch in text[la:lb]) or VALUE_CELL.match(text[la:lb]):
            break
        k = j + 1
        while k < len(lines) and SOURCE_LINE.match(text[slice(*lines[k])]):
            k += 1
        if k >= len(lines):
            break
        va, vb = _strip(text, *lines[k])
        parts = _split_glued(text[va:vb], n)
        if parts is None:
            break
        rows.append((Span(la, lb), *(Span(va + x, va + y) for x, y in parts)))
        j = k + 1
    if len(rows) < 2:
        return None
    return Block("table", rows[0][0].start, rows[-1][-1].end, rows=tuple(rows), header_rows=1), j


GLUED_YEARS = re.compile(r"^\s*(?:(?:19|20)\d\d){2,}\s*$")
GLUED_ROW = re.compile(r"^\s*(?P<label>.*[^\W\d_)])\s*(?P<values>[<>≥≤]?\d[\d.,%]*)\s*$")


def _glued_year_table(text: str, lines: list[tuple[int, int]], j: int, rows: list[tuple[Span, ...]]) -> tuple[Block, int] | None:
    """The glued table whose years are run together too (*201220132014...*), each row a label with its
    values glued to it (*Aandeel jongeren met jeugdhulp9,510,39,9*): empty cells are left out of such an
    export, so which year a value has cannot be read; each row is one label and one cell of its glued values."""
    a, b = _strip(text, *lines[j])
    rows.append(tuple(Span(a + k, a + k + 4) for k in range(0, b - a, 4)))
    j += 1
    while j < len(lines):
        m = GLUED_ROW.match(text[slice(*lines[j])])
        if not m:
            break
        x = lines[j][0]
        rows.append((Span(x + m.start("label"), x + m.end("label")), Span(x + m.start("values"), x + m.end("values"))))
        j += 1
    if len(rows) < 3:
        return None
    return Block("table", rows[0][0].start, rows[-1][-1].end, rows=tuple(rows), header_rows=1), j


MAX_GLUED = 60  # longer value lines are not tried: the splits to weigh grow with the length


def _split_glued(s: str, n: int) -> list[tuple[int, int]] | None:
    """Offsets of n well-formed values that make up `s` exactly, the most even split; None if there is none."""
    if len(s) > MAX_GLUED:
        return None
    best = None

    def walk(pos: int, parts: list[tuple[int, int]]):
        nonlocal best
        if len(parts) == n:
            if pos == len(s):
                spread = max(y - x for x, y in parts) - min(y - x for x, y in parts)
                if best is None or spread < best[0]:
                    best = (spread, list(parts))
            return
        for end in range(pos + 1, len(s) + 1):
            piece = s[pos:end]
            if DUTCH_NUMBER.fullmatch(piece) and (end == len(s) or not s[end].isdigit() or re.search(r"[\d%a-z]$", piece)):
                if end < len(s) and s[end] in ".,":
                    continue  # a number does not end before its own separator
                walk(end, parts + [_strip(s, pos, end)])

    walk(0, [])
    return best[1] if best else None


def _pipe_rows(text: str, lines, i) -> tuple[list[tuple[Span, ...]], int]:
    """Consecutive pipe-table lines from i: the rows (cell spans) and the next line index."""
    rows = []
    while i < len(lines):
        a, b = lines[i]
        s = text[a:b]
        if PIPE_SEPARATOR.match(s):
            i += 1
            continue
        if "|" not in s or not s.strip():
            break
        cells, pos = [], a
        for part in s.split("|"):
            ca, cb = _strip(text, pos, pos + len(part))
            if cb > ca:
                cells.append(Span(ca, cb))
            pos += len(part) + 1
        if cells:
            rows.append(tuple(cells))
        i += 1
    return rows, i


def parse_text(text: str, markdown: bool = False) -> list[Block]:
    """Blocks of a plain-text (or Markdown) document, in reading order."""
    lines = _lines(text)
    next_text: list[str | None] = [None] * len(lines)  # the next non-blank line after each line
    for j in range(len(lines) - 1, 0, -1):
        line = text[slice(*lines[j])]
        next_text[j - 1] = line if line.strip() else next_text[j]
    blocks: list[Block] = []
    numbered_level = 1  # plain headings nest under the last numbered one
    i = 0
    while i < len(lines):
        a, b = lines[i]
        line = text[a:b]
        s = line.strip()
        prev_is_text = i > 0 and blocks and blocks[-1].kind == "paragraph" and blocks[-1].end >= lines[i - 1][0] and text[slice(*lines[i - 1])].strip()
        if not s or BOILERPLATE.match(s) or (markdown and re.fullmatch(r"[-*_]{3,}", s)):
            i += 1
            continue
        if "|" in s and (PIPE_SEPARATOR.match(s) or (i + 1 < len(lines) and "|" in text[slice(*lines[i + 1])])):
            rows, i = _pipe_rows(text, lines, i)
            if rows and all(len(r) == 1 for r in rows):
                blocks.extend(Block("paragraph", r[0].start, r[0].end) for r in rows)  # layout, not data
            elif rows:
                header = 1 if len(rows) > 1 else 0
                blocks.append(Block("table", rows[0][0].start, rows[-1][-1].end, rows=tuple(rows), header_rows=header))
            continue
        table = _flattened_table(text, lines, i) or _aligned_table(text, lines, i) or _glued_table(text, lines, i)
        if table:
            blocks.append(table[0])
            i = table[1]
            continue
        bullet = BULLET.match(line)
        if bullet:
            start, end = _strip(text, a + bullet.end(), b)
            i += 1
            while i < len(lines) and _continues(text, lines, i):
                end = _strip(text, start, lines[i][1])[1]
                i += 1
            blocks.append(Block("list_item", start, end))
            continue
        nxt_blank = i + 1 < len(lines) and not text[slice(*lines[i + 1])].strip()
        nxt = next_text[i]
        # a short unpunctuated line that ends a paragraph (no blank before, blank after) is its last line
        wrapped = i + 1 < len(lines) and _continues(text, lines, i + 1)
        if _is_heading_line(line, nxt, markdown) and not wrapped and not (prev_is_text and nxt_blank and not MD_HEADING.match(line)):
            m = MD_HEADING.match(line) if markdown else None
            start, end = _strip(text, a + (m.end() if m else 0), b)
            level = _heading_level(line, markdown, first=not blocks)
            if NUMBERED_HEADING.match(line) and not m:
                numbered_level = level
            elif not m and level > 1:
                level = numbered_level + 1
            blocks.append(Block("heading", start, end, level=level))
            i += 1
            continue
        start, end = _strip(text, a, b)
        i += 1
        while i < len(lines) and _continues(text, lines, i):
            end = _strip(text, start, lines[i][1])[1]
            i += 1
        blocks.append(Block("paragraph", start, end))
    return blocks


WRAP_WIDTH = 60  # a line this long that ends in a function word or comma was wrapped by the exporter
FUNCTION_WORDS = frozenset("de het een en of van in op met voor aan te die dat om bij naar door als tot over uit onder tussen zijn is wordt worden".split())


def _continues(text: str, lines, i: int) -> bool:
    """A hard-wrapped line: the previous line has no final punctuation and this one starts in lower case
    or the previous line is as long as wrapped lines are."""
    prev = text[lines[i - 1][0]:lines[i - 1][1]].rstrip()
    cur = text[lines[i][0]:lines[i][1]].strip()
    if not prev or not cur or prev.endswith((".", "!", "?", ":", ";", "|")) or BULLET.match(text[lines[i][0]:lines[i][1]]) or "|" in cur:
        return False
    last = prev.split()[-1].lower()
    return cur[0].islower() or (len(prev.strip()) >= WRAP_WIDTH and (last in FUNCTION_WORDS or last.endswith(",")))


MAX_BLOCK_CHARS = 5_000  # a paragraph or list item longer than this is split (the analysis's work per block stays bounded)
SENTENCE_BREAK = re.compile(r"[.!?][)\"'»”’]*\s+")
SPACE = re.compile(r"\s+")


def split_long_blocks(text: str, blocks: list[Block], limit: int = MAX_BLOCK_CHARS) -> tuple[list[Block], list[str]]:
    """Paragraphs and list items of more than `limit` characters cut into pieces of at most `limit`, at the
    last sentence end (else white space) in the second half of each piece; and a warning naming the first
    offset, if any was cut. Linear in the text."""
    out, split = [], []
    for block in blocks:
        if block.kind not in ("paragraph", "list_item") or block.end - block.start <= limit:
            out.append(block)
            continue
        split.append(block.start)
        start = block.start
        while block.end - start > limit:
            window = text[start + limit // 2:start + limit + 1]
            cut = [m.end() for m in SENTENCE_BREAK.finditer(window)] or [m.start() for m in SPACE.finditer(window)]
            end = start + limit // 2 + cut[-1] if cut else start + limit
            piece = _strip(text, start, end)
            out.append(replace(block, start=piece[0], end=piece[1]))
            start = _strip(text, end, block.end)[0]
        out.append(replace(block, start=start))
    if not split:
        return out, []
    return out, [f"{len(split)} block{'s' * (len(split) != 1)} of more than {limit:,} characters without a paragraph break "
                 f"(the first at offset {split[0]:,}) split at sentence or word boundaries"]
