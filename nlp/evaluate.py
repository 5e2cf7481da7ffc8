"""Score extracted items against gold documents (format: docs/extraction.md; loaded by nlp.gold).

A prediction matches a gold item of the same kind when their spans overlap by
at least half of the shorter one; matching is one-to-one, largest overlap
first. Optional gold items count neither as misses nor, when matched, as
false positives. Indicator values are compared as (year, kind, value).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from corpus import CorpusError

from .gold import load_gold
from .model import KINDS


def _value_key(value) -> float | str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    s = str(value).strip().lower().rstrip(".")
    try:
        return float(s.replace(".", "").replace(",", ".").replace(" ", ""))
    except ValueError:
        return s


def _values(values) -> set:
    return {(v.get("year"), str(v.get("kind", "")).lower(), _value_key(v.get("value"))) for v in values or []}


def matches(gold_items: list[dict], spans: list[tuple[int, int]], kinds: list[str] | None = None) -> list[tuple[int, int]]:
    """(gold index, span index) pairs under the scoring rule: spans that overlap by at least half of the shorter
    one (and, with `kinds`, of the same kind), one to one, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold_items):
        for pi, (start, end) in enumerate(spans):
            if kinds is not None and kinds[pi] != g["kind"]:
                continue
            for a, b in g["spans"]:
                overlap = max(0, min(b, end) - max(a, start))
                shorter = min(b - a, end - start)
                if shorter > 0 and overlap >= 0.5 * shorter:
                    pairs.append((overlap, gi, pi))
    out, used_g, used_p = [], set(), set()
    for _overlap, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def score(items: list[dict], golds) -> tuple[dict, list[str]]:
    """(scores per kind, micro and for indicator values; the misses and false positives) of item records
    (`doc_sha256`, `kind`, `start`, `end`, `values`) against gold documents (nlp.gold)."""
    tp, fp, fn = ({k: 0 for k in KINDS} for _ in range(3))
    values = {"tp": 0, "gold": 0, "pred": 0}
    report = []
    by_doc: dict[str, list[dict]] = {}
    for p in items:
        if p.get("kind") in KINDS:
            by_doc.setdefault(p.get("doc_sha256"), []).append(p)
    for gd in golds:
        text, name, gold_items = gd.document.text, gd.path.name, gd.items
        preds = by_doc.get(gd.document.sha256, [])
        used_g, used_p = set(), set()
        for gi, pi in matches(gold_items, [(p["start"], p["end"]) for p in preds], [p["kind"] for p in preds]):
            used_g.add(gi)
            used_p.add(pi)
            g, p = gold_items[gi], preds[pi]
            if g.get("optional"):
                continue
            tp[g["kind"]] += 1
            if g["kind"] == "indicator":
                gv, pv = _values(g.get("values")), _values(p.get("values"))
                values["tp"] += len(gv & pv)
                values["gold"] += len(gv)
                values["pred"] += len(pv)
        for gi, g in enumerate(gold_items):
            if gi not in used_g and not g.get("optional"):
                fn[g["kind"]] += 1
                report.append(f"MISS  {name} {g['kind']}: {g['quote'][:90]!r}")
        for pi, p in enumerate(preds):
            if pi not in used_p:
                fp[p["kind"]] += 1
                report.append(f"FALSE {name} {p['kind']}: {text[p['start']:p['end']][:90]!r}")
    result = {k: _prf(tp[k], fp[k], fn[k]) for k in KINDS}
    result["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    result["indicator_values"] = {
        "precision": round(values["tp"] / values["pred"], 3) if values["pred"] else 0.0,
        "recall": round(values["tp"] / values["gold"], 3) if values["gold"] else 0.0,
    }
    return result, report


def _prf(t: int, f_p: int, f_n: int) -> dict:
    p = t / (t + f_p) if t + f_p else 0.0
    r = t / (t + f_n) if t + f_n else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": t, "fp": f_p, "fn": f_n}


def format_scores(result: dict) -> str:
    lines = [f"{k:10s} P {r['precision']:.2f} R {r['recall']:.2f} F1 {r['f1']:.2f}  (tp {r['tp']} fp {r['fp']} fn {r['fn']})"
             for k, r in result.items() if k in KINDS]
    iv = result["indicator_values"]
    lines.append(f"indicator values P {iv['precision']:.2f} R {iv['recall']:.2f}")
    lines.append(f"micro F1 {result['micro']['f1']:.3f}")
    return "\n".join(lines)


def run_evaluate(items_path: Path, gold_dir: Path, sources: str | None, verbose: bool, as_json: bool = False) -> int:
    """`build.py evaluate`: print the scores of the last build against a gold folder."""
    if not items_path.is_file():
        raise CorpusError(items_path, "not found; build the site first (python build.py)")
    if sources is None:
        from corpus import DEFAULT_CORPUS
        sources = DEFAULT_CORPUS
    with open(items_path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    result, report = score(items, load_gold(Path(gold_dir), Path(sources)))
    if verbose:
        print("\n".join(report))
    print(json.dumps(public_scores(result), indent=1) if as_json else format_scores(result))
    sys.stdout.flush()
    return 0


def public_scores(result: dict) -> dict:
    """The scores as the shared scorer's --json writes them: precision, recall and f1 per kind and micro."""
    return {k: {m: r[m] for m in ("precision", "recall", "f1") if m in r} for k, r in result.items()}


def score_build(documents, analyses, gold_dir: Path, sources: Path) -> dict:
    """Scores of this build's items against a corpus's own gold folder (shown on the method page).
    (The model was trained on the project's annotated corpora: on them this is a training-set score.)"""
    sha = {d.id: d.sha256 for d in documents}
    items = [{"doc_sha256": sha[a.doc_id], "kind": i.kind, "start": i.start, "end": i.end, "values": i.values}
             for a in analyses for i in a.items]
    return score(items, load_gold(gold_dir, sources))[0]
