"""Dutch text analysis for the index: words, accent folding, Snowball stems, lookup lemmas, compound parts.

Every word becomes, at one position: its Snowball Dutch stem, the stem of its
spaCy lookup lemma (kinderen -> kind) and, when indexing, the stems of its
compound parts and their sub-parts (schulddienstverlening -> schuld,
dienstverlening, dienst, verlening). Queries get the stem and the lemma stem
only, so `schuld` finds every compound with a schuld part while
`woningcorporatie` does not find every woning. Accents are folded after the
lemma lookup, so "één" is found as "een".
"""
from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

WORD = r"\w+(?:[.,]\d+)*"
stem = lru_cache(maxsize=200_000)(stemmer_for_language("nl"))


@lru_cache(maxsize=1)
def compounds():
    """nlp.compounds; imported on its own when the nlp package (and so spaCy) is not loaded, to keep search fast."""
    if "nlp" in sys.modules:
        from nlp import compounds as module
        return module
    spec = importlib.util.spec_from_file_location("nlp_compounds", Path(__file__).parent.parent / "nlp" / "compounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fold(word: str) -> str:
    return word.translate(accent_map)


@lru_cache(maxsize=200_000)
def index_terms(word: str) -> tuple[str, ...]:
    """The terms a lowercase word is indexed under, in a fixed order without repeats."""
    terms = dict.fromkeys(query_terms(word))
    todo = compounds().split_compound(word)
    while todo:
        part = todo.pop(0)
        terms[stem(fold(part))] = None
        todo += compounds().split_compound(part)
    return tuple(terms)


@lru_cache(maxsize=50_000)
def query_terms(word: str) -> tuple[str, ...]:
    """The terms a lowercase query word is looked up as: its stem and its lemma's stem."""
    return tuple(dict.fromkeys((stem(fold(word)), stem(fold(compounds().lemma(word))))))


class DutchFilter(Filter):
    """Replaces each token by its terms at the same position (compound parts only when indexing)."""

    is_morph = True

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            if token.mode == "query":
                terms = query_terms(token.text)
            else:
                terms = index_terms(token.text)
            for term in terms:
                token.text = term
                yield token


class FoldFilter(Filter):
    """Accent folding for the unstemmed spelling field."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def dutch_analyzer():
    return RegexTokenizer(WORD) | LowercaseFilter() | DutchFilter()


def plain_analyzer():
    """Words as written (lowercased, accents folded): the vocabulary for spelling suggestions."""
    return RegexTokenizer(WORD) | LowercaseFilter() | FoldFilter()
