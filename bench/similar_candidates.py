#!/usr/bin/env python3
"""Similar approaches from MinHash LSH candidates against the exact comparison.

    python bench/similar_candidates.py --corpus DIR [--num-perm 256] [--bands 128] [--common 0.1]

The exact stage (`nlp.compare.similar_items`) scores every pair of distinct item texts that can reach
THRESHOLD. Here the candidates come instead from MinHash LSH (datasketch, fixed seed) over each text's
features (its lemmas, character n-grams and themes, the columns of `similarity_vectors`), leaving out the
character n-grams in more than `--common` of the texts; each candidate is scored exactly as in the stage,
so the pairs found are the exact pairs that are candidates. Reports, against the exact version: the recall
of the text pairs above THRESHOLD, the recall of the similar lists (`Comparison.pairs`), the candidates'
share of all pairs, and the times. Merges the figures into bench/results.json under
`similar_recall_vs_exact`, keyed by the corpus. The analyses are cached in bench/work/similar/.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
sys.path.insert(0, str(ROOT))


def distinct_texts(docs: dict, analyses):
    """(distinct compared texts in order, per text its (item id, municipality, item) by id, per text its one
    municipality or None): as `similar_items` groups them."""
    from nlp.compare import SIMILAR_KINDS, item_text

    items = [(item, docs[a.doc_id], a) for a in analyses for item in a.items if item.kind in SIMILAR_KINDS]
    texts = [item_text(doc, analysis, item) for item, doc, analysis in items]
    distinct = sorted(set(texts))
    index = {t: n for n, t in enumerate(distinct)}
    holders = [[] for _ in distinct]
    for (item, doc, _), text in zip(items, texts):
        holders[index[text]].append((item.id, doc.meta.municipality, item))
    for group in holders:
        group.sort(key=lambda h: h[0])
    only = [group[0][1] if len({h[1] for h in group}) == 1 else None for group in holders]
    return distinct, holders, only


def exact_found(x, chars):
    """The upper triangle's (u, v, score) above THRESHOLD, as the stage computes it."""
    from nlp import compare

    compare._vectors.update(compare._split_common(x, chars))
    try:
        return [compare._matches(first) for first in range(0, x.shape[0], compare.CHUNK)]
    finally:
        compare._vectors.clear()


def lsh_candidates(x, chars, num_perm: int, bands: int, common: float) -> set[tuple[int, int]]:
    """Pairs (u < v) of texts that share an LSH bucket of their MinHash signatures."""
    from datasketch import MinHash, MinHashLSH

    in_texts = numpy.bincount(x.indices, minlength=x.shape[1])
    keep = numpy.ones(x.shape[1], dtype=bool)
    keep[chars] = in_texts[chars] <= common * x.shape[0]
    rows = [x.indices[x.indptr[n]:x.indptr[n + 1]] for n in range(x.shape[0])]
    shingles = [[int(c).to_bytes(4, "little") for c in row[keep[row]]] for row in rows]
    signatures = MinHash.bulk(shingles, num_perm=num_perm, seed=1)
    lsh = MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands))
    for n, (signature, row) in enumerate(zip(signatures, shingles)):
        if row:
            lsh.insert(n, signature)
    pairs = set()
    for n, (signature, row) in enumerate(zip(signatures, shingles)):
        if row:
            pairs.update((n, m) for m in lsh.query(signature) if m > n)
    return pairs


def similar_recall(corpus: Path, num_perm: int, bands: int, common: float) -> dict:
    from corpus import load_corpus
    from nlp import compare
    from nlp.analyse import analyse_documents

    documents, _ = load_corpus(corpus)
    analyses = analyse_documents(documents, "auto", ROOT / "bench" / "work" / "similar" / corpus.name / "cache", 2)[0]
    docs = {d.id: d for d in documents}
    start = time.perf_counter()
    exact_pairs = compare.similar_items(docs, analyses)
    exact_s = time.perf_counter() - start

    distinct, holders, only = distinct_texts(docs, analyses)
    x, chars = compare.similarity_vectors(distinct)
    u, v, score = (numpy.concatenate(parts) for parts in zip(*exact_found(x, chars)))
    start = time.perf_counter()
    candidates = lsh_candidates(x, chars, num_perm, bands, common)
    candidates_s = time.perf_counter() - start
    start = time.perf_counter()
    cu = numpy.array(sorted(candidates), dtype=numpy.int64).reshape(-1, 2)
    for first in range(0, len(cu), 100_000):  # each candidate scored as the stage scores a pair
        part = cu[first:first + 100_000]
        numpy.asarray(x[part[:, 0]].multiply(x[part[:, 1]]).sum(axis=1))
    scoring_s = time.perf_counter() - start
    found = numpy.array([a == b or (a, b) in candidates for a, b in zip(u.tolist(), v.tolist())], dtype=bool)
    lsh_pairs = compare._pairs(compare._ranked([(u[found], v[found], score[found])], len(distinct)), holders, only)
    exact_set = {(p["a"], p["b"]) for p in exact_pairs}
    above = int((u != v).sum())
    ngrams = x[:, chars].tocsr()  # each text's character n-grams
    grams = [set(ngrams.indices[ngrams.indptr[n]:ngrams.indptr[n + 1]].tolist()) for n in range(ngrams.shape[0])]
    jaccard = [len(grams[a] & grams[b]) / max(len(grams[a] | grams[b]), 1) for a, b in zip(u.tolist(), v.tolist()) if a != b]
    texts = len(distinct)
    return {
        "documents": len(documents), "texts": texts, "num_perm": num_perm, "bands": bands, "rows": num_perm // bands, "common": common,
        "exact_s": round(exact_s, 2), "lsh_candidates_s": round(candidates_s, 2), "lsh_scoring_s": round(scoring_s, 2),
        "candidates": len(candidates), "candidates_share_of_all_pairs": round(len(candidates) / max(texts * (texts - 1) / 2, 1), 4),
        "text_pairs_above_threshold": above,
        "char_ngram_jaccard_of_exact_pairs_1_2_50_percent": [round(float(q), 3) for q in numpy.quantile(jaccard, [0.01, 0.02, 0.5])]
        if jaccard else [],
        "text_pairs_recall": round(int((found & (u != v)).sum()) / max(above, 1), 4),
        "similar_pairs": len(exact_set), "similar_recall_vs_exact": round(len(exact_set & set(lsh_pairs)) / max(len(exact_set), 1), 4),
    }


def main() -> int:
    p = argparse.ArgumentParser(prog="bench/similar_candidates.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="corpus folder (e.g. corpus/default, or one written by bench/varied_corpus.py)")
    p.add_argument("--num-perm", type=int, default=256, help="MinHash permutations (default 256)")
    p.add_argument("--bands", type=int, default=128, help="LSH bands; num-perm / bands rows each (default 128)")
    p.add_argument("--common", type=float, default=0.1, help="leave out character n-grams in more than this share of the texts (default 0.1)")
    args = p.parse_args()
    result = similar_recall(Path(args.corpus), args.num_perm, args.bands, args.common)
    print(json.dumps(result, indent=1))
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    stored.setdefault("similar_recall_vs_exact", {})[f"{Path(args.corpus).resolve().name} {args.num_perm}/{args.bands}/{args.common}"] = result
    RESULTS.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
