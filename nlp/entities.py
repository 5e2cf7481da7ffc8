"""Named instruments, organisations, laws, motions, programmes and reports: a gazetteer plus general patterns for unseen names."""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from functools import cache
from pathlib import Path

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .themes import dutch_words

GAZETTEER = Path(__file__).with_name("gazetteer.toml")
QUOTES = ["‘", "’", "'", '"', "“", "”"]
CONNECTORS = ["voor", "van", "de", "der", "den", "des", "het", "op", "naar", "a"]  # inside names: Centrum voor Activerend Werk
TITLE = r"[A-Z][a-zà-ÿ]+(?:-[A-Za-zà-ÿ]+)*"


def _text(regex: str):
    """A word test: `regex` found in the word's text."""
    search = re.compile(regex).search
    return lambda word: search(word.orth_) is not None


# The token tests of the patterns, decided once per distinct word (a spaCy Lexeme) and kept as bits;
# the first eight test the patterns' first tokens, so a regex search skips other tokens fast.
WORD_TESTS = {
    "Wet": lambda word: word.orth_ == "Wet",
    "xwet": _text(r"^[A-Z][a-zà-ÿ]{3,}wet$"),  # Participatiewet, Jeugdwet
    "motion": lambda word: word.lower_ in ("motie", "amendement"),
    "Stichting": lambda word: word.orth_ == "Stichting",
    "xpas": _text(r"^[A-Z][a-zà-ÿA-Z]{3,}[pP]as$"),  # Noorderpas, GelrePas
    "programme": lambda word: word.lower_ in ("programma", "programma's", "programma’s", "project", "pilot", "platform"),
    "quoted_programme": lambda word: word.lower_ in ("programma", "project", "pilot", "platform"),
    "title": _text(f"^{TITLE}$"),
    "op": lambda word: word.lower_ == "op",
    "de_het": lambda word: word.lower_ in ("de", "het"),
    "content": lambda word: word.is_alpha and not word.is_stop,  # never op, de, het: Dutch stop words
    "motion_id": _text(r"^[A-Za-z0-9][\w./-]*\d[\w./-]*$"),
    "foundation_word": _text(f"^(?:{TITLE}|[A-Z]{{2,}})$"),
    "name_word": _text(f"^(?:{TITLE}|{'|'.join(CONNECTORS)})$"),
    "quote": lambda word: word.orth_ in QUOTES,
    "unquoted": lambda word: word.orth_ not in QUOTES and not word.is_space,
}
# Token patterns: regexes whose words are WORD_TESTS. Law's group ends its shortest match.
PATTERNS = {
    "law": "(Wet op? de_het? content) content*",  # Wet gemeentelijke schuldhulp, Wet op het kindgebonden budget
    "law_compound": "xwet",
    "motion": "motion motion_id",
    "foundation": "Stichting foundation_word+",
    "pass": "xpas",
    "programme": "programme title name_word*",
    "quoted_programme": "quoted_programme quote unquoted+ quote",
    "name": "title name_word* title",  # capitalised multi-word names: Werkgeversservicepunt Midden-Gelderland
}
PRIORITY = {"gazetteer": 0, "law": 1, "law_compound": 1, "motion": 1, "foundation": 1, "pass": 1, "programme": 1, "quoted_programme": 1, "name": 2}
LABELS = {"law": "law", "law_compound": "law", "motion": "motion", "foundation": "organisation", "pass": "instrument",
          "programme": "programme", "quoted_programme": "programme", "name": "organisation"}
