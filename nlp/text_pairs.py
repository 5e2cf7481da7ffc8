"""The pairs of distinct item texts whose similarity reaches a threshold: found over all pairs (bounded), or
updated from the pairs of the last build that found them over all pairs, with the same pairs and scores.

Every pair found either way is scored by `pair_scores`, so a rebuild gives the scores of a clean build bit
for bit. The update is exact by a bound: when no row of two texts moved by more than MARGIN / 2 (Euclidean
distance from its row in that build, whose idf weights were the corpus's then), their score moved by at
most MARGIN (|x'.y' - x.y| <= |x' - x| |y'| + |x| |y' - y|; rows have norm at most 1, as WEIGHTS sum to 1).
So a pair that reaches the threshold now is a pair kept then down to threshold - MARGIN, or a pair of a new
or moved text, and those texts are scored against all texts. See docs/scaling.md, "Similar approaches at
national scale".
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy
from scipy.sparse import csr_matrix

from common.processes import can_fork, forked_pool, shared, sharing

from .known_terms import join_strings, split_strings

CHUNK = 256  # rows of the similarity matrix held at once: memory stays O(CHUNK x texts)
COLUMNS = 16 * CHUNK  # the transposed rows are kept in blocks of this many texts (see `_matches`)
COMMON = 0.1  # a character n-gram in more than this share of the texts is common (see `_matches`)
MARGIN = 0.005  # the pairs kept for updates reach threshold - MARGIN
REBASE = 0.05  # when more than this share of the texts is new or moved, all pairs are found afresh
SCORED = 20_000  # pairs scored at once by `pair_scores`


def text_pairs(x, chars: slice, terms, texts: list[str], threshold: float, jobs: int = 1, state: Path | None = None):
    """(u, v, score) of the texts (rows of x, columns named by `terms`) whose similarity reaches the threshold,
    u <= v, by (u, v). With a `state` file: updated from the pairs kept there if few texts are new or moved;
    else found over all pairs and kept there, down to threshold - MARGIN."""
    keys = text_keys(texts)
    base = _load(state, threshold) if state else None
    found = _updated(x, terms, keys, base, threshold) if base else None
    if found is None:
        found = all_pairs(x, chars, threshold - MARGIN if state else threshold, jobs)
        if state:
            _save(state, threshold, x, terms, keys, found)
    u, v, score = found
    reach = score >= threshold
    return u[reach], v[reach], score[reach]


def pair_scores(x, u, v) -> numpy.ndarray:
    """The dot products of rows u and v of x, each summed in column order."""
    parts = [numpy.asarray(x[u[n:n + SCORED]].multiply(x[v[n:n + SCORED]]).sum(axis=1)).ravel() for n in range(0, len(u), SCORED)]
    return numpy.concatenate(parts) if parts else numpy.zeros(0)


def all_pairs(x, chars: slice, threshold: float, jobs: int = 1):
    """(u, v, score) of every pair u <= v that reaches the threshold, by (u, v); the chunks of rows in `jobs`
    forked processes (every row comes out the same in any of them)."""
    firsts = range(0, x.shape[0], CHUNK)
    with sharing(**_split_common(x, chars), x=x, threshold=threshold):
        if jobs > 1 and len(firsts) > 1 and can_fork():
            with forked_pool(jobs) as pool:
                found = list(pool.map(_matches, firsts))
        else:
            found = list(map(_matches, firsts))
    return _in_order(*(numpy.concatenate(parts) for parts in zip(*found)), x.shape[0])


def _split_common(x, chars: slice) -> dict:
    """The rows split into the columns of common character n-grams (in more than COMMON of the texts) and
    the others, with the transpose of the others in blocks of COLUMNS texts and the norm of every row's
    common part."""
    common = numpy.zeros(x.shape[1], dtype=bool)
    in_texts = numpy.bincount(x.indices, minlength=x.shape[1])
    common[chars] = in_texts[chars] > COMMON * x.shape[0]
    rest, common = x[:, ~common].tocsr(), x[:, common].tocsr()
    return {"rest": rest, "rest_t": [rest[n:n + COLUMNS].T.tocsr() for n in range(0, x.shape[0], COLUMNS)],
            "common_norms": numpy.sqrt(numpy.asarray(common.multiply(common).sum(axis=1)).ravel())}


def _matches(first: int) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(u, v, score) of the pairs of texts whose similarity reaches the threshold, for u in the chunk of rows
    from `first` and v >= u: the matrix is symmetric, so only its upper triangle is computed (from the
    block of COLUMNS texts that holds the chunk on).

    Common character n-grams (a few hundred, in most texts) make the product of all rows nearly dense
    and cost most of its time. So the product is taken without them, and a pair is scored only where
    their part can lift it to the threshold: that part is at most the product of the two rows' norms over
    those columns (Cauchy-Schwarz)."""
    vectors = shared()
    rest, norms, threshold = vectors["rest"], vectors["common_norms"], vectors["threshold"]
    chunk, block = rest[first:first + CHUNK], first // COLUMNS
    scores = numpy.hstack([(chunk @ columns).toarray() for columns in vectors["rest_t"][block:]])
    start = block * COLUMNS  # the text of the scores' first column
    bound = norms[first:first + CHUNK, None] * norms[None, start:]
    rows, cols = numpy.nonzero(numpy.triu(scores + bound >= threshold - 1e-9, first - start))  # margin: rounding
    u, v = first + rows, start + cols
    score = pair_scores(vectors["x"], u, v)
    reach = score >= threshold
    return u[reach], v[reach], score[reach]


