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

import re
from collections import Counter
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from nlp import compounds as nlp_compounds

WORD = r"\w+(?:[.,]\d+)*"
WORDS = re.compile(WORD).findall
CACHED_VALUE = 300  # values up to this length (titles, sections: they repeat) keep their postings in a cache
stem = lru_cache(maxsize=200_000)(stemmer_for_language("nl"))


def fold(word: str) -> str:
    return word.translate(accent_map)


@lru_cache(maxsize=200_000)
def index_terms(word: str) -> tuple[str, ...]:
    """The terms a lowercase word is indexed under, in a fixed order without repeats."""
    terms = dict.fromkeys(query_terms(word))
    todo = nlp_compounds.split_compound(word)
    while todo:
        part = todo.pop(0)
        terms[stem(fold(part))] = None
        todo += nlp_compounds.split_compound(part)
    return tuple(terms)


@lru_cache(maxsize=50_000)
def query_terms(word: str) -> tuple[str, ...]:
    """The terms a lowercase query word is looked up as: its stem and its lemma's stem."""
    return tuple(dict.fromkeys((stem(fold(word)), stem(fold(nlp_compounds.lemma(word))))))


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


# Indexing: Whoosh pulls every term through a chain of generators (tokenizer, filters, format, field);
# these fields compute the same postings of a value in one loop, cached for short values (titles and
# sections repeat).

@lru_cache(maxsize=200_000)
def _index_terms_of(word: str) -> tuple[bytes, ...]:
    return tuple(term.encode() for term in index_terms(word.lower()))


@lru_cache(maxsize=200_000)
def _plain_term_of(word: str) -> bytes:
    return fold(word.lower()).encode()


_encode_positions = Positions().encode


@lru_cache(maxsize=10_000)
def _one_position(pos: int) -> bytes:
    return _encode_positions([pos])


def dutch_postings(value: str) -> list[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, encoded positions) of `dutch_analyzer()` in a Positions field."""
    poses: dict[bytes, list[int]] = {}
    for pos, word in enumerate(WORDS(value)):
        for term in _index_terms_of(word):
            if term in poses:
                poses[term].append(pos)
            else:
                poses[term] = [pos]
    return [(term, len(p), float(len(p)), _one_position(p[0]) if len(p) == 1 else _encode_positions(p))
            for term, p in poses.items()]


def plain_postings(value: str) -> list[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, encoded frequency) of `plain_analyzer()` in a Frequency field."""
    return [(term, n, float(n), pack_uint(n)) for term, n in Counter(map(_plain_term_of, WORDS(value))).items()]


class FastText(TEXT):
    """A TEXT field indexing a string with `postings` (cached for short strings), which must give exactly
    what Whoosh's generic path through the field's analyzer and format gives."""

    postings = cached_postings = None

    def index(self, value, **kwargs):
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)
        return (self.cached_postings if len(value) <= CACHED_VALUE else self.postings)(value)


class DutchText(FastText):
    """Stored text with the Dutch analysis, phrases and "or" between the words of a query."""

    postings = staticmethod(dutch_postings)
    cached_postings = staticmethod(lru_cache(maxsize=4096)(dutch_postings))

    def __init__(self):
        super().__init__(stored=True, analyzer=dutch_analyzer(), multitoken_query="or")


class PlainText(FastText):
    """Words as written, without phrases: the vocabulary for spelling suggestions."""

    postings = staticmethod(plain_postings)
    cached_postings = staticmethod(lru_cache(maxsize=4096)(plain_postings))

    def __init__(self):
        super().__init__(analyzer=plain_analyzer(), phrase=False)
