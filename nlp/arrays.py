"""Array helpers for token attributes (uint64 hashes)."""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START


def sorted_keys(hashes) -> numpy.ndarray:
    return numpy.array(sorted(set(hashes)), dtype="uint64")


def member_mask(values: numpy.ndarray, keys: numpy.ndarray) -> numpy.ndarray:
    """values[i] in keys, for sorted keys (numpy.isin hashes the whole of `values`: far slower here)."""
    if not len(keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
    return keys[at] == values


def sentence_bounds(doc) -> list[int]:
    """The token index of every sentence start (the first token always is one), then len(doc)."""
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if len(doc) else []
    return ([0] if not starts or starts[0] else []) + starts + [len(doc)]