MAX_WORDS = 8
REPORT = re.compile(r"(?:rapport|rapportage|monitor|onderzoek|evaluatie|peiling|analyse)$", re.I)  # a name ending so is a report
PARTICIPLE = re.compile(r"^(?:aan|af|bij|door|in|mee|om|op|toe|uit|vast|weg)ge[a-zà-ÿ]+[dt]$")  # aangepast, vastgesteld
WIDTH = -(-len(WORD_TESTS) // 8)  # characters per token in a block's code: char k is U+(k+1)00 + bits of tests 8k..8k+7


def _chars(test: str) -> str:
    """The characters a word's code has at position n // 8 when the word passes `test`, WORD_TESTS number n."""
    k, bit = divmod(list(WORD_TESTS).index(test), 8)
    return "".join(chr(256 * (k + 1) + v) for v in range(256) if v >> bit & 1)


def _token_regex(test: str) -> str:
    """The regex of one token's code passing `test`."""
    chars = [f"[{chr(256 * (k + 1))}-{chr(256 * (k + 1) + 255)}]" for k in range(WIDTH)]
    chars[list(WORD_TESTS).index(test) // 8] = f"[{_chars(test)}]"
    return "(?:" + "".join(chars) + ")"


# kind -> (regex over a block's code, the characters its first token's code has one of)
REGEXES = {kind: (re.compile(re.sub(r"\w+", lambda m: _token_regex(m[0]), pattern).replace(" ", "")),
                  frozenset(_chars(re.search(r"\w+", pattern)[0])))
           for kind, pattern in PATTERNS.items()}
Doc.set_extension("mentions", default=None)  # set by policy_entities: [(start char, end char, name, label)], sorted
Doc.set_extension("heading_tokens", default=())  # (start, end) token ranges of headings, set before the pipes run


class _WordCodes(dict):
    """ORTH -> the word's WORD_TESTS bits as WIDTH characters, computed once per distinct word."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab

    def __missing__(self, orth: int) -> str:
        word = self.vocab[orth]
        bits = sum(1 << n for n, test in enumerate(WORD_TESTS.values()) if test(word))
        code = self[orth] = "".join(chr(256 * (k + 1) + (bits >> 8 * k & 255)) for k in range(WIDTH))
        return code


@cache
def load_gazetteer(path: Path = GAZETTEER) -> list[dict]:
    """The gazetteer entries: {"name", "label", "aliases", "match_case"}."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))["entry"]


@Language.factory("policy_entities", default_config={"gazetteer": None}, assigns=["doc._.mentions"])
def make_policy_entities(nlp: Language, name: str, gazetteer: str | None):
    """Named instruments and organisations (the gazetteer nlp/gazetteer.toml, or the file at `gazetteer`,
    and the name patterns) found in every Doc."""
    return PolicyEntities(nlp.tokenizer, load_gazetteer(Path(gazetteer) if gazetteer else GAZETTEER))


def _longest(spans) -> list[tuple[int, int]]:
    """spaCy's greedy="LONGEST": longest first, then leftmost, skipping any that overlap one kept."""
    taken: set[int] = set()
    kept = []
    for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            kept.append((start, end))
    return kept


def _pattern_matches(code: str, regex) -> list[tuple[int, int]]:
    """The (start, end) token spans of a pattern in a block's code, as spaCy's Matcher found them with greedy="LONGEST".

    The greedy match at every start suffices: a shorter one is kept only when a longer match starting
    inside it reaches further, which only law can do ('Wet armoede Wet op de ...'), so for law every
    end from its group's end to the greedy end counts.
    """
    spans, pos = [], 0
    while m := regex.search(code, pos):
        pos = m.start() + WIDTH
        spans += [(m.start() // WIDTH, end // WIDTH) for end in range(m.end(regex.groups), m.end() + 1, WIDTH)]
    return _longest(spans)


def _is_verb_form(token) -> bool:
    """A verb or participle ends a law's name: 'de Wet inburgering [aangepast]'."""
    if token.pos_:
        return token.pos_ in ("VERB", "AUX")
    return (token.lemma_ != token.lower_ and token.lemma_.endswith("en")) or bool(PARTICIPLE.match(token.lower_))


def _shape(kind: str, doc, start: int, end: int):
    """(start, end, canonical name) of a pattern match, trimmed; None when it is no name."""
    if kind == "law":
        cut = next((i for i in range(start + 1, end) if _is_verb_form(doc[i])), end)
        end = min(cut, start + 1 + 4)
        if end - start < 2 or doc[end - 1].lower_ in CONNECTORS:
            return None
    elif kind in ("programme", "quoted_programme"):
        start += 2 if kind == "quoted_programme" else 1
        end -= 1 if kind == "quoted_programme" else 0
        while kind == "programme" and doc[end - 1].lower_ in CONNECTORS:
            end -= 1
    elif kind == "motion":
        if end < len(doc) and not doc[end - 1].whitespace_ and doc[end].is_lower and len(doc[end]) == 1:
            end += 1  # 20M184g is tokenised as 20M184 + g
        return start, end, f"{doc[start].lower_} {doc[start + 1:end].text}"
    elif kind == "name":
        if doc[start].is_sent_start or start == 0:
            start += 1
        while start < end and (doc[start].lower_ in CONNECTORS or not doc[start].is_title):
            start += 1
        if end - start < 2:
            return None
    if end <= start or end - start > MAX_WORDS:
        return None
    return start, end, " ".join(doc[start:end].text.split())


class PolicyEntities:
    """Sets `doc._.mentions`: (start, end, name, label) of the non-overlapping mentions, character offsets into
    the Doc's text: gazetteer before patterns before bare capitalised names, then longest first. No bare names
    inside the token ranges `doc._.heading_tokens`. Blocks joined by a blank line (nlp.features) never share a
    mention: no pattern or gazetteer entry matches the whitespace token between them."""

    def __init__(self, tokenizer, entries: list[dict]):
        vocab = tokenizer.vocab
        self.entries = entries
        exact, caseless = PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="LOWER")
        for n, entry in enumerate(entries):
            forms = [entry["name"], *entry.get("aliases", [])]
            matcher = exact if entry.get("match_case") else caseless
            matcher.add(str(n), [Doc(vocab, words=dutch_words(form, tokenizer)) for form in forms])
        self.phrase_matchers = (exact, caseless)
        self.codes = _WordCodes(vocab)

    def __call__(self, spacy_doc: Doc) -> Doc:
        headings = list(spacy_doc._.heading_tokens)
        entries, codes = self.entries, self.codes
        candidates = []
        for matcher in self.phrase_matchers:
            for match_id, start, end in matcher(spacy_doc):
                entry = entries[int(spacy_doc.vocab.strings[match_id])]
                candidates.append((PRIORITY["gazetteer"], start - end, start, end, entry["name"], entry["label"]))
        code = "".join(map(codes.__getitem__, spacy_doc.to_array(ORTH).tolist()))
        present = set(code)
        heading_starts = [a for a, _ in headings]
        for kind, (regex, first_chars) in REGEXES.items():
            if first_chars.isdisjoint(present):
                continue
            for start, end in _pattern_matches(code, regex):
                if kind == "name" and _inside(start, headings, heading_starts):
                    continue
                shaped = _shape(kind, spacy_doc, start, end)
                if shaped:
                    s, e, name = shaped
                    label = "report" if kind == "name" and REPORT.search(name) else LABELS[kind]
                    candidates.append((PRIORITY[kind], s - e, s, e, name, label))
        taken: set[int] = set()
        mentions = []
        for _, _, start, end, name, label in sorted(candidates):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                first, last = spacy_doc[start], spacy_doc[end - 1]  # no Span: slicing a Doc is slow
                mentions.append((first.idx, last.idx + len(last), name, label))
        spacy_doc._.mentions = sorted(mentions)
        return spacy_doc


def _inside(token: int, ranges: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect_right(starts, token) - 1
    return k >= 0 and token < ranges[k][1]
