"""`array_sentencizer`: spaCy's rule-based Sentencizer with its rule computed on token arrays.

Same rule and settings as spacy.pipeline.Sentencizer (a sentence starts at the first
non-punctuation token after one of its punct_chars; preset starts are kept unless
`overwrite`), without creating a Token object per token.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer

from .arrays import member_mask, sorted_keys

UNSET, START, INSIDE = 0, 1, numpy.uint64(2**64 - 1)  # SENT_START values as to_array gives them (-1 wraps)


@Language.factory("array_sentencizer", default_config={"punct_chars": None, "overwrite": False}, assigns=["token.is_sent_start"])
def make_array_sentencizer(nlp: Language, name: str, punct_chars, overwrite: bool):
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)


class ArraySentencizer(Sentencizer):
    def predict(self, docs):
        return [self._starts(doc) for doc in docs]

    def _starts(self, doc) -> numpy.ndarray:
        if not len(doc):
            return numpy.zeros(0, dtype=bool)
        marks = member_mask(doc.to_array(ORTH), self._marks(doc.vocab))
        words = numpy.flatnonzero(~(doc.to_array(IS_PUNCT).astype(bool) | marks))
        seen = numpy.cumsum(marks)[words]  # marks up to each word
        fired = numpy.diff(seen, prepend=0) > 0  # a mark since the previous word
        starts = numpy.zeros(len(doc), dtype=bool)
        starts[words[fired]] = True
        starts[0] = True
        return starts

    def _marks(self, vocab) -> numpy.ndarray:
        if getattr(self, "_marks_of", (None,))[0] is not vocab:
            self._marks_of = (vocab, sorted_keys(vocab.strings.add(c) for c in self.punct_chars))
        return self._marks_of[1]

    def set_annotations(self, docs, batch_tag_ids):
        for doc, starts in zip(docs, batch_tag_ids):
            if not len(doc):
                continue
            guessed = numpy.where(starts, numpy.uint64(START), INSIDE)
            current = doc.to_array(SENT_START)
            values = guessed if self.overwrite else numpy.where(current == UNSET, guessed, current)
            doc.from_array([SENT_START], values.reshape(-1, 1))
