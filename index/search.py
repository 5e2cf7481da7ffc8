"""Query the index: Whoosh query language over `text`, filters, snippets and spelling suggestions."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import index as whoosh_index
from whoosh import qparser
from whoosh import query as q
from whoosh.spelling import ReaderCorrector

from .analysis import WORD, fold, query_terms
from .writing import word_list_ext

SNIPPET_WORDS = 32


class QuerySyntaxError(ValueError):
    """A query the user has to fix (one line)."""


@dataclass
class Hit:
    kind: str
    municipality: str
    year: int
    doc_type: str
    doc_id: str
    section: str
    start: int
    end: int
    url: str
    title: str
    snippet: str
    score: float


class WordPhrase(q.Phrase):
    """A phrase of one term per word. The Dutch analysis gives a query word its stem and its lemma's stem
    (doorontwikkeld, doorontwikkel) at one position, which Whoosh's phrase would take for two words in a
    row and find nothing; the index has both at the word's position, so its stem alone finds it."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None):
        if char_ranges and len(char_ranges) == len(words):
            kept = [n for n, span in enumerate(char_ranges) if n == 0 or span == (None, None) or span != char_ranges[n - 1]]
            words, char_ranges = [words[n] for n in kept], [char_ranges[n] for n in kept]
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)


@lru_cache(maxsize=4)
def open_index(index_dir: Path):
    """The index and its query parser, opened once per process."""
    ix = whoosh_index.open_dir(index_dir)
    parser = qparser.QueryParser("text", ix.schema, phraseclass=WordPhrase)
    parser.remove_plugin_class(qparser.FieldAliasPlugin)
    return ix, parser


def check_syntax(text: str) -> None:
    """Whoosh parses anything; catch what it would silently misread."""
    if not text.strip():
        raise QuerySyntaxError("empty query")
    if text.count('"') % 2:
        raise QuerySyntaxError('unbalanced quote (") in the query')
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("closing parenthesis without an opening one in the query")
    if depth:
        raise QuerySyntaxError("unclosed parenthesis in the query")
    if re.search(r"(?:^|[\s(])[A-Za-z_]+:(\s|$)", text):
        raise QuerySyntaxError("a field name needs a value, as in municipality:Arnhem")
    if re.search(r"(^|\s)(AND|OR|NOT)\s*$|^\s*(AND|OR)\s", text):
        raise QuerySyntaxError("AND, OR and NOT need a word on both sides")


def search(index_dir: Path, text: str, filters: dict, limit: int, mark=("»", "«")) -> tuple[list[Hit], int, str | None]:
    """(hits, total, suggested query or None); `filters` maps municipality/year/doc_type/kind/themes to a value."""
    check_syntax(text)
    ix, parser = open_index(index_dir)
    unknown = sorted(set(re.findall(r"(?:^|[\s(+-])([A-Za-z_]+):", re.sub(r'"[^"]*"', "", text))) - set(ix.schema.names()))
    if unknown:
        raise QuerySyntaxError(f"unknown field {unknown[0]!r}; fields: kind, municipality, year, doc_type, doc_id, themes, section, title, text")
    parsed = parser.parse(text)
    if parsed is q.NullQuery:
        raise QuerySyntaxError(f"nothing to search for in {text!r}")
    with ix.searcher() as searcher:
        check_filters(searcher.reader(), filters)
        results = searcher.search(parsed, filter=filter_query(filters), limit=None)
        terms, patterns = highlight_terms(parsed)
        # one hit per place, ranked by its best match, showing the passage if it matched; read from the
        # place and kind columns, so stored fields are loaded only for the hits shown
        place_of, kind_of = (searcher.reader().column_reader(f) for f in ("place", "kind"))
        places: dict[str, tuple[int, float]] = {}
        for docnum, score in results.items():
            place = place_of[docnum]
            if place not in places:
                places[place] = (docnum, score)
            elif kind_of[docnum] == "passage" and kind_of[places[place][0]] != "passage":
                places[place] = (docnum, places[place][1])
        hits = []
        for docnum, score in list(places.values())[:limit]:
            r = searcher.stored_fields(docnum)
            hits.append(Hit(r["kind"], r["municipality"], r["year"], r["doc_type"], r["doc_id"], r["section"], r["start"], r["end"],
                            r["url"], r["title"], snippet(r["text"], terms, mark, patterns), round(score, 4)))
        total = len(places)
        suggestion = None if total else suggest(searcher, text)
    return hits, total, suggestion


FILTER_OPTIONS = {"municipality": "--municipality", "year": "--year", "doc_type": "--type", "themes": "--theme"}


def corpus_values(reader, field: str) -> dict:
    """{indexed term: value as shown} of a filter field, for the documents in the index."""
    values = {}
    for term in reader.lexicon(field):
        postings = reader.postings(field, term)
        if not postings.is_active():  # only deleted records have it
            continue
        if field == "year":
            values[reader.schema["year"].from_bytes(term)] = reader.schema["year"].from_bytes(term)
        else:
            shown = reader.stored_fields(postings.id())[field]
            values[term.decode()] = term.decode() if field == "themes" else shown
    return values


def check_filters(reader, filters: dict) -> None:
    """A filter value that no document has is a mistake: say so, with the values there are."""
    for field, option in FILTER_OPTIONS.items():
        value = filters.get(field)
        if value is None:
            continue
        values = corpus_values(reader, field)
        if (value if field == "year" else fold(str(value).lower())) not in values:
            known = ", ".join(str(v) for v in sorted(set(values.values()), key=str))
            raise QuerySyntaxError(f"{option} '{value}' is not in the corpus; it has: {known}")


