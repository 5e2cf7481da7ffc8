"""`cached_lookup_lemmatizer`: spaCy's Dutch lookup lemmatization (spacy-lookups-data's lemma_lookup
table, looked up in lower case, as spacy.lang.nl.DutchLemmatizer does in lookup mode), with the lemma
of every distinct word computed once, looked up once per distinct word of a Doc and set in one array operation."""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language

from .lexicon import lemma_table


@Language.factory("cached_lookup_lemmatizer", assigns=["token.lemma"])
def make_cached_lookup_lemmatizer(nlp: Language, name: str):
    return CachedLookupLemmatizer()


class CachedLookupLemmatizer:
    def __init__(self):
        self.table = lemma_table()
        self.cache: dict[int, int] = {}  # LOWER hash -> LEMMA hash

    def __call__(self, doc):
        if not len(doc):
            return doc
        words, where = numpy.unique(doc.to_array(LOWER), return_inverse=True)
        strings, cache = doc.vocab.strings, self.cache
        lemmas = []
        for lower in words.tolist():
            lemma = cache.get(lower)
            if lemma is None:
                word = strings[lower]
                lemma = cache[lower] = strings.add(self.table.get(word, word))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64")[where].reshape(-1, 1))
        return doc
