"""Themes from the codebook (nlp/codebook.toml): per block, and per item with the words that triggered them."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import numpy
from spacy.attrs import IDX, LEMMA, LENGTH, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .lexicon import lemma_of

CODEBOOK = Path(__file__).with_name("codebook.toml")
MIN_PART = 5  # a signal word this long also matches inside a compound
FIRST_PART = r"(?:[^\W\d_]{4,}-?)?"  # 'probleem' in 'probleemschulden'
ENDING = r"(?:|e|en|n|s|'s|es|er|ers|ing|ingen|-?[^\W\d_]{3,}.*)"  # inflection or a second part
Doc.set_extension("theme_hits", default=None)  # set by policy_themes: [(start char, end char, code)], sorted


@cache
def load_codebook(path: Path = CODEBOOK) -> dict:
    """The parsed codebook: {"version": str, "theme": [{"code", "label_nl", "label_en", "definition_nl", "definition_en", "signals"}]}."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def dutch_words(text: str, tokenizer) -> list[str]:
    """The tokens of a short text as the pipeline's tokenizer splits it (for building patterns)."""
    return [t.text for t in tokenizer(text)]


class ThemeMatcher:
    """The codebook compiled for one vocab: phrase signals in PhraseMatchers (by lower case and by lemma),
    one-word signals decided once per distinct word (whole short words; longer words also as compound parts)."""

    def __init__(self, tokenizer, lemmas: bool, codebook: dict):
        vocab = tokenizer.vocab
        self.phrases = [PhraseMatcher(vocab, attr="LOWER")] + ([PhraseMatcher(vocab, attr="LEMMA")] if lemmas else [])
        self.words: list[tuple[str, frozenset[str], re.Pattern | None]] = []  # (code, whole words, compound regex)
        for theme in codebook["theme"]:
            whole, parts = set(), []
            for signal in theme["signals"]:
                tokens = [w.lower() for w in dutch_words(signal, tokenizer)]
                if len(tokens) > 1:
                    self.phrases[0].add(theme["code"], [Doc(vocab, words=tokens)])
                    if lemmas:
                        self.phrases[1].add(theme["code"], [Doc(vocab, words=tokens, lemmas=[lemma_of(t) for t in tokens])])
                elif len(signal) >= MIN_PART:
                    parts.append(re.escape(tokens[0]))
                else:
                    whole.add(tokens[0])
            regex = re.compile(f"^{FIRST_PART}(?:{'|'.join(parts)}){ENDING}$") if parts else None
            self.words.append((theme["code"], frozenset(whole), regex))
        self.lemmas = lemmas
        self.strings = vocab.strings
        self.cache: dict[tuple[int, int], tuple[str, ...]] = {}

    def word_codes(self, lower: str, lemma: str) -> tuple[str, ...]:
        return tuple(code for code, whole, regex in self.words
                     if lower in whole or lemma in whole or (regex is not None and regex.match(lower)))

    def __call__(self, doc) -> list[tuple[int, int, str]]:
        """(start token, end token, code) of every signal in the Doc."""
        hits = [(s, e, doc.vocab.strings[m]) for matcher in self.phrases for m, s, e in matcher(doc)]
        if not len(doc):
            return hits
        lowers, lemmas = doc.to_array(LOWER), doc.to_array(LEMMA)
        words, first, where = numpy.unique(lowers, return_index=True, return_inverse=True)
        codes = [self._codes(key) for key in zip(words.tolist(), lemmas[first].tolist())]
        has_codes = numpy.array([bool(c) for c in codes])[where]
        other_lemma = lemmas != lemmas[first][where]  # a word lemmatised differently elsewhere (tagged pipelines)
        for i in numpy.flatnonzero(has_codes & ~other_lemma).tolist():
            hits += [(i, i + 1, code) for code in codes[where[i]]]
        for i in numpy.flatnonzero(other_lemma).tolist():
            hits += [(i, i + 1, code) for code in self._codes((int(lowers[i]), int(lemmas[i])))]
        return hits

    def _codes(self, key: tuple[int, int]) -> tuple[str, ...]:
        codes = self.cache.get(key)
        if codes is None:
            strings = self.strings
            codes = self.cache[key] = self.word_codes(strings[key[0]], strings[key[1]] if key[1] else "")
        return codes


@Language.factory("policy_themes", default_config={"codebook": None}, requires=["token.lemma"], assigns=["doc._.theme_hits"])
def make_policy_themes(nlp: Language, name: str, codebook: str | None):
    """The codebook's signals (nlp/codebook.toml, or the codebook file at `codebook`) found in every Doc."""
    return PolicyThemes(nlp.tokenizer, load_codebook(Path(codebook) if codebook else CODEBOOK))


class PolicyThemes:
    """Sets `doc._.theme_hits`: (start, end, code) of every theme signal, character offsets into the Doc's text,
    sorted; a signal inside a longer one of the same theme is not counted twice. (Not the words: `Doc.text`
    makes a Token of every token, which costs more than the matching.)"""

    def __init__(self, tokenizer, codebook: dict):
        self.tokenizer, self.codebook = tokenizer, codebook
        self.matchers: dict[bool, ThemeMatcher] = {}  # with lemma patterns or not: whether the Docs have lemmas

    def __call__(self, doc: Doc) -> Doc:
        lemmas = doc.has_annotation("LEMMA")
        matcher = self.matchers.get(lemmas)
        if matcher is None:
            matcher = self.matchers[lemmas] = ThemeMatcher(self.tokenizer, lemmas, self.codebook)
        hits = sorted(set(matcher(doc)), key=lambda h: (h[2], h[0], -h[1]))
        kept, code, reach = [], None, -1
        for s, e, c in hits:  # per code by start, longer first: a hit is inside another iff an earlier one reaches its end
            if c != code:
                code, reach = c, -1
            if e > reach:
                kept.append((s, e, c))
            reach = max(reach, e)
        idx, length = (doc.to_array(IDX), doc.to_array(LENGTH)) if kept else ([], [])
        doc._.theme_hits = sorted((int(idx[s]), int(idx[e - 1] + length[e - 1]), c) for s, e, c in kept)
        return doc


def assign_themes(doc, features, items) -> list[list[str]]:
    """Themes of every block; also sets `themes` and `evidence` on the items: from their own span, and for a
    heading item (the title of a section) also from the text of its section, up to the next heading."""
    hits = [f.theme_hits for f in features]
    for item in items:
        evidence: dict[str, list[str]] = {}
        n, end = item.block, item.end
        if doc.blocks[n].kind == "heading":
            end = doc.blocks[doc.body_of(n).stop - 1].end
        while n < len(doc.blocks) and doc.blocks[n].start < end:
            for start, stop, code, words in hits[n]:
                if item.start <= start and stop <= end and words not in evidence.setdefault(code, []):
                    evidence[code].append(words)
            n += 1
        item.themes = sorted(evidence)
        item.evidence = {code: evidence[code] for code in item.themes}
    return [sorted({code for _, _, code, _ in block_hits}) for block_hits in hits]