def _updated(x, terms: list[str], keys: list[str], base: dict, threshold: float):
    """The pairs reaching threshold - MARGIN among the texts scored then and not moved, and the pairs of the
    new and moved texts with any text reaching the threshold; None when too many texts are new or moved."""
    unmoved = _unmoved(x, terms, keys, base)
    if unmoved is None:
        return None
    now, still = unmoved
    fresh = numpy.flatnonzero(~still)
    if len(fresh) > REBASE * len(keys):
        return None
    u, v = now[base["u"]], now[base["v"]]
    keep = (u >= 0) & (v >= 0)
    keep[keep] = still[u[keep]] & still[v[keep]]
    scores = (x[fresh] @ x.T).tocoo()  # for the choice of pairs only: they are scored by pair_scores
    near = scores.data >= threshold - 1e-9
    fu, fv = fresh[scores.row[near]], scores.col[near]
    texts = len(keys)
    u, v = numpy.concatenate([u[keep], numpy.minimum(fu, fv)]), numpy.concatenate([v[keep], numpy.maximum(fu, fv)])
    u, v = numpy.divmod(numpy.unique(u * texts + v), texts)
    return u, v, pair_scores(x, u, v)


def _unmoved(x, terms: list[str], keys: list[str], base: dict):
    """(per kept row its row now or -1, per row now whether it was kept and moved by at most MARGIN / 2);
    None if a kept row has a term no text has now (it cannot: such rows are of texts gone)."""
    row_of = {key: n for n, key in enumerate(keys)}
    now = numpy.array([row_of.get(key, -1) for key in base["keys"]], dtype=numpy.int64)
    kept = numpy.flatnonzero(now >= 0)
    column_of = {term: n for n, term in enumerate(terms)}
    column = numpy.array([column_of.get(term, -1) for term in base["terms"]], dtype=numpy.int64)
    then = base["rows"][kept]
    if (column[then.indices] < 0).any():
        return None
    then = csr_matrix((then.data, column[then.indices], then.indptr), shape=(len(kept), x.shape[1]))
    then.sort_indices()
    drift = x[now[kept]] - then
    moved_by = numpy.sqrt(numpy.asarray(drift.multiply(drift).sum(axis=1)).ravel())
    still = numpy.zeros(len(keys), dtype=bool)
    still[now[kept][moved_by <= (MARGIN - 1e-9) / 2]] = True
    return now, still


def text_keys(texts: list[str]) -> list[str]:
    """Each text's SHA-256 (hex): what kept rows and words are found by."""
    return [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]


def _in_order(u, v, score, texts: int):
    order = numpy.argsort(u * texts + v, kind="stable")
    return u[order], v[order], score[order]


def _save(path: Path, threshold: float, x, terms: list[str], keys: list[str], found) -> None:
    """Keep the rows, their texts' keys and terms, and the pairs found (written whole, then renamed)."""
    u, v, score = found
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as f:
        numpy.savez(f, threshold=threshold, margin=MARGIN, keys=join_strings(keys), terms=join_strings(terms), data=x.data,
                    indices=x.indices, indptr=x.indptr, shape=numpy.array(x.shape), u=u, v=v, score=score)
    os.replace(partial, path)


def _load(path: Path, threshold: float) -> dict | None:
    """What `_save` kept, if it was kept for this threshold and MARGIN."""
    try:
        with numpy.load(path) as kept:
            if kept["threshold"] != threshold or kept["margin"] != MARGIN:
                return None
            return {"keys": split_strings(kept["keys"]), "terms": split_strings(kept["terms"]),
                    "rows": csr_matrix((kept["data"], kept["indices"], kept["indptr"]), shape=tuple(kept["shape"])),
                    "u": kept["u"], "v": kept["v"]}
    except (OSError, ValueError, KeyError):
        return None

