#!/usr/bin/env python3
"""Similar approaches on a one-document rebuild: updated from the last build's pairs against all pairs.

    python bench/similar_candidates.py --corpus DIR

Changes the corpus's first document as `bench/run.py` does (a sentence appended; only it is analysed again)
and finds the similar approaches of the changed corpus twice: over all pairs (`text_pairs.all_pairs`, the
exact computation and oracle), and updated from the pairs a build of the unchanged corpus kept
(`text_pairs`, candidates: the kept pairs and the new or moved texts against all). Reports the recall of
the update against the exact pairs (`similar_recall_vs_exact`, of `Comparison.pairs`), whether the pairs,
scores and similar lists are identical, and the CPU times. It also reports why the pairs resist an index
that skips pairs: the share of them whose themes give the full 0.2, their character n-gram Jaccard (what
MinHash estimates), and the share of all pairs an exact prefix filter (Bayardo et al. 2007, with the
Cauchy-Schwarz and max-weight bounds per block) leaves as candidates. Merges the figures into
bench/results.json under `similar_recall_vs_exact`, keyed by the corpus. Analyses are cached in
bench/work/similar/.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
sys.path.insert(0, str(ROOT))


def changed_first_document(documents, analyses):
    """The documents and analyses with the first document changed as bench/run.py changes it."""
    from dataclasses import replace

    from corpus.structure import parse_text
    from nlp.analyse import analyse_document
    from nlp.pipeline import load_pipeline

    first = documents[0]
    text = first.text + "\n\nDe gemeente blijft de uitvoering van het armoedebeleid jaarlijks evalueren.\n"
    changed = replace(first, sha256="changed", text=text, blocks=parse_text(text))
    return [changed, *documents[1:]], [analyse_document(changed, load_pipeline("auto")[0]), *analyses[1:]]


def timed(function, *args):
    start = time.process_time()
    result = function(*args)
    return result, round(time.process_time() - start, 2)


def similar(documents, analyses, state=None):
    """(Comparison.pairs, every item's similar list)."""
    from nlp.compare import similar_items

    pairs, similar = similar_items({d.id: d for d in documents}, analyses, 1, state)
    return pairs, [(item.id, similar.get(item.id, [])) for a in analyses for item in a.items]


def distinct_texts(documents, analyses) -> list[str]:
    from nlp.compare import SIMILAR_KINDS, item_text

    docs = {d.id: d for d in documents}
    return sorted({item_text(docs[a.doc_id], a, item) for a in analyses for item in a.items if item.kind in SIMILAR_KINDS})


def prefix_filter_candidates(x, chars: slice, threshold: float) -> int:
    """Pairs u < v an exact prefix filter keeps: columns by document frequency, most common first; each row's
    prefix is its longest run of columns whose bound stays under the threshold (per block of lemmas, n-grams,
    themes the lesser of Cauchy-Schwarz, sqrt(weight) * |prefix|, and the sum of each entry times its column's
    largest entry), so a pair reaching the threshold shares a column outside both prefixes."""
    from scipy.sparse import csr_matrix

    from nlp.compare import WEIGHTS

    texts, columns = x.shape
    block = numpy.zeros(columns, dtype=numpy.int64)
    block[chars], block[chars.stop:] = 1, 2
    rank = numpy.empty(columns, dtype=numpy.int64)
    rank[numpy.lexsort((numpy.arange(columns), -numpy.bincount(x.indices, minlength=columns)))] = numpy.arange(columns)
    largest = numpy.zeros(columns)
    numpy.maximum.at(largest, x.indices, x.data)
    rows = numpy.repeat(numpy.arange(texts), numpy.diff(x.indptr))
    order = numpy.lexsort((rank[x.indices], rows))
    row, col, val = rows[order], x.indices[order], x.data[order]
    def in_row(values):  # running sums within each row
        total = numpy.cumsum(values)
        return total - numpy.repeat(numpy.concatenate([[0], total])[x.indptr[:-1]], numpy.diff(x.indptr))

    bound = numpy.zeros(len(val))
    for b, weight in enumerate(WEIGHTS):
        mine = block[col] == b
        squares, products = in_row(numpy.where(mine, val ** 2, 0)), in_row(numpy.where(mine, val * largest[col], 0))
        bound += numpy.minimum(weight ** 0.5 * numpy.sqrt(numpy.maximum(squares, 0)), products)
    outside = bound >= threshold - 1e-9
    suffix = csr_matrix((numpy.ones(outside.sum()), (row[outside], col[outside])), shape=x.shape)
    shared = (suffix @ suffix.T).tocsr()
    return int((shared.nnz - (shared.diagonal() > 0).sum()) // 2)


def why(x, chars: slice, found, threshold: float) -> dict:
    """Of the exact text pairs (u < v): the share whose themes give the full 0.2, quantiles of their character
    n-gram Jaccard, and the share of all pairs a prefix filter keeps."""
    from nlp.compare import WEIGHTS

    u, v, _ = found
    u, v = u[u != v], v[u != v]
    themes = x[:, chars.stop:]
    theme_part = numpy.asarray(themes[u].multiply(themes[v]).sum(axis=1)).ravel()
    grams = x[:, chars].tocsr()
    grams.data[:] = 1
    shared = numpy.asarray(grams[u].multiply(grams[v]).sum(axis=1)).ravel()
    sizes = numpy.diff(grams.indptr)
    jaccard = shared / numpy.maximum(sizes[u] + sizes[v] - shared, 1)
    texts = x.shape[0]
    return {"text_pairs": len(u), "share_with_full_theme_part": round(float((theme_part >= WEIGHTS[2] - 1e-9).mean()), 3) if len(u) else None,
            "char_ngram_jaccard_1_2_50_percent": [round(float(q), 3) for q in numpy.quantile(jaccard, [0.01, 0.02, 0.5])] if len(u) else [],
            "prefix_filter_candidates_share_of_all_pairs": round(prefix_filter_candidates(x, chars, threshold) / max(texts * (texts - 1) / 2, 1), 3)}


def measure(corpus: Path) -> dict:
    from corpus import load_corpus
    from nlp.analyse import analyse_documents
    from nlp.compare import THRESHOLD, similarity_vectors
    from nlp.text_pairs import all_pairs

    documents, _ = load_corpus(corpus)
    analyses = analyse_documents(documents, "auto", ROOT / "bench" / "work" / "similar" / corpus.resolve().name / "cache", 2)[0]
    changed = changed_first_document(documents, analyses)
    exact, exact_s = timed(similar, *changed)
    texts = distinct_texts(*changed)
    (x, chars, _), vectors_s = timed(similarity_vectors, texts)
    found, all_pairs_s = timed(all_pairs, x, chars, THRESHOLD)
    with tempfile.TemporaryDirectory() as work:
        state = Path(work) / "similar"
        _, kept_s = timed(similar, documents, analyses, state)
        kept = (state / "pairs.npz").read_bytes()
        updated, update_s = timed(similar, *changed, state)
        update_ran = (state / "pairs.npz").read_bytes() == kept  # else: too many texts moved, all pairs again
        state_bytes = sum(path.stat().st_size for path in state.iterdir())
    exact_pairs, updated_pairs = {(p["a"], p["b"], p["score"]) for p in exact[0]}, {(p["a"], p["b"], p["score"]) for p in updated[0]}
    return {
        "documents": len(documents), "texts": len(texts), "similar_pairs": len(exact_pairs),
        "similar_recall_vs_exact": round(len(exact_pairs & updated_pairs) / max(len(exact_pairs), 1), 4),
        "identical_pairs_and_similar_lists": updated == exact,
        "exact_similar_items_s": exact_s, "of_which_vectors_s": vectors_s, "of_which_all_pairs_s": all_pairs_s,
        "full_keeping_pairs_s": kept_s, "one_document_update_s": update_s, "update_ran": update_ran, "state_bytes": state_bytes,
        **why(x, chars, found, THRESHOLD),
    }


def main() -> int:
    p = argparse.ArgumentParser(prog="bench/similar_candidates.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", required=True, help="corpus folder (e.g. corpus/default, or one written by bench/varied_corpus.py)")
    args = p.parse_args()
    result = measure(Path(args.corpus))
    print(json.dumps(result, indent=1))
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    stored.setdefault("similar_recall_vs_exact", {})[Path(args.corpus).resolve().name] = result
    RESULTS.write_text(json.dumps(stored, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
