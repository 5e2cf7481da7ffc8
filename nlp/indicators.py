"""Indicators: table rows with year/kind column headers, and quantified targets and results in running text."""
from __future__ import annotations

import re

REALISED_WORDS = r"behaald|realisatie|gerealiseerd|werkelijk|resultaat"
TARGET_WORDS = r"begroting|begroot|beoogd|streefwaarde|streven|doel|norm|raming|prognose"
BASELINE_WORDS = r"nulmeting|uitgangssituatie|basis|referentie"
KIND_OF_HEADER = [
    ("realised", re.compile(rf"\b(?:{REALISED_WORDS})", re.I)),
    ("target", re.compile(rf"\b(?:{TARGET_WORDS})", re.I)),
    ("baseline", re.compile(rf"\b(?:{BASELINE_WORDS})", re.I)),
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


def header_kind_year(header: str, doc_year: int) -> tuple[str, int | None]:
    """The kind and year a column header gives its values."""
    year_m = YEAR.search(header)
    year = int(year_m.group(1)) if year_m else None
    for kind, pattern in KIND_OF_HEADER:
        if pattern.search(header):
            return kind, year
    return ("realised" if year is None or year < doc_year else "target"), year


def table_indicators(doc, block) -> list[tuple[tuple[int, int], str, list[dict]]]:
    """(span of the row label, label, values) for every data row of a table with year/kind headers."""
    if not block.header_rows or len(block.rows) < 2:
        return []
    headers = [" ".join(doc.block_text(c).split()) for c in block.rows[0]]
    if not any(YEAR.search(h) or any(p.search(h) for _, p in KIND_OF_HEADER) for h in headers):
        return []
    out = []
    for row in block.rows[block.header_rows:]:
        label_cell, value_cells = row[0], row[1:]
        offset = len(headers) - len(value_cells)  # header row may or may not have a label column
        values = []
        for n, cell in enumerate(value_cells):
            h = n + offset
            if not 0 <= h < len(headers):
                continue
            parsed = parse_value(doc.block_text(cell))
            if parsed is None:
                continue
            kind, year = header_kind_year(headers[h], doc.meta.year)
            values.append({"year": year, "kind": kind, **parsed})
        label = " ".join(doc.block_text(label_cell).split())
        if values and any(ch.isalpha() for ch in label):
            out.append(((label_cell.start, label_cell.end), label, values))
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
