"""The scoring rule of `build.py evaluate` (nlp.evaluate), the shared scorer's: same kind, overlap of at least half
the shorter span, one to one with the largest overlap first, optional gold items neutral, values as (year, kind, value)."""
from pathlib import Path

from conftest import text_document

from nlp.evaluate import score
from nlp.gold import GoldDocument

TEXT = ("Wij willen dat minder kinderen in armoede opgroeien. In 2022 kregen 6.470 huishoudens de toeslag. "
        "We breiden het Kindpakket uit.")


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def gold(*items) -> GoldDocument:
    doc = text_document(TEXT)
    return GoldDocument(doc, [dict(item, spans=[span(item["quote"])]) for item in items], Path("t.json"))


def scored(golds: GoldDocument, *preds):
    items = [{"doc_sha256": golds.document.sha256, "kind": kind, "start": a, "end": b, "values": values}
             for kind, (a, b), values in preds]
    result, _ = score(items, [golds])
    return {k: (r["tp"], r["fp"], r["fn"]) for k, r in result.items() if k != "indicator_values"}, result["indicator_values"]


GOAL = {"kind": "priority", "quote": "minder kinderen in armoede opgroeien"}


def test_overlap_of_half_the_shorter_span_matches():
    a, b = span("minder kinderen in armoede opgroeien")
    inside = (a + 7, a + 17)  # "kinderen i": wholly inside the gold quote
    assert scored(gold(GOAL), ("priority", inside, []))[0]["priority"] == (1, 0, 0)
    too_little = (b - 5, b + 30)  # 5 of its 35 characters overlap, and the gold is longer
    assert scored(gold(GOAL), ("priority", too_little, []))[0]["priority"] == (0, 1, 1)


def test_kind_must_agree():
    counts, _ = scored(gold(GOAL), ("activity", span("minder kinderen in armoede opgroeien"), []))
    assert counts["priority"] == (0, 0, 1) and counts["activity"] == (0, 1, 0)


def test_one_to_one_the_largest_overlap_first():
    a, b = span("minder kinderen in armoede opgroeien")
    counts, _ = scored(gold(GOAL), ("priority", (a, a + 10), []), ("priority", (a, b), []))
    assert counts["priority"] == (1, 1, 0)
    assert counts["micro"] == (1, 1, 0)


def test_optional_gold_items_count_neither_way():
    optional = dict(GOAL, optional=True)
    assert scored(gold(optional), ("priority", span("minder kinderen in armoede opgroeien"), []))[0]["priority"] == (0, 0, 0)
    assert scored(gold(optional))[0]["priority"] == (0, 0, 0)


def test_indicator_values_compare_year_kind_and_the_number_as_written_or_parsed():
    indicator = {"kind": "indicator", "quote": "In 2022 kregen 6.470 huishoudens de toeslag.",
                 "values": [{"year": 2022, "kind": "realised", "value": "6.470"}]}
    where = span(indicator["quote"])
    _, values = scored(gold(indicator), ("indicator", where, [{"year": 2022, "kind": "realised", "value": 6470}]))
    assert values == {"precision": 1.0, "recall": 1.0}
    _, values = scored(gold(indicator), ("indicator", where, [{"year": 2022, "kind": "target", "value": 6470}]))
    assert values == {"precision": 0.0, "recall": 0.0}
