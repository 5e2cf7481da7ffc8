"""The national BBV policy indicators (nlp/bbv_indicators.toml), and which of them an indicator's name is."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "bbv_indicators.toml"
PER = re.compile(r"\bper (\d[\d.]*)")


@lru_cache(maxsize=1)
def indicator_set() -> dict:
    """The data file as read: {"version": ..., "indicator": [{code, name, variants, unit, ...}]}."""
    with open(DATA_FILE, "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def _names() -> list[tuple[tuple[str, ...], dict]]:
    """(words of a name or variant, indicator), longest first, so the most specific wording wins."""
    out = [(_words(name), ind) for ind in indicator_set()["indicator"] for name in [ind["name"], *ind.get("variants", [])]]
    return sorted(out, key=lambda pair: (-len(pair[0]), pair[0]))


def normalise(label: str) -> str:
    """Lower case without accents, bracketed parts, footnote digits, a leading % and punctuation other than hyphens."""
    s = unicodedata.normalize("NFKD", label.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"\([^)]*\)|\[[^]]*\]", " ", s)
    s = re.sub(r"(?<=[a-z])\d+\b", "", s)
    s = re.sub(r"[^\w\s.-]|(?<!\d)\.|\.(?!\d)", " ", s).strip(" %-")
    return " ".join(s.split())


def bbv_code(label: str) -> str | None:
    """The code of the BBV indicator a row label or indicator title names, if any.

    The label's words (as lemmas, without articles and a leading *Aandeel*, *Aantal* or *Percentage*)
    must start with the indicator's name or a variant; a unit in the label (*per 1.000 inwoners*) must
    not contradict the official one (*per 10.000 inwoners*)."""
    words = _words(label)
    words = words[1:] if words[:1] and words[0] in MEASURE_WORDS else words
    for name, ind in _names():
        if words[:len(name)] == name:
            mine, official = PER.search(label), PER.search(ind.get("unit", ""))
            if mine and official and mine.group(1).replace(".", "") != official.group(1).replace(".", ""):
                continue
            return ind["code"]
    return None


ARTICLES = frozenset("de het een".split())
MEASURE_WORDS = frozenset("aandeel aantal percentage procent".split())  # "Aandeel jongeren met jeugdhulp"


def _words(label: str) -> tuple[str, ...]:
    """The normalised words of a label as lemmas, articles left out: *Kinderen in uitkeringsgezinnen* and
    *kinderen in een uitkeringsgezin* are the same words. A compound the lookup table does not know is
    lemmatised by its head (nlp.compounds)."""
    return tuple(_lemma(w) for w in normalise(label).split() if w not in ARTICLES)


def _lemma(word: str) -> str:
    from .compounds import compound_boundaries, lemma, lemmas

    if len(word) < 4:  # function words: the table lemmatises "in" as the verb "innen"
        return word
    if word in lemmas():
        return lemma(word)
    heads = compound_boundaries(word)
    return word[:heads[-1]] + lemma(word[heads[-1]:]) if heads else word
