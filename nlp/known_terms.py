"""What the last build counted for `compare.similarity_vectors`, kept in a file for the next: each text's
lemmas and each lemma's character n-gram counts. Reused, they give the same integer counts as counting
again, so the same rows. They are kept with the `recipe` they were counted by, and used only with it."""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy
from scipy.sparse import csr_matrix, vstack


@dataclass
class KnownTerms:
    words: dict[str, list[str]] = field(default_factory=dict)  # text key -> its lemmas and theme words
    lemmas: list[str] = field(default_factory=list)  # the rows of `counts`
    ngrams: list[str] = field(default_factory=list)  # its columns
    counts: csr_matrix = field(default_factory=lambda: csr_matrix((0, 0), dtype=numpy.int64))


@lru_cache(maxsize=1)
def recipe() -> str:
    """What the counts depend on: the code that counts (compare, themes, lexicon, this module) and the versions
    of spaCy (stop words), spacy-lookups-data (lemmas) and scikit-learn (character n-grams)."""
    h = hashlib.sha256()
    for name in ("compare.py", "themes.py", "lexicon.py", "known_terms.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    for package in ("spacy", "spacy-lookups-data", "scikit-learn"):
        h.update(importlib.metadata.version(package).encode())
    return h.hexdigest()


def load(path: Path | None) -> KnownTerms:
    """What `save` kept in the file by this `recipe`; nothing if there is no such file (or it cannot be read)."""
    try:
        with numpy.load(path) as kept:
            if split_strings(kept["recipe"]) != [recipe()]:
                return KnownTerms()
            keys, words = split_strings(kept["keys"]), split_strings(kept["words"])
            lemmas, ngrams = split_strings(kept["lemmas"]), split_strings(kept["ngrams"])
            counts = csr_matrix((kept["data"], kept["indices"], kept["indptr"]), shape=(len(lemmas), len(ngrams)))
        return KnownTerms(dict(zip(keys, (w.split(" ") if w else [] for w in words))), lemmas, ngrams, counts)
    except (OSError, ValueError, KeyError, TypeError):
        return KnownTerms()


def save(path: Path, keys: list[str], words: list[list[str]], lemmas: list[str], ngrams: list[str], counts) -> None:
    """Keep the texts' words (by key) and the lemmas' n-gram counts (written whole, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as f:
        numpy.savez(f, recipe=join_strings([recipe()]), keys=join_strings(keys), words=join_strings([" ".join(w) for w in words]), lemmas=join_strings(lemmas),
                    ngrams=join_strings(ngrams), data=counts.data, indices=counts.indices, indptr=counts.indptr)
    os.replace(partial, path)


def lemma_ngrams(vocabulary: list[str], known: KnownTerms, count):
    """(n-gram counts of the lemmas, the n-grams in order) as `count(lemmas)` gives them for the vocabulary:
    the kept rows of known lemmas, `count` for the others, columns of n-grams no lemma has left out."""
    row_of = {lemma: n for n, lemma in enumerate(known.lemmas)}
    new = [lemma for lemma in vocabulary if lemma not in row_of]
    new_counts, new_ngrams = count(new) if new else (csr_matrix((0, 0), dtype=numpy.int64), [])
    names = sorted(set(known.ngrams).union(new_ngrams))
    column_of = {ngram: n for n, ngram in enumerate(names)}
    parts = []
    for counts, ngrams in [(known.counts, known.ngrams), (new_counts, new_ngrams)]:
        columns = numpy.array([column_of[g] for g in ngrams], dtype=numpy.int64)
        parts.append(csr_matrix((counts.data, columns[counts.indices], counts.indptr), shape=(counts.shape[0], len(names))))
    stacked = vstack(parts, format="csr")
    new_row = {lemma: len(known.lemmas) + n for n, lemma in enumerate(new)}
    counts = stacked[[row_of[lemma] if lemma in row_of else new_row[lemma] for lemma in vocabulary]]
    used = numpy.flatnonzero(numpy.bincount(counts.indices, minlength=len(names)))
    counts = counts[:, used].tocsr()
    counts.sort_indices()
    return counts, [names[n] for n in used]


def join_strings(strings: list[str]) -> numpy.ndarray:
    return numpy.frombuffer("\n".join(strings).encode("utf-8"), dtype=numpy.uint8)


def split_strings(joined: numpy.ndarray) -> list[str]:
    return joined.tobytes().decode("utf-8").split("\n") if len(joined) else []
