"""Indicators: table rows with year/kind column headers, and quantified targets and results in running text."""
from __future__ import annotations

import re

from corpus.manifest import REPORT_TYPES
from corpus.structure import (
    BASELINE_WORDS,
    BENCHMARK_IN_HEADER,
    BENCHMARK_WORDS,
    HEADER_CELL,
    HEADER_KIND_ONLY,
    LABEL_HEADER,
    REALISED_WORDS,
    TARGET_WORDS,
    YEAR_COLUMN_WORDS,
    YEAR_ONLY,
    header_text,
)

BENCHMARK = re.compile(rf"^(?:{BENCHMARK_WORDS})$|\b(?:{BENCHMARK_IN_HEADER})", re.I)
YEAR_COLUMN = re.compile(rf"^(?:{YEAR_COLUMN_WORDS})$", re.I)
DESCRIPTIVE_COLUMN = re.compile(r"^(?:eenheid|bron|toelichting|definitie|omschrijving|opmerkingen?|taakveld)$", re.I)  # text, never values
OWN_VALUE_COLUMN = re.compile(r"^(?:waarde|gemeente|score)$", re.I)  # with the municipality's own name: its values
KIND_OF_HEADER = [
    ("baseline", re.compile(rf"\b(?:{BASELINE_WORDS})", re.I)),
    ("realised", re.compile(rf"\b(?:{REALISED_WORDS})\b", re.I)),
    ("target", re.compile(rf"\b(?:{TARGET_WORDS})", re.I)),
]
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
DIGIT = re.compile(r"\d")
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december jan feb mrt apr jun jul aug sep sept okt nov dec".split()
NUMBER = re.compile(
    r"(?P<qual>\b(?:ruim|circa|ca\.|bijna|ongeveer|zo'n|zo’n|meer dan|minder dan|minimaal|maximaal|tenminste|ten minste)\s+)?"
    r"(?P<num>(?<![\w.,])[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|(?<![\w.,])[-+]?\d+(?:,\d+)?)"
    r"(?P<unit>\s*(?:%|procent\b)|\s*(?:mln|miljoen|mld|miljard)\b(?:\s*euro\b)?|\s*euro\b)?",
    re.I,
)
SCALE = {"mln": 1e6, "miljoen": 1e6, "mld": 1e9, "miljard": 1e9}
QUALITATIVE = re.compile(r"^(?:(?:lichte?|sterke?|forse?)\s+)?(?:stijging|daling|stabiel|gelijk|toename|afname|hoger|lager)$", re.I)


NO_VALUE = frozenset(("", "-", "–", "—", ".", "n.v.t", "nvt", "n.b", "nb", "n.n.b", "nnb", "pm", "onbekend", "x"))
COMPARISON = re.compile(r"^[<>≥≤]=?\s*\d")
CURRENCY = re.compile(r"^(?:€|eur\b|euro\b)\s*", re.I)
FOOTNOTE = re.compile(r"\s*\(\s*\d[\d.,]*\s*%?\s*\)$")  # 325 (63): a part given beside the value


def parse_value(printed: str) -> dict | None:
    """A value as printed in a Dutch report: '6.470' -> 6470, '€ 151.108' -> 151108, '11,0%' -> '11,0%',
    'ruim 11.000' -> 11000, '≥ 20%' and '4 weken' as printed, 'Stabiel'; no value for '-', 'n.v.t.', 'n.n.b.'."""
    s = " ".join(printed.split()).rstrip(".")
    if s.lower() in NO_VALUE:
        return None
    if COMPARISON.match(s):
        return {"value": s, "printed": printed.strip()}
    s = FOOTNOTE.sub("", CURRENCY.sub("", s))
    m = NUMBER.fullmatch(s) or NUMBER.match(s)
    if m and m.end() >= len(s) - 1:
        return number_value(m)
    if QUALITATIVE.match(s):
        return {"value": s[0].upper() + s[1:], "printed": printed.strip()}
    return {"value": s, "printed": printed.strip()} if len(s) <= 40 else None


def number_value(m: re.Match) -> dict:
    num = m.group("num")
    value = float(num.replace(".", "").replace(",", "."))
    unit = (m.group("unit") or "").strip().lower()
    out = {"printed": m.group(0).strip()}
    if unit in ("%", "procent"):
        out.update(value=f"{num}%", number=value, unit="%")  # as printed: 11,0% stays 11,0%
        return out
    for word, factor in SCALE.items():
        if unit.startswith(word):
            value *= factor
            unit = "euro" if "euro" in unit else ""
    out["value"] = int(value) if value == int(value) else value
    if unit:
        out["unit"] = unit
    if m.group("qual"):
        out["qualifier"] = m.group("qual").strip().lower()
    return out