def filter_query(filters: dict):
    terms = []
    for field, value in filters.items():
        if value is None:
            continue
        if field == "year":
            terms.append(q.NumericRange("year", value, value))
        else:
            terms.append(q.Term(field, fold(str(value).lower())))
    return q.And(terms) if terms else None


def highlight_terms(parsed) -> tuple[set[str], list[re.Pattern]]:
    """The query's terms in the text field, and its wildcards (schuld*, ?ohn) as patterns."""
    terms = {text.decode() if isinstance(text, bytes) else text for field, text in parsed.iter_all_terms() if field in ("text", None)}
    patterns = [re.compile(fnmatch.translate(fold(node.text.lower()) + ("*" if isinstance(node, q.Prefix) else "")))
                for node in parsed.leaves() if isinstance(node, (q.Wildcard, q.Prefix)) and node.fieldname in ("text", None)]
    return terms, patterns


def snippet(text: str, terms: set[str], mark=("»", "«"), patterns=()) -> str:
    """About SNIPPET_WORDS words of `text` around the densest hits, hits marked.

    A word hits when one of its terms is a query term, or a query term of four
    letters or more is part of it (the compound parts the index matched on), or
    it or one of its terms matches a wildcard pattern.
    """
    words = list(re.finditer(WORD, text))
    long_terms = [t for t in terms if len(t) >= 4]

    def hits(match) -> bool:
        word = match.group().lower()
        own = query_terms(word)
        return (any(t in terms for t in own) or any(t in fold(word) for t in long_terms)
                or any(p.match(w) for p in patterns for w in (fold(word), *own)))

    hit_at = [n for n, m in enumerate(words) if hits(m)]
    first = 0
    if hit_at:
        best = max(hit_at, key=lambda h: (sum(h <= n < h + SNIPPET_WORDS - 3 for n in hit_at), -h))
        first = max(0, min(best - 3, len(words) - SNIPPET_WORDS))
    chosen = words[first:first + SNIPPET_WORDS]
    if not chosen:
        return text
    start, end = chosen[0].start(), chosen[-1].end()
    end += text[end:end + 1] in ".!?;:"
    out, pos = [], start
    for n, m in enumerate(chosen, first):
        out.append(text[pos:m.start()])
        out.append(f"{mark[0]}{m.group()}{mark[1]}" if n in hit_at else m.group())
        pos = m.end()
    out.append(text[pos:end])
    return ("… " if start > 0 else "") + "".join(out) + (" …" if end < len(text) else "")


class SegmentCorrector(ReaderCorrector):
    """Whoosh's ReaderCorrector, with the words within reach found segment by segment.

    A segment finds them by walking its word list with a Levenshtein automaton. A reader of several
    segments (the index after an incremental build) inherits Whoosh's generic way instead: the edit
    distance to every word of the index, in Python, about 6 s for a word without hits in a
    200 MB index. Its distance also counts a transposition as one edit where the automaton counts two,
    so the same index suggested other words after an incremental build than after a clean one."""

    def _suggestions(self, text, maxdist, prefix):
        field = self.reader.schema[self.fieldname].spelling_fieldname(self.fieldname)
        words = set()
        for segment, _ in self.reader.leaf_readers():
            listed = word_list(segment._storage, segment._segment.make_filename(word_list_ext(field)))
            if listed is None:
                words.update(segment.terms_within(field, text, maxdist, prefix=prefix))
            else:  # the same words as the automaton's walk through the segment's lexicon, about 30 times sooner
                words.update(within(listed, text, maxdist, prefix))
        for word in sorted(words):
            yield 0 - (maxdist + 0.5 / (self.reader.frequency(self.fieldname, word) or 1)), word


@lru_cache(maxsize=64)
def word_list(storage, filename: str) -> dict[int, list[str]] | None:
    """A segment's listed terms of a field (index.writing.WORD_LISTS) by length, or None if it has no such file."""
    if not storage.file_exists(filename):
        return None
    with storage.open_file(filename) as f:
        words = f.read().decode("utf-8").split("\n")
    by_length: dict[int, list[str]] = {}
    for word in words:
        if word:
            by_length.setdefault(len(word), []).append(word)
    return by_length


def within(words: dict[int, list[str]], text: str, maxdist: int, prefix: int = 0) -> list[str]:
    """The words at most `maxdist` Levenshtein edits (insertions, deletions, substitutions) from `text` that
    start with its first `prefix` characters: what Whoosh's Levenshtein automaton finds."""
    found = []
    for length in range(max(1, len(text) - maxdist), len(text) + maxdist + 1):
        candidates = words.get(length, ())
        if prefix:
            candidates = [w for w in candidates if w.startswith(text[:prefix])]
        found += [word for word, _, _ in process.extract(text, candidates, scorer=Levenshtein.distance, score_cutoff=maxdist,
                                                         limit=None)]
    return found


def suggest(searcher, text: str) -> str | None:
    """The query with misspelt words replaced by the closest words in the index, if any changed."""
    corrector = SegmentCorrector(searcher.reader(), "words", searcher.schema["words"])
    changed = False

    def fix(match):
        nonlocal changed
        word = match.group()
        if word in ("AND", "OR", "NOT", "TO") or ":" in word or "*" in word or "?" in word or any(c.isdigit() for c in word):
            return word  # operators, fields, wildcards and numbers (years, amounts) are never "corrected"
        if searcher.doc_frequency("words", fold(word.lower())):
            return word
        better = corrector.suggest(fold(word.lower()), limit=1, maxdist=2)
        if better:
            changed = True
            return better[0]
        return word

    fixed = re.sub(r"[\w:*?]+", fix, text)
    return fixed if changed else None
