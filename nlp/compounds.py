"""Dutch compound splitting over the word list of spacy-lookups-data.

The vocabulary is every form and lemma of the Dutch lookup tables
(`nl_lemma_lookup`, `nl_lemma_index`, `nl_lemma_exc`: about 400k words),
read once and cached as pickles in ~/.cache/beleidsvergelijker, keyed by
this module's code and the lookups package's version.
Dutch compounds are right-headed: a word splits into a modifier, an optional
linking morpheme (-s-, -en-, -e-) and a head that is a vocabulary word; the
modifier is a vocabulary word or itself a compound. Among the splits the one
with the fewest words wins, then the one with the longest shortest part.

    split_compound("vroegsignaleringsaanpak") == ["vroegsignalering", "aanpak"]
    split_compound("probleemschulden") == ["probleem", "schuld"]
"""
from __future__ import annotations

import gzip
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path

import spacy_lookups_data

from common.code import code_hash
from common.files import write_atomic

DATA = Path(spacy_lookups_data.__file__).parent / "data"
TABLES = ("nl_lemma_lookup.json.gz", "nl_lemma_index.json.gz", "nl_lemma_exc.json.gz")
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "beleidsvergelijker"
MIN_PART = 4
LINKS = ("", "s", "en", "e")
# Derivational suffixes that happen to be words too ("beta-ling"): never a head.
SUFFIX_WORDS = frozenset("ling lingen heid heden schap schappen isme baar lijk loos achtig erij tjes".split())


@lru_cache(maxsize=1)
def lemmas() -> dict[str, str]:
    """form -> lookup lemma, for forms whose lemma differs."""
    return _cached("lemmas", lambda tables: {form: lemma for form, lemma in _lemma_map(tables).items() if form != lemma})


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(every known word, the words that are lemmas)."""
    def build(tables):
        lookup, index, _ = tables
        lemma_words = {w for table in index.values() for w in table} | set(lookup.values())
        words = lemma_words | set(_lemma_map(tables))
        return frozenset(w for w in words if w.isalpha() and w.islower()), frozenset(lemma_words)
    return _cached("words", build)


def lemma(word: str) -> str:
    """The lookup lemma of a lowercase word (the word itself when the tables do not know it)."""
    return lemmas().get(word, word)


def _lemma_map(tables) -> dict[str, str]:
    lookup, _, exc = tables
    result = {form: forms[0] for table in exc.values() for form, forms in table.items() if forms}
    result.update(lookup)
    return result


def _cached(name: str, build):
    """The table `name`, from the pickle cache, else built from the lookup tables and cached."""
    path = CACHE_DIR / f"nl-{name}-{code_hash(('nlp/compounds.py',), ('spacy-lookups-data',))[:16]}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    result = build([json.load(gzip.open(DATA / table, "rt", encoding="utf-8")) for table in TABLES])
    try:
        write_atomic(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return result


def split_compound(word: str) -> list[str]:
    """The lemmatised parts of a compound (modifier parts may be compounds themselves); [] if it is none."""
    best = _best(word)
    if not best:
        return []
    lemma_words = vocabulary()[1]
    return [p if p in lemma_words else lemma(p) for p in best[1]]


def compound_boundaries(word: str) -> list[int]:
    """Character offsets inside `word` where the parts of the compound meet (after a linking morpheme)."""
    best = _best(word)
    return [b for b in best[2] if b < len(word)] if best else []


def _best(word: str):
    """Split an inflected form through its lemma (kinderen -> kind, not kind + eren)."""
    word = word.lower()
    return _split(lemma(word) if word in lemmas() else word)


@lru_cache(maxsize=65536)
def _split(word: str) -> tuple[tuple, tuple[str, ...], tuple[int, ...]] | None:
    """(rank, surface parts, boundaries) of the best split of `word` into modifier + link + head, or None."""
    words = vocabulary()[0]
    best = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if head not in words or head in SUFFIX_WORDS:
            continue
        for link in LINKS:
            modifier = word[:cut - len(link)] if link else word[:cut]
            if len(modifier) < MIN_PART or not word[:cut].endswith(link):
                continue
            if modifier in words:
                leaves, shortest, bounds = 1, len(modifier), ()
            else:
                inner = _split(modifier)
                if not inner:
                    continue
                leaves, shortest, bounds = -inner[0][0], inner[0][1], inner[2]
            rank = (-(leaves + 1), min(shortest, len(head)), len(head), -len(link))
            if best is None or rank > best[0]:
                best = (rank, (modifier, head), bounds + (cut,))
    return best
