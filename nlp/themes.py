"""Themes from the codebook (nlp/codebook.toml): per block, and per item with the words that triggered them."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import spacy
from spacy.lookups import load_lookups
from spacy.matcher import Matcher
from spacy.util import filter_spans

CODEBOOK = Path(__file__).with_name("codebook.toml")
MIN_PART = 5  # a signal word this long also matches inside a compound
FIRST_PART = r"(?:[^\W\d_]{4,}-?)?"  # 'probleem' in 'probleemschulden'
ENDING = r"(?:|e|en|n|s|'s|es|er|ers|ing|ingen|-?[^\W\d_]{3,}.*)"  # inflection or a second part
_matchers: dict[tuple, tuple] = {}  # (id(vocab), with lemmas) -> (vocab, Matcher)


@cache
def load_codebook() -> dict:
    """The parsed codebook: {"version": str, "theme": [{"code", "label_nl", "label_en", "definition_nl", "definition_en", "signals"}]}."""
    return tomllib.loads(CODEBOOK.read_text(encoding="utf-8"))


@cache
def _tokenizer():
    return spacy.blank("nl").tokenizer


def dutch_words(text: str) -> list[str]:
    """The tokens of a short text as spaCy's Dutch tokenizer splits it (for building patterns)."""
    return [t.text for t in _tokenizer()(text)]


@cache
def _lemma_table():
    return load_lookups("nl", ["lemma_lookup"]).get_table("lemma_lookup")


def lookup_lemma(word: str) -> str:
    """The lemma of a lower-case Dutch word from spacy-lookups-data (the word itself if unknown)."""
    return _lemma_table().get(word, word)


def signal_patterns(signals: list[str], lemmas: bool = True) -> list[list[dict]]:
    """Matcher patterns for a theme's signals: phrases, whole short words, and compound parts (by lemma too if `lemmas`)."""
    patterns, words, parts = [], [], []
    for signal in signals:
        tokens = [w.lower() for w in dutch_words(signal)]
        if len(tokens) > 1:
            patterns.append([{"LOWER": t} for t in tokens])
            if lemmas:
                patterns.append([{"LEMMA": lookup_lemma(t)} for t in tokens])
        elif len(signal) >= MIN_PART:
            parts.append(re.escape(tokens[0]))
        else:
            words.append(tokens[0])
    if words:
        patterns.append([{"LOWER": {"IN": words}}])
        if lemmas:
            patterns.append([{"LEMMA": {"IN": words}}])
    if parts:
        patterns.append([{"LOWER": {"REGEX": f"^{FIRST_PART}(?:{'|'.join(parts)}){ENDING}$"}}])
    return patterns


def theme_matcher(vocab, lemmas: bool) -> Matcher:
    """The codebook's Matcher for this vocab (with lemma patterns if the pipeline lemmatises), compiled once."""
    key = (id(vocab), lemmas)
    cached = _matchers.get(key)
    if cached is None or cached[0] is not vocab:
        matcher = Matcher(vocab)
        for theme in load_codebook()["theme"]:
            matcher.add(theme["code"], signal_patterns(theme["signals"], lemmas))
        cached = _matchers[key] = (vocab, matcher)
    return cached[1]


def theme_hits(spacy_doc, offset: int) -> list[tuple[int, int, str, str]]:
    """(start, end, code, words) of every theme signal in a block, offsets into the document text."""
    spans = theme_matcher(spacy_doc.vocab, spacy_doc.has_annotation("LEMMA"))(spacy_doc, as_spans=True)
    by_code: dict[str, list] = {}
    for span in spans:
        by_code.setdefault(span.label_, []).append(span)
    return sorted(
        (offset + s.start_char, offset + s.end_char, code, s.text)
        for code, group in by_code.items() for s in filter_spans(group)
    )


def assign_themes(doc, spacy_docs, items) -> list[list[str]]:
    """Themes of every block; also sets `themes` and `evidence` on the items from their own spans."""
    hits = [theme_hits(d, b.start) for d, b in zip(spacy_docs, doc.blocks)]
    for item in items:
        evidence: dict[str, list[str]] = {}
        n = item.block
        while n < len(doc.blocks) and doc.blocks[n].start < item.end:
            for start, end, code, words in hits[n]:
                if item.start <= start and end <= item.end and words not in evidence.setdefault(code, []):
                    evidence[code].append(words)
            n += 1
        item.themes = sorted(evidence)
        item.evidence = {code: evidence[code] for code in item.themes}
    return [sorted({code for _, _, code, _ in block_hits}) for block_hits in hits]
