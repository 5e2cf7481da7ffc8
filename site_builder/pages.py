"""View data for every page, computed once from documents, analyses and the comparison."""
from __future__ import annotations

from collections import Counter, defaultdict

from common.links import block_url, item_url
from nlp.model import KINDS

from .charts import indicator_chart, numeric_points
from .kinds import KIND_NAMES
from .measures import measure_views
from .render import slug

NO_THEME = "geen-thema"
LIST_LIMIT = 25  # items of a kind per theme, passages per entity, indicators per theme shown on overview pages
BUSY_LIMIT = 5  # items of a kind per municipality on a theme page of more than LIST_LIMIT municipalities

PAIRS_PER_THEME = 50


def snippet(text: str, limit: int = 260) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


ENTITY_LABELS = {"instrument": "instrument", "organisation": "organisatie", "law": "wet", "motion": "motie",
                 "programme": "programma", "report": "rapport"}


def table_context(doc, block, item) -> str:
    """A table row item's cells under their column headers ("Realisatie 2016: 6.470 · Streefwaarde 2017: Stabiel"),
    not the rows around it."""
    body = block.rows[block.header_rows:]
    row = next((r for r in body if r and r[0].start <= item.start < r[-1].end), None)
    if row is None or len(row) < 2:
        return ""
    header = block.rows[block.header_rows - 1] if block.header_rows else ()
    shift = len(header) - len(row)  # a header without a cell above the row labels is one short
    parts = []
    for i, cell in enumerate(row[1:], 1):
        text = " ".join(doc.text[cell.start:cell.end].split())
        label = " ".join(doc.text[header[i + shift].start:header[i + shift].end].split()) if 0 <= i + shift < len(header) else ""
        if text:
            parts.append(f"{label}: {text}" if label else text)
    return snippet(" · ".join(parts))


def context_snippet(doc, item) -> str:
    """What the item's title does not say: the text under a heading item, a table row's cells under their
    headers, else the rest of its paragraph."""
    n = item.block
    if doc.blocks[n].kind == "table" and doc.blocks[n].rows:
        return table_context(doc, doc.blocks[n], item)
    if doc.blocks[n].kind == "heading":
        body = doc.body_of(n)
        return snippet(doc.block_text(doc.blocks[body.start])) if body else ""
    end = max(item.end, doc.blocks[n].end)
    after = doc.text[item.end:end].strip()
    before = doc.text[doc.blocks[n].start:item.start].strip()
    return snippet(after) if len(after) >= 40 else ("… " + snippet(before[-260:]) if len(before) >= 40 else "")


