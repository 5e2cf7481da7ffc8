"""Policy over the years: per municipality, which priorities and activities are new in a year, which continue
an earlier year's item, and which of the year before are no longer mentioned.

An item continues an earlier one when their similarity (nlp.compare's, over the same texts as similar
approaches) reaches nlp.compare.THRESHOLD; it is matched to its best earlier item, the latest year first on
a tie. A municipality's first year in the corpus is where its record starts: nothing there is new or ended."""
from __future__ import annotations

from collections import defaultdict

import numpy

from nlp.compare import SIMILAR_KINDS, THRESHOLD, item_text, similarity_vectors

STATUS_NL = {"new": "nieuw", "continued": "voortgezet", "ended": "niet meer genoemd"}
CSV_HEADER = ["municipality", "year", "status", "kind", "themes", "item_id", "title", "link",
              "earlier_year", "earlier_item_id", "earlier_title", "earlier_link", "score"]


def policy_changes(documents, analyses) -> list[dict]:
    """[{"municipality", "year", "status", "item", "earlier", "score"}] with `item` and `earlier` (id, year)
    pairs or None; by municipality, year, status, then in document order."""
    docs = {d.id: d for d in documents}
    entries = [(item, docs[a.doc_id], a) for a in analyses for item in a.items if item.kind in SIMILAR_KINDS]
    years_of: dict[str, set[int]] = defaultdict(set)
    for d in documents:
        years_of[d.meta.municipality].add(d.meta.year)
    if not entries or all(len(years) < 2 for years in years_of.values()):
        return []  # no municipality has two years: nothing to compare, and no vectors to fit
    texts = [item_text(doc, analysis, item) for item, doc, analysis in entries]
    distinct = sorted(set(texts))
    vectors = similarity_vectors(distinct)[0]
    row_of = {t: n for n, t in enumerate(distinct)}
    by_place: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)  # (municipality, year) -> (item id, vector row)
    for (item, doc, _), text in zip(entries, texts):
        by_place[doc.meta.municipality, doc.meta.year].append((item.id, row_of[text]))
    changes = []
    for municipality, years in sorted(years_of.items()):
        years = sorted(years)
        for n, year in enumerate(years[1:], 1):
            now = sorted(by_place.get((municipality, year), []))
            before = sorted(((i, r, y) for y in years[:n] for i, r in by_place.get((municipality, y), [])), key=lambda e: (-e[2], e[0]))
            scores = _scores(vectors, [r for _, r in now], [r for _, r, _ in before])
            for k, (item_id, _) in enumerate(now):
                best = int(numpy.argmax(scores[k])) if before else -1  # argmax takes the first: the latest year, then by id
                score = round(float(scores[k, best]), 3) if before else 0.0
                if score >= THRESHOLD:
                    changes.append(_change(municipality, year, "continued", (item_id, year), before[best][::2], score))
                else:
                    changes.append(_change(municipality, year, "new", (item_id, year), None, None))
            last = years[n - 1]
            for j, (item_id, _, y) in enumerate(before):
                if y == last and (not now or float(scores[:, j].max()) < THRESHOLD):
                    changes.append(_change(municipality, year, "ended", None, (item_id, last), None))
    order = {"new": 0, "continued": 1, "ended": 2}
    rank = {item.id: n for n, (item, doc, _) in enumerate(sorted(entries, key=lambda e: (e[1].id, e[0].start, e[0].id)))}
    return sorted(changes, key=lambda c: (c["municipality"], c["year"], order[c["status"]], rank[(c["item"] or c["earlier"])[0]]))


def _scores(vectors, rows: list[int], columns: list[int]) -> numpy.ndarray:
    if not rows or not columns:
        return numpy.zeros((len(rows), len(columns)))
    return (vectors[rows] @ vectors[columns].T).toarray()


def _change(municipality: str, year: int, status: str, item, earlier, score) -> dict:
    return {"municipality": municipality, "year": year, "status": status, "item": item, "earlier": earlier, "score": score}


def change_rows(changes: list[dict], item_views: dict[str, dict]) -> list[list]:
    """changes.csv: a row per change, the item and the earlier item it continues or that ended, with links."""
    rows = []
    for c in changes:
        now = item_views[c["item"][0]] if c["item"] else None
        old = item_views[c["earlier"][0]] if c["earlier"] else None
        shown = now or old
        rows.append([c["municipality"], c["year"], c["status"], shown["kind"], " ".join(shown["themes"]),
                     *(([now["id"], now["title"], now["href"]]) if now else ["", "", ""]),
                     *(([c["earlier"][1], old["id"], old["title"], old["href"]]) if old else ["", "", "", ""]),
                     "" if c["score"] is None else c["score"]])
    return rows
