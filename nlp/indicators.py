"""Indicators: table rows with year/kind column headers, and quantified targets and results in running text."""
from __future__ import annotations

import re

REALISED_WORDS = r"behaald|realisatie|gerealiseerd|werkelijk|resultaat|meting|jr\b|stand"
TARGET_WORDS = r"begroting|begroot|beoogd|streefwaarde|streef|streven|doel|norm|raming|geraamd|prognose|ambitie|target"
BASELINE_WORDS = r"nulmeting|nulsituatie|startwaarde|uitgangssituatie|uitgangswaarde|basis|referentiejaar"
# columns that compare with others: never the municipality's own values
BENCHMARK_WORDS = (r"nederland|nl\b|landelijk|regio|provincie|gemeenten\b|gelijke grootte|g4\b|g40\b|"
                   r"referentie(?:gemiddelde|gemeenten|groep)?\b|\d{2,3}[.]?\d{3}\s*-\s*\d{2,3}[.]?\d{3}|inwoners")
BENCHMARK = re.compile(rf"\b(?:{BENCHMARK_WORDS})", re.I)
KIND_OF_HEADER = [
    ("baseline", re.compile(rf"\b(?:{BASELINE_WORDS})", re.I)),
    ("realised", re.compile(rf"\b(?:{REALISED_WORDS})", re.I)),
    ("target", re.compile(rf"\b(?:{TARGET_WORDS})", re.I)),
]
REPORT_TYPES = frozenset(
    "jaarverslag jaarrekening voortgangsrapportage bestuursrapportage rapportage verantwoording monitor evaluatie "
    "tussenrapportage burap marap jaarstukken".split()
)
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


def parse_value(printed: str) -> dict | None:
    """A value as printed in a Dutch report: '6.470' -> 6470, '75,0 %' -> '75%', 'ruim 11.000' -> 11000, 'Stabiel'."""
    s = " ".join(printed.split()).rstrip(".")
    if not s or s in "-–—" or s.lower() in ("n.v.t", "nvt", "n.b", "pm", "onbekend"):
        return None
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
        text = num.replace(".", "").rstrip("0").rstrip(",") if "," in num else num
        out.update(value=f"{text}%", number=value, unit="%")
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


def header_kind_year(header: str, doc_year: int, report: bool = False) -> tuple[str, int | None]:
    """The kind and year a column header gives its values; a bare year is realised up to the document's
    year in a report (jaarverslag, voortgangsrapportage, ...), before it in a plan, and a target after."""
    year_m = YEAR.search(header)
    year = int(year_m.group(1)) if year_m else None
    for kind, pattern in KIND_OF_HEADER:
        if pattern.search(header):
            return kind, year
    if year is None:
        return "realised", None
    return ("realised" if year < doc_year or (report and year == doc_year) else "target"), year


def table_rows(doc, block) -> list[tuple[tuple[int, int], list[dict], list[dict]]]:
    """(span of the row label, values, benchmark values) of every data row of a table.

    Column headers give each value its kind and year; a column headed by a comparison
    (*Nederland*, *regio*, *gemeenten van gelijke grootte*, *G40*) gives benchmark values,
    never the municipality's own. A table without headers still gives its rows, valueless.
    """
    if len(block.rows) < 1:
        return []
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    headers = [" ".join(doc.block_text(c).split()) for c in block.rows[0]] if block.header_rows else []
    out = []
    for row in block.rows[block.header_rows:]:
        label_cell, value_cells = row[0], row[1:]
        label = " ".join(doc.block_text(label_cell).split())
        if not any(ch.isalpha() for ch in label):
            continue
        offset = len(headers) - len(value_cells)  # the header row may or may not have a label column
        values, benchmark = [], []
        for n, cell in enumerate(value_cells):
            h = n + offset
            if headers and not 0 <= h < len(headers):
                continue
            parsed = parse_value(doc.block_text(cell))
            if parsed is None:
                continue
            header = headers[h] if headers else ""
            if not headers or not (YEAR.search(header) or BENCHMARK.search(header) or any(p.search(header) for _, p in KIND_OF_HEADER)):
                continue  # a column that says nothing of year or kind
            kind, year = header_kind_year(header, doc.meta.year, report)
            if BENCHMARK.search(header):
                benchmark.append({"year": year, "kind": kind, "of": header, **parsed})
            else:
                values.append({"year": year, "kind": kind, **parsed})
        out.append(((label_cell.start, label_cell.end), values, benchmark))
    return out


TARGET_CUE = re.compile(r"\b(?:ambitie|doel(?:stelling)?|streven|streefwaarde|norm|willen|wil)\b", re.I)
BASELINE_CUE = re.compile(r"\bnulmeting\b|\buitgangssituatie\b", re.I)
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
        if depth > 0 or (YEAR.fullmatch(num) and not m.group("unit")) or any(after.startswith(mo) for mo in MONTHS):
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
    """Values of a quantified target or result stated in a sentence, or [] if it states none."""
    if not DIGIT.search(text):  # no number, no value: most sentences, found before the cue regexes run
        return []
    if BASELINE_CUE.search(text):
        kind = "baseline"
    elif TARGET_CUE.search(text):
        kind = "target"
    elif RESULT_CUE.search(text):
        kind = "realised"
    else:
        return []
    quantities = sentence_quantities(text)
    if not quantities:
        return []
    years = [int(y) for y in YEAR.findall(text)]
    year = years[0] if years else doc_year
    return [{"year": year, "kind": kind, **number_value(m)} for m in quantities[:1]]
