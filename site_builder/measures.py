"""One indicator, every municipality: the national BBV indicators, and indicator names that several
municipalities share once case, punctuation, digits and units are left out."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from nlp.bbv import indicator_set, normalise

from .charts import Series, kind_name, line_chart
from .exports import number_of
from .numbers import value_text
from .render import slug

CHART_LINES = 12  # municipalities drawn in one chart (the most values first); the table has them all
UNIT_WORDS = re.compile(r"^(?:aantal|percentage|aandeel|het|de)\s+|\s+(?:in\s+)?(?:%|procent|aantal|x?\s*€?\s*1\.000|per \d[\d.]* inwoners.*)$")


def name_key(title: str) -> str:
    """What a title is matched by across municipalities: normalised (nlp.bbv.normalise), without digits
    and without unit words at its start or end ("Aantal schuldhulptrajecten (aantal)" -> schuldhulptrajecten)."""
    s = re.sub(r"\d[\d.,]*", " ", normalise(title))
    s = " ".join(s.split())
    while (t := UNIT_WORDS.sub("", s).strip()) != s:
        s = t
    return s


def measure_views(items: list[dict], municipalities: list[str]) -> list[dict]:
    """A view per BBV indicator found, then per name shared by two or more municipalities (without a BBV
    code); each with its value rows, its chart and the municipalities without a value."""
    by_code: dict[str, list[dict]] = defaultdict(list)
    by_name: dict[str, list[dict]] = defaultdict(list)
    for v in items:
        if v["kind"] != "indicator":
            continue
        if v["item"].bbv_code:
            by_code[v["item"].bbv_code].append(v)
        elif (key := name_key(v["title"])) and len(key) >= 4:
            by_name[key].append(v)
    views = [_view({**ind, "bbv": True, "slug": slug(ind["code"])}, by_code[ind["code"]], municipalities)
             for ind in indicator_set()["indicator"] if by_code.get(ind["code"])]
    for key, found in sorted(by_name.items()):
        if len({v["municipality"] for v in found}) >= 2:
            title = Counter(v["title"] for v in found).most_common(1)[0][0]
            unit = Counter(v["item"].unit for v in found if v["item"].unit).most_common(1)
            views.append(_view({"code": "", "bbv": False, "name": title.rstrip(". "), "unit": unit[0][0] if unit else "",
                                "slug": "naam-" + slug(key)[:60]}, found, municipalities))
    return views


def _view(head: dict, found: list[dict], municipalities: list[str]) -> dict:
    rows = []
    for v in found:
        item = v["item"]
        for val in item.values or [{"kind": "", "value": "", "printed": "geen waarde"}]:
            rows.append({"municipality": v["municipality"], "doc_year": v["year"], "href": v["href"], "title": v["title"],
                         "year": val.get("year"), "kind": val["kind"], "text": value_text(val, item.unit), "number": number_of(val),
                         "benchmark": [(b.get("of", ""), value_text(b, item.unit), number_of(b))
                                       for b in item.benchmark if b.get("year") == val.get("year")]})
    rows.sort(key=lambda r: (r["municipality"], r["year"] or 0, r["kind"], r["doc_year"], r["href"]))
    have = sorted({v["municipality"] for v in found})
    latest = {}  # municipality -> its latest realised (else any) value, for the overview
    for r in rows:
        if r["year"] and (r["municipality"] not in latest or (r["kind"] == "realised", r["year"]) >= latest[r["municipality"]][0]):
            latest[r["municipality"]] = ((r["kind"] == "realised", r["year"]), r)
    return {**head, "rows": rows, "municipalities": have, "missing": [m for m in municipalities if m not in have],
            "latest": [latest[m][1] for m in have if m in latest], **_chart(head, rows)}


def _chart(head: dict, rows: list[dict]) -> dict:
    """The chart of the rows (a line per municipality and kind, benchmarks grey) and which municipalities it shows."""
    points: dict[tuple[str, str], dict[int, tuple]] = defaultdict(dict)
    bench: dict[str, dict[int, tuple]] = defaultdict(dict)
    for r in rows:  # a later report's figure for a year replaces an earlier one's
        if r["number"] is None or not r["year"]:
            continue
        kind = "target" if r["kind"] == "target" else "realised"
        old = points[r["municipality"], kind].get(r["year"])
        if old is None or r["doc_year"] >= old[0]:
            points[r["municipality"], kind][r["year"]] = (r["doc_year"], r["number"], r["text"], r["href"])
        for of, text, number in r["benchmark"]:
            if number is not None:
                bench[of].setdefault(r["year"], (0, number, text, r["href"]))
    per_place = Counter(m for (m, _), pts in points.items() for _ in pts)
    shown = sorted(per_place, key=lambda m: (-per_place[m], m))[:CHART_LINES]
    if sum(len(p) for p in points.values()) < 2:
        return {"chart": None, "charted": [], "benchmarked": False}
    series = [Series(f"{of or 'vergelijking'} (vergelijking)", [(yr, p[1], p[2], p[3]) for yr, p in sorted(pts.items())], n, "benchmark")
              for n, (of, pts) in enumerate(sorted(bench.items()))]  # drawn first, under the municipalities' points
    for n, m in enumerate(sorted(shown)):
        for kind in ("realised", "target"):
            pts = points.get((m, kind))
            if pts:
                series.append(Series(f"{m}, {kind_name(kind)}", [(yr, p[1], p[2], p[3]) for yr, p in sorted(pts.items())], n, kind))
    title = head["name"] + (f" ({head['unit']})" if head.get("unit") else "")
    return {"chart": line_chart(series, "grafiek", title, 640, "../"), "charted": sorted(shown),
            "benchmarked": bool(bench)}  # pages in indicators/
