"""Leave-one-municipality-out micro F1 of the statement model by the number of municipalities it is trained on.

Each municipality is held out in turn; the model is trained on a random share of the others (DRAWS draws for each
share, `random.Random(f"{draw}-{municipality}")`, so the figures are reproducible) and scored as in
`python build.py evaluate --cross-validate`. Run: `python bench/learning_curve.py` (about 4 minutes on 2 cores).
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.evaluate import public_scores, score  # noqa: E402
from nlp.extract import extract_items  # noqa: E402
from nlp.gold import ANNOTATED_CORPORA, load_annotated  # noqa: E402
from nlp.pipeline import load_pipeline  # noqa: E402
from nlp.train import examples, folds, train  # noqa: E402

SHARES = (0.25, 0.5, 0.75, 1.0)
DRAWS = 3


def curve(exs) -> list[tuple[int, float]]:
    """(municipalities in training, micro F1 as the mean of the draws) for each share of the other municipalities."""
    out = []
    for share in SHARES:
        f1s = []
        for draw in range(DRAWS if share < 1 else 1):
            items, count = [], 0
            for municipality, training, held_out in folds(exs):
                others = sorted({e.gold.municipality for e in training})
                count = round(share * len(others))
                chosen = set(random.Random(f"{draw}-{municipality}").sample(others, count))
                model = train([e for e in training if e.gold.municipality in chosen])
                for e in held_out:
                    items += [{"doc_sha256": e.gold.document.sha256, "kind": i.kind, "start": i.start, "end": i.end,
                               "values": i.values} for i in extract_items(e.gold.document, e.features, model)]
            f1s.append(public_scores(score(items, [e.gold for e in exs])[0])["micro"]["f1"])
        out.append((count, sum(f1s) / len(f1s)))
    return out


def main() -> int:
    exs = examples(load_annotated(list(ANNOTATED_CORPORA)), load_pipeline("blank")[0])
    print("| municipalities in training | micro F1 (mean of the draws) |\n| --- | --- |")
    for count, f1 in curve(exs):
        print(f"| {count} | {f1:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
