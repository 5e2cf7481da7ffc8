"""`build.py train` and `build.py evaluate --cross-validate`: the statement model from annotated corpora.

Every candidate statement of an annotated document (nlp.candidates) is labelled with
the kind of the gold item it matches under the scorer's rule (same overlap, one to one,
largest overlap first), or none; candidates matching an optional gold item are left out.
Cross-validation trains on all municipalities but one and scores the one left out
through the build's own extraction (nlp.extract), for every municipality in turn.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from common.files import write_atomic

from .candidates import candidates
from .classifier import MODEL_FILE, NONE, StatementModel, fit
from .evaluate import format_scores, matches, public_scores, score
from .extract import extract_items
from .features import block_features
from .gold import ANNOTATED_CORPORA, GoldDocument, load_annotated
from .statements import statement_features


@dataclass
class Example:
    gold: GoldDocument
    features: list  # BlockFeatures of every block
    rows: list[dict[str, float]]
    labels: list[str]
    weights: list[float]


def examples(golds: list[GoldDocument], nlp) -> list[Example]:
    out = []
    for gold in golds:
        doc = gold.document
        features = block_features(doc, nlp)
        cands = candidates(doc, features)
        labels, weights = _labels(cands, gold.items)
        out.append(Example(gold, features, list(statement_features(doc, cands)), labels, weights))
    return out


def _labels(cands, items) -> tuple[list[str], list[float]]:
    """The kind of the gold item each candidate matches under the scoring rule, else NONE; weight 0 for an optional one."""
    labels, weights = [NONE] * len(cands), [1.0] * len(cands)
    for gi, ci in matches(items, [(c.start, c.end) for c in cands]):
        labels[ci] = items[gi]["kind"]
        weights[ci] = 0.0 if items[gi].get("optional") else 1.0
    return labels, weights


DOC_CANDIDATES = 20  # a document with more candidates weighs as much as one with this many


def train(exs: list[Example]) -> StatementModel:
    """The model from the examples, each document weighing at most as much as one of DOC_CANDIDATES candidates
    (a long report annotated in its own style would otherwise teach its style as the rule)."""
    rows = [r for e in exs for r in e.rows]
    labels = [label for e in exs for label in e.labels]
    weights = [w * min(1.0, DOC_CANDIDATES / max(len(e.rows), 1)) for e in exs for w in e.weights]
    docs = sorted(e.gold.path.name for e in exs)
    training = {
        "documents": len(exs),
        "municipalities": len({e.gold.municipality for e in exs}),
        "data_sha256": hashlib.sha256(json.dumps([[e.gold.document.sha256, e.gold.items] for e in
                                                  sorted(exs, key=lambda e: e.gold.path.name)], sort_keys=True).encode()).hexdigest()[:16],
        "gold_files": docs[:3] + (["..."] if len(docs) > 3 else []),
    }
    return fit(rows, labels, weights, training)


def _folders(gold_dirs) -> list[Path]:
    return [Path(g) for g in gold_dirs] if gold_dirs else list(ANNOTATED_CORPORA)


def run_train(gold_dirs, out: Path = MODEL_FILE) -> int:
    """Train on the annotated corpus folders (default: the project's own) and write the model file, with the
    leave-one-municipality-out scores of the same training in its metadata."""
    from .pipeline import load_pipeline

    folders = _folders(gold_dirs)
    exs = examples(load_annotated(folders), load_pipeline("blank")[0])
    model = train(exs)
    model.training["corpora"] = [f.name for f in folders]
    model.training["cross_validation"] = public_scores(cross_validate(exs)[0])  # what the method page quotes
    write_atomic(out, model.to_json())
    print(f"Trained on {model.training['documents']} documents of {model.training['municipalities']} municipalities "
          f"({model.training['candidates']} candidates, {model.training['features']} features): {out}, version {model.version}; "
          f"leave-one-municipality-out micro F1 {model.training['cross_validation']['micro']['f1']:.3f}")
    return 0


def folds(exs: list[Example]):
    """(municipality, training examples, held-out examples): every municipality held out once, never in its own training."""
    for municipality in sorted({e.gold.municipality for e in exs}):
        yield (municipality, [e for e in exs if e.gold.municipality != municipality],
               [e for e in exs if e.gold.municipality == municipality])


def cross_validate(exs: list[Example]) -> tuple[dict, list[str]]:
    """Scores (and misses and false positives) pooled over the folds, each held-out document extracted as in a build."""
    items = []
    for _municipality, training, held_out in folds(exs):
        model = train(training)
        for e in held_out:
            doc = e.gold.document
            items += [{"doc_sha256": doc.sha256, "kind": i.kind, "start": i.start, "end": i.end, "values": i.values}
                      for i in extract_items(doc, e.features, model)]
    return score(items, [e.gold for e in exs])


def run_cross_validate(gold_dirs, as_json: bool, verbose: bool) -> int:
    from .pipeline import load_pipeline

    exs = examples(load_annotated(_folders(gold_dirs)), load_pipeline("blank")[0])
    result, report = cross_validate(exs)
    if verbose:
        print("\n".join(report))
    if as_json:
        print(json.dumps(public_scores(result), indent=1))
    else:
        print(f"Leave-one-municipality-out over {len(exs)} documents of {len({e.gold.municipality for e in exs})} municipalities:")
        print(format_scores(result))
    return 0
