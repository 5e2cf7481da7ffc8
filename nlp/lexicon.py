"""Dutch verb morphology from spaCy's lookup tables (spacy-lookups-data), for pipelines without a tagger.

The lookup table maps inflected forms to lemmas and the lemma index lists
Dutch verbs. From these we recognise past participles (*gesloten*,
*vastgesteld*, *ontwikkeld*, also forms the table does not list) and the
simple past forms it lists (*kregen*, *maakte*).
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import spacy_lookups_data
import srsly

SEPARABLE_PREFIXES = (
    "aan", "af", "bij", "door", "in", "mee", "na", "neer", "om", "onder", "op", "over", "samen",
    "terug", "toe", "uit", "vast", "voor", "weg", "vrij", "tegemoet", "teweeg", "bekend", "vorm", "plaats",
)
INSEPARABLE_PREFIXES = ("be", "ver", "ont", "her", "er", "ge")
HAS_GE = re.compile(f"(?:{'|'.join(SEPARABLE_PREFIXES)})?ge")  # ge- after an optional separable prefix
AUXILIARIES = frozenset(
    "zijn ben bent is was waren geweest hebben heb hebt heeft had hadden gehad worden word wordt werd werden "
    "geworden zullen zal zult zou zouden kunnen kan kun kunt kon konden moeten moet moest moesten mogen mag "
    "mocht mochten willen wil wilt wilde wilden wou blijven blijft bleef bleven gaan ga gaat ging gingen".split()
)
NOT_PARTICIPLES = frozenset("gebied gebieden gevolg gevolgen gesprek gezin gezinnen gegeven gegevens geld gelden gemeente geheel gericht gezondheid".split())


DATA = os.path.join(os.path.dirname(spacy_lookups_data.__file__), "data")


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Inflected form -> lemma (212k Dutch forms)."""
    return srsly.read_gzip_json(os.path.join(DATA, "nl_lemma_lookup.json.gz"))


@lru_cache(maxsize=1)
def word_index() -> dict[str, frozenset[str]]:
    """Dutch lemmas by part of speech: adj, noun, verb, adp, det."""
    return {pos: frozenset(words) for pos, words in srsly.read_gzip_json(os.path.join(DATA, "nl_lemma_index.json.gz")).items()}


@lru_cache(maxsize=1)
def infinitives() -> frozenset[str]:
    """Verb infinitives of the lemma index."""
    return frozenset(w for w in word_index()["verb"] if w.endswith("en") and len(w) > 3)


def _stem_candidates(core: str):
    """Infinitives a participle core (without ge-/-d/-t) may come from: maak -> maken, stel -> stellen."""
    yield core + "en"
    if len(core) > 2 and core[-1] == core[-2]:
        return
    yield core + core[-1] + "en"  # doubling: beleg -> beleggen
    if len(core) > 3 and core[-2] == core[-3] and core[-2] in "aeou":
        yield core[:-2] + core[-1] + "en"  # undoubling: hoog -> hogen, maak -> maken
    if core.endswith("f"):
        yield core[:-1] + "ven"
    if core.endswith("s"):
        yield core[:-1] + "zen"


@lru_cache(maxsize=65536)
def is_participle(word: str) -> bool:
    """Past participle of a verb: gesloten, vastgesteld, ontwikkeld, verhoogd, geïmplementeerd.

    Forms such as *verstrekt* are also present tense; the patterns that use
    this test require an auxiliary, which settles it.
    """
    w = word.lower()
    if len(w) < 5 or not w.isalpha() or w in NOT_PARTICIPLES or w in AUXILIARIES:
        return False
    verbs = infinitives()
    lemma = lemma_table().get(w)
    if lemma is not None and lemma != w:
        return lemma in verbs and w.endswith(("d", "t", "en")) and (_has_ge(w) or w.startswith(INSEPARABLE_PREFIXES))
    if w in verbs or w in word_index()["noun"]:
        return False
    for prefix in ("",) + SEPARABLE_PREFIXES:
        if not w.startswith(prefix):
            continue
        rest = w[len(prefix):]
        if rest.startswith("ge") and len(rest) > 4:
            core = "i" + rest[3:] if rest.startswith("geï") else rest[2:]
            if core.endswith("en"):  # strong: gesloten, getroffen, opgenomen
                return True
            if core.endswith(("d", "t")) and any(prefix + c in verbs or c in verbs for c in (*_stem_candidates(core[:-1]), *_stem_candidates(core))):
                return True
    if w.startswith(INSEPARABLE_PREFIXES[:-1]) and w.endswith(("d", "t")):
        return any(c in verbs for c in (*_stem_candidates(w[:-1]), *_stem_candidates(w)))
    return False


def _has_ge(w: str) -> bool:
    return HAS_GE.match(w) is not None


def lemma_of(word: str) -> str:
    w = word.lower()
    return lemma_table().get(w, w)


@lru_cache(maxsize=65536)
def is_infinitive(word: str) -> bool:
    w = word.lower()
    if lemma_table().get(w, w) != w:
        return False
    return w in infinitives() or (w.endswith("en") and any(w.startswith(p) and w[len(p):] in infinitives() for p in SEPARABLE_PREFIXES))


def _weak_stems(infinitive: str):
    """Possible stems of a verb: maken -> maak, zetten -> zet, ontwikkelen -> ontwikkel, leven -> leef."""
    base = infinitive[:-2]
    if len(base) < 2:
        return
    if base[-1] == base[-2] and base[-1] not in "aeiou":
        yield base[:-1]
        return
    base = base[:-1] + {"v": "f", "z": "s"}.get(base[-1], base[-1])
    yield base
    if len(base) > 2 and base[-2] in "aeou" and base[-3] not in "aeiou":
        yield base[:-2] + base[-2] + base[-2:]  # open syllable: mak -> maak


@lru_cache(maxsize=1)
def past_forms() -> frozenset[str]:
    """Simple past forms of full verbs: strong forms the lookup table lists (kregen, bedroeg) and weak
    forms made by the spelling rules ('t kofschip: maakte, zette, leefde, ontwikkelden)."""
    verbs, table, out = infinitives(), lemma_table(), set()
    for w, lemma in table.items():
        if lemma == w or lemma not in verbs or lemma in AUXILIARIES or not w.isalpha() or _has_ge(w):
            continue
        if not w.endswith(("end", "ende")) and not lemma.startswith(w) and not w.startswith(lemma[:-3]):
            out.add(w)
    nouns = word_index()["noun"]
    for verb in verbs:
        if verb in AUXILIARIES or not verb.isalpha():
            continue
        voiceless = verb[:-2].endswith(("t", "k", "f", "s", "ch", "p"))
        for stem in _weak_stems(verb):
            for suffix in (("te", "ten") if voiceless else ("de", "den")):
                form = stem + suffix
                if form not in nouns and table.get(form, verb) in (verb, form):
                    out.add(form)
    # zetten, breiden (also infinitives) and begrepen (also a participle) say nothing about tense
    return frozenset(w for w in out if w not in verbs and not is_participle(w))


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """A word's verb form from the lookup tables, so that unseen verbs generalise: INF (infinitive, also the
    plural present: *we ondersteunen*), PART (participle), PAST, FIN (other finite form: *ondersteunt*), else W."""
    if word in ("we", "wij"):
        return "WE"
    if is_participle(word):
        return "PART"
    if word in past_forms():
        return "PAST"
    if is_infinitive(word):
        return "INF"
    lemma = lemma_of(word)
    if lemma != word and lemma in infinitives():
        return "FIN"
    return "W"