class SiteData:
    """Lookups the templates share: documents, items with their documents, themes, municipalities."""

    def __init__(self, documents, analyses, comparison):
        self.documents = sorted(documents, key=lambda d: (d.meta.municipality, d.meta.year, d.meta.doc_type, d.id))
        self.docs = {d.id: d for d in documents}
        self.analyses = {a.doc_id: a for a in analyses}
        self.comparison = comparison
        self.items = []  # view dicts, in document order
        for doc in self.documents:
            analysis = self.analyses.get(doc.id)
            for item in sorted(analysis.items if analysis else [], key=lambda i: (i.start, i.end, i.id)):
                self.items.append(self.item_view(item, doc))
        self.item_by_id = {v["id"]: v for v in self.items}
        self.items_of: dict[str, list[dict]] = defaultdict(list)  # municipality -> its items, in document order
        for v in self.items:
            self.items_of[v["municipality"]].append(v)
        self.theme_labels = {t["code"]: t.get("label_nl") or t["code"] for t in comparison.codebook}
        used = sorted({t for v in self.items for t in v["themes"]} - set(self.theme_labels))
        self.themes = [{"code": c, "label": self.theme_labels[c], "definition": next(
            (t.get("definition_nl", "") for t in comparison.codebook if t["code"] == c), "")} for c in self.theme_labels]
        self.themes += [{"code": c, "label": c, "definition": ""} for c in used]
        self.theme_labels.update({c: c for c in used})
        self.municipalities = sorted({d.meta.municipality for d in self.documents})

    def item_view(self, item, doc) -> dict:
        return {
            "id": item.id, "kind": item.kind, "kind_nl": kind_name_nl(item.kind), "title": item.title,
            "themes": sorted(item.themes), "values": item.values, "item": item, "doc": doc,
            "municipality": doc.meta.municipality, "year": doc.meta.year,
            "section": " › ".join(item.section), "snippet": context_snippet(doc, item),
            "href": item_url(doc, item),
        }

    def theme_label(self, code: str) -> str:
        return self.theme_labels.get(code, code)

    def corpus_grid(self) -> dict:
        """Coverage for the home page: per municipality and year the documents by type (a gap where there is
        none), and per year how many municipalities have one."""
        docs: dict[tuple[str, int], list] = defaultdict(list)
        for d in self.documents:
            docs[d.meta.municipality, d.meta.year].append(d)
        years = sorted({d.meta.year for d in self.documents})
        rows = [{"municipality": m, "slug": slug(m), "cells": [docs.get((m, y), []) for y in years]} for m in self.municipalities]
        covered = [sum(1 for m in self.municipalities if (m, y) in docs) for y in years]
        return {"years": years, "rows": rows, "covered": covered, "types": sorted({d.meta.doc_type for d in self.documents}),
                "filled": len(docs), "cells": len(years) * len(self.municipalities)}

    def by_theme(self, items: list[dict]) -> list[dict]:
        """Items grouped by theme (an item with two themes shows under both), then by kind."""
        groups: dict[str, list] = defaultdict(list)
        for v in items:
            for code in v["themes"] or [NO_THEME]:
                groups[code].append(v)
        order = [t["code"] for t in self.themes] + [NO_THEME]
        return [{"code": c, "label": "Zonder thema" if c == NO_THEME else self.theme_label(c),
                 "kinds": {k: [v for v in groups[c] if v["kind"] == k] for k in KINDS}}
                for c in order if groups.get(c)]

    def entity_views(self) -> list[dict]:
        views = []
        for e in sorted(self.comparison.entities, key=lambda e: (e["name"].lower(), e["label"])):
            passages = {}
            for m in e["mentions"]:
                doc = self.docs.get(m["doc_id"])
                if doc is None or m["block"] >= len(doc.blocks):
                    continue
                passages[doc.meta.municipality, doc.meta.year, doc.id, m["block"]] = doc
            shown = [{"doc": doc, "href": block_url(doc, n), "snippet": snippet(doc.block_text(doc.blocks[n]), 200)}
                     for (_, _, _, n), doc in sorted(passages.items())[:LIST_LIMIT]]
            views.append({"name": e["name"], "label": ENTITY_LABELS.get(e["label"], e["label"]), "slug": slug(e["name"] + "-" + e["label"]),
                          "municipalities": sorted({k[0] for k in passages}), "count": len(passages), "passages": shown})
        return views

    def history_views(self, changes: list[dict]) -> dict[str, dict]:
        """Per municipality: its years and, per theme and later year, the new, continued and ended items
        (see .changes); an entry shows under each theme of its item."""
        years_of: dict[str, set[int]] = defaultdict(set)
        for d in self.documents:
            years_of[d.meta.municipality].add(d.meta.year)
        cells: dict[str, dict[tuple[str, int], dict[str, list]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        for c in changes:
            entry = {"item": self.item_by_id[c["item"][0]] if c["item"] else None,
                     "earlier": self.item_by_id[c["earlier"][0]] if c["earlier"] else None, "score": c["score"]}
            for code in (entry["item"] or entry["earlier"])["themes"] or [NO_THEME]:
                cells[c["municipality"]][code, c["year"]][c["status"]].append(entry)
        order = [t["code"] for t in self.themes] + [NO_THEME]
        views = {}
        for m, years in years_of.items():
            years = sorted(years)
            themes = []
            for code in order:
                rows = [{"year": y, "since": years[n], **{s: cells[m][code, y].get(s, []) for s in ("new", "continued", "ended")}}
                        for n, y in enumerate(years[1:]) if (code, y) in cells[m]]
                if rows:
                    themes.append({"code": code, "label": "Zonder thema" if code == NO_THEME else self.theme_label(code), "years": rows})
            views[m] = {"years": years, "themes": themes}
        return views

    def municipality_views(self, entities: list[dict], history: dict[str, dict]) -> list[dict]:
        return [{
            "name": m, "slug": slug(m), "history": history[m],
            "documents": [d for d in self.documents if d.meta.municipality == m],
            "groups": self.by_theme(self.items_of[m]),
            "counts": Counter(v["kind"] for v in self.items_of[m]),
            "entities": [e for e in entities if m in e["municipalities"]],
        } for m in self.municipalities]

    def overview(self) -> list[dict]:
        """Municipality × theme for the compare page: items on each theme as a share (%) of the municipality's
        items (an item on two themes counts for both) with its shading 0-4, and the counts."""
        counts: dict[tuple[str, str], int] = Counter()
        for v in self.items:
            for code in v["themes"]:
                counts[v["municipality"], code] += 1
        rows = []
        for m in self.municipalities:
            total, n = len(self.items_of[m]), [counts[m, t["code"]] for t in self.themes]
            shares = [round(100 * k / total) if total else 0 for k in n]
            rows.append({"municipality": m, "slug": slug(m), "total": total, "counts": n,
                         "cells": [(share, shade(share) if k else 0) for share, k in zip(shares, n)]})
        return rows

    def theme_views(self) -> list[dict]:
        """One view per theme: the municipalities with items on it in columns (and those without), and the best
        PAIRS_PER_THEME similar pairs (all are in items.jsonl)."""
        views = []
        for t in self.themes:
            on_theme = [v for v in self.items if t["code"] in v["themes"]]
            by_place: dict[tuple[str, str], list[dict]] = defaultdict(list)
            for v in on_theme:
                by_place[v["municipality"], v["kind"]].append(v)
            places = {m for m, _ in by_place}
            columns = [{"municipality": m, "slug": slug(m), "kinds": {k: by_place[m, k] for k in KINDS}}
                       for m in self.municipalities if m in places]
            pairs = [{"a": self.item_by_id[p["a"]], "b": self.item_by_id[p["b"]], "score": p["score"]}
                     for p in self.comparison.pairs
                     if p["a"] in self.item_by_id and p["b"] in self.item_by_id
                     and t["code"] in self.item_by_id[p["a"]]["themes"] and t["code"] in self.item_by_id[p["b"]]["themes"]][:PAIRS_PER_THEME]
            views.append({**t, "columns": columns, "without": [m for m in self.municipalities if m not in places], "pairs": pairs,
                          "count": len(on_theme), "per_year": self.theme_years(t["code"])})
        return views

    def theme_years(self, code: str) -> dict:
        """Items on the theme per municipality (those with any) and year."""
        counts: dict[tuple[str, int], int] = Counter()
        for row in self.comparison.matrix:
            if row["theme"] == code:
                counts[row["municipality"], row["year"]] += sum(row[k] for k in KINDS)
        years = sorted({d.meta.year for d in self.documents})  # the matrix's years are its documents' years
        places = sorted({m for m, _ in counts})
        return {"years": years, "rows": [{"municipality": m, "slug": slug(m), "counts": [counts[m, y] for y in years]} for m in places]}

    def indicator_groups(self) -> list[dict]:
        """Indicators by municipality, then theme; charts for those with two or more numeric values."""
        groups = []
        for m in self.municipalities:
            indicators = [v for v in self.items_of[m] if v["kind"] == "indicator"]
            themes = []
            for g in self.by_theme(indicators):
                rows = []
                for v in g["kinds"]["indicator"][:LIST_LIMIT]:
                    points = numeric_points(v["item"], v["year"])
                    chart = indicator_chart(v["item"], v["year"], f"c-{g['code']}-{v['id']}") if len(points) >= 2 else None
                    rows.append({**v, "points": points, "chart": chart})
                themes.append({"code": g["code"], "label": g["label"], "indicators": rows, "count": len(g["kinds"]["indicator"])})
            if indicators:
                groups.append({"municipality": m, "slug": slug(m), "themes": themes})
        return groups


    def measure_views(self) -> list[dict]:
        """One view per BBV indicator and per indicator name several municipalities share (see .measures)."""
        return measure_views(self.items, self.municipalities)


def shade(share: int) -> int:
    """Shading class 1-4 of a share (%) above zero: under 10, under 20, under 40, 40 and more."""
    return 1 + sum(share >= limit for limit in (10, 20, 40))


def kind_name_nl(kind: str) -> str:
    return KIND_NAMES[kind].singular