def header_kind_year(header: str, doc_year: int, report: bool = False, bare_years_are_targets: bool = False) -> tuple[str, int | None]:
    """The kind and year a column header gives its values. A bare year is a target in a table that has
    realised columns of its own (*JR 2016 | 2016 | 2017*); otherwise it is realised before the document's
    year (and in its year, in a report: jaarverslag, voortgangsrapportage, ...) and a target after."""
    year_m = YEAR.search(header)
    year = int(year_m.group(1)) if year_m else None
    for kind, pattern in KIND_OF_HEADER:
        if pattern.search(header):
            return kind, year
    if year is None:
        return "realised", None
    if bare_years_are_targets:
        return "target", year
    return ("realised" if year < doc_year or (report and year == doc_year) else "target"), year


def value_headers(doc, block) -> list[str]:
    """The header of every value column of a table, label column left out.

    A second header row of years or word ends (*Meting | Streef- / 2015 | waarde*) is joined to the first;
    a run of kind words over a run of years (*Realisatie, Begroting / 2017, 2018*) is paired one to one
    when as many, else the first kind spans the years and the others follow without one.
    """
    if not block.header_rows:
        return []
    cells = [header_text(doc.block_text(c)) for c in block.rows[0]]
    if cells and LABEL_HEADER.match(cells[0]):
        cells = cells[1:]
    if _header_rows(doc, block) == 2:
        second = [header_text(doc.block_text(c)) for c in block.rows[1]]
        cells = cells[-len(second):] if len(cells) > len(second) else cells
        cells = [header_text(f"{a}{b}" if a.endswith("-") else f"{a} {b}") for a, b in zip(cells, second)] + cells[len(second):]
    kinds = [h for h in cells if HEADER_KIND_ONLY.match(h)]
    years = [h for h in cells if YEAR_ONLY.match(h)]
    if kinds and years and cells == kinds + years:
        if len(kinds) == len(years):
            return [f"{k} {y}" for k, y in zip(kinds, years)]
        return [f"{kinds[0]} {y}" for y in years] + kinds[1:]
    return cells


def _header_rows(doc, block) -> int:
    """How many of the table's first rows are headers: its own header row, and a second one of years or word ends."""
    if not block.header_rows:
        return 0
    return 2 if len(block.rows) > 2 and _second_header(doc, block.rows[1]) else 1


def _second_header(doc, row) -> bool:
    return all(YEAR_ONLY.match(t) or (HEADER_CELL.match(t) and not t[:1].isdigit()) or t.islower()
               for t in (header_text(doc.block_text(c)) for c in row))


def table_rows(doc, block) -> list[tuple[tuple[int, int], list[dict], list[dict]]]:
    """(span of the row label, values, benchmark values) of every data row of a table.

    Column headers give each value its kind and year; a *peiljaar* column gives the row's year; a column
    headed by a comparison (*NL*, *Nederland*, *regio*, *100.000-300.000*, *G40*) gives benchmark values,
    never the municipality's own; a column headed *Waarde*, *Gemeente* or the municipality's name holds its
    own values, *Eenheid*, *Bron* or *Toelichting* none. A row with fewer values than dated columns cannot be
    placed in them and is an indicator without values; so is a row of a table without headers.
    """
    headers = value_headers(doc, block)
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    own_realised = any(KIND_OF_HEADER[1][1].search(h) for h in headers)
    year_column = next((k for k, h in enumerate(headers) if YEAR_COLUMN.match(h)), None)
    dated = sum(1 for h in headers if YEAR.search(h) or year_column is not None)
    first = _header_rows(doc, block)
    out = []
    for row in block.rows[first:]:
        label_cell, cells = row[0], row[1:]
        if not any(ch.isalpha() for ch in doc.block_text(label_cell)) or (headers and not cells):
            continue
        values, benchmark = [], []
        if headers and (len(cells) == len(headers) or (len(headers) > len(cells) >= dated)):
            row_year = _year_of(doc.block_text(cells[year_column])) if year_column is not None and year_column < len(cells) else None
            for header, cell in zip(headers, cells):
                parsed = parse_value(doc.block_text(cell))
                if parsed is None or YEAR_COLUMN.match(header) or DESCRIPTIVE_COLUMN.match(header):
                    continue
                benchmark_column = bool(BENCHMARK.search(header))
                kind, year = header_kind_year(header, doc.meta.year, report, own_realised and not benchmark_column)
                year = year if year is not None else row_year
                if benchmark_column:
                    benchmark.append({"year": year, "kind": kind, "of": header, **parsed})
                elif (YEAR.search(header) or row_year is not None or any(p.search(header) for _, p in KIND_OF_HEADER)
                      or OWN_VALUE_COLUMN.match(header) or header.lower() == doc.meta.municipality.lower()):
                    values.append({"year": year, "kind": kind, **parsed})
        out.append(((label_cell.start, label_cell.end), values, benchmark))
    return out


