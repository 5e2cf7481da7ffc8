"""Array helpers for token attributes (uint64 hashes)."""
from __future__ import annotations

import numpy


def sorted_keys(hashes) -> numpy.ndarray:
    return numpy.array(sorted(set(hashes)), dtype="uint64")


def member_mask(values: numpy.ndarray, keys: numpy.ndarray) -> numpy.ndarray:
    """values[i] in keys, for sorted keys (numpy.isin hashes the whole of `values`: far slower here)."""
    if not len(keys):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(keys, values), len(keys) - 1)
    return keys[at] == values