UNIT_PATTERNS = [  # (unit as exported, how a row label or table header says it), the first that matches
    ("x € 1.000", re.compile(r"x\s*€\s*1\.000|x\s*1\.000\s*euro|\(x\s*€\s*1\.000\)", re.I)),
    (None, re.compile(r"\bper\s+(\d{1,3}(?:\.\d{3})*)\s+([^\W\d]+)", re.I)),  # per 1.000 inwoners
    ("%", re.compile(r"^\s*%|\(\s*%|\bpercentage\b|\bprocent\b|%\s*(?:van|kinderen|jongeren)\b", re.I)),
    ("aantal", re.compile(r"^\s*aantal\b|\(\s*aantal\b", re.I)),
    ("euro", re.compile(r"€|\beuro\b", re.I)),
]


def indicator_unit(label: str, header: str = "") -> str | None:
    """The unit an indicator's label or its table's header states: '%', 'per 1.000 inwoners', 'aantal', 'x € 1.000', 'euro'."""
    for text in (label, header):
        for unit, pattern in UNIT_PATTERNS:
            m = pattern.search(text)
            if m:
                return unit or f"per {m.group(1)} {m.group(2).lower()}"
    return None


def _year_of(cell: str) -> int | None:
    m = YEAR.search(cell)
    return int(m.group(1)) if m else None


TARGET_CUE = re.compile(r"\b(?:ambitie|doel(?:stelling)?|streven|streefwaarde|norm|willen|wil|geraamd|begroot|raming|beoogd|verwacht)\b", re.I)
BASELINE_CUE = re.compile(r"\bnulmeting\b|\buitgangssituatie\b", re.I)
CLAUSE_BREAK = re.compile(r"[(;]|\bterwijl\b|\btegen\b|\bten opzichte van\b|\bnaar\b")
MAX_SENTENCE_VALUES = 4
RESULT_CUE = re.compile(
    r"\b(?:gerealiseerd|bereikt|verstrekt|toegekend|geholpen|bedroeg|bedraagt|op dit moment|inmiddels|momenteel|"
    r"(?:zijn|waren) er|maakte[n]? (?:daar |hier )?gebruik|deelnemers|aantal)\b",
    re.I,
)


def sentence_quantities(text: str) -> list[re.Match]:
    """Numbers in a sentence that are quantities: not years, dates, section numbers or numbers in parentheses."""
    out, depth, pos = [], 0, 0
    for m in NUMBER.finditer(text):
        depth += text.count("(", pos, m.start()) - text.count(")", pos, m.start())
        pos = m.start()
        num = m.group("num")
        after = text[m.end():m.end() + 12].lower().lstrip()
        before = text[max(0, m.start() - 12):m.start()].lower()
        inside = text[text.rfind("(", 0, m.start()) + 1:m.start()] if depth > 0 else ""
        if depth > 0 and not (TARGET_CUE.search(inside) or re.fullmatch(r"\s*(?:19|20)\d\d\s*:\s*", inside)):
            continue  # a number in brackets is context (*alle ouderen (40.000)*), unless it is a target or an earlier year's
        if (YEAR.fullmatch(num) and not m.group("unit")) or any(after.startswith(mo) for mo in MONTHS):
            continue
        if re.match(r"(?:meer|minder|hoger|lager|groter|kleiner|extra)\b", after):  # a change, not a level
            continue
        if re.search(r"(?:motie|amendement|artikel|art\.|prestatie|programma|niveau|diploma|hoofdstuk|paragraaf)\s*$", before):
            continue
        if re.match(r"[.\d]*\d\.\d", text[m.start():m.end() + 3]) and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
            continue
        out.append(m)
    return out


def sentence_values(text: str, doc_year: int) -> list[dict]:
    """The quantities a sentence states, each with its kind and year, or [] when it states none.

    A quantity's kind comes from the words of its own clause (*geraamd waren ca. 220*, *de ambitie
    is 48*), else from the sentence when it has one quantity; *van A naar B* makes A the earlier
    value (baseline) and B the realised one. Its year is the year written in its clause, else the
    sentence's first year, else the document's.
    """
    if not DIGIT.search(text):  # no number, no value: most sentences, found before the regexes run
        return []
    quantities = sentence_quantities(text)[:MAX_SENTENCE_VALUES]
    years = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
    out, previous_end = [], 0
    for m in quantities:
        breaks = [b.end() for b in CLAUSE_BREAK.finditer(text, previous_end, m.start())]
        clause_start = breaks[-1] if breaks else previous_end
        clause = text[clause_start:m.start()]
        if BASELINE_CUE.search(clause) or re.search(r"\bvan\s*$", clause) and re.match(r"\s*(?:in \d{4}\s*)?naar\b", text[m.end():]):
            kind = "baseline"
        elif TARGET_CUE.search(clause) or (len(quantities) == 1 and TARGET_CUE.search(text) and not RESULT_CUE.search(clause)):
            kind = "target"
        else:
            kind = "realised"
        near = [y for at, y in years if clause_start <= at < m.end() + 12 and not m.start() <= at < m.end()]
        year = near[0] if near else (years[0][1] if years else doc_year)
        if kind == "baseline" and not near:
            year = None
        out.append({"year": year, "kind": kind, **number_value(m)})
        previous_end = m.end()
    return out
