"""Named instruments, organisations, laws, motions and programmes: a gazetteer plus general patterns for unseen names."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from .model import Mention
from .themes import dutch_words

GAZETTEER = Path(__file__).with_name("gazetteer.toml")
QUOTES = ["‘", "’", "'", '"', "“", "”"]
CONNECTORS = ["voor", "van", "de", "der", "den", "des", "het", "op", "naar", "a"]  # inside names: Centrum voor Activerend Werk
TITLE = r"[A-Z][a-zà-ÿ]+(?:-[A-Za-zà-ÿ]+)*"
NAME_WORD = {"TEXT": {"REGEX": f"^(?:{TITLE}|{'|'.join(CONNECTORS)})$"}}
PRIORITY = {"gazetteer": 0, "law": 1, "law_compound": 1, "motion": 1, "foundation": 1, "pass": 1, "programme": 1, "quoted_programme": 1, "name": 2}
PATTERNS = {
    # Wet gemeentelijke schuldhulpverlening, Wet op het kindgebonden budget
    "law": [[{"ORTH": "Wet"}, {"LOWER": "op", "OP": "?"}, {"LOWER": {"IN": ["de", "het"]}, "OP": "?"},
             {"IS_ALPHA": True, "IS_STOP": False, "OP": "+"}]],
    "law_compound": [[{"TEXT": {"REGEX": r"^[A-Z][a-zà-ÿ]{3,}wet$"}}]],  # Participatiewet, Jeugdwet
    "motion": [[{"LOWER": {"IN": ["motie", "amendement"]}}, {"TEXT": {"REGEX": r"^[A-Za-z0-9][\w./-]*\d[\w./-]*$"}}]],
    "foundation": [[{"ORTH": "Stichting"}, {"TEXT": {"REGEX": f"^(?:{TITLE}|[A-Z]{{2,}})$"}, "OP": "+"}]],
    "pass": [[{"TEXT": {"REGEX": r"^[A-Z][a-zà-ÿA-Z]{3,}[pP]as$"}}]],  # Noorderpas, GelrePas
    "programme": [[{"LOWER": {"IN": ["programma", "programma's", "programma’s", "project", "pilot", "platform"]}},
                   {"TEXT": {"REGEX": f"^{TITLE}$"}}, {**NAME_WORD, "OP": "*"}]],
    "quoted_programme": [[{"LOWER": {"IN": ["programma", "project", "pilot", "platform"]}}, {"ORTH": {"IN": QUOTES}},
                          {"ORTH": {"NOT_IN": QUOTES}, "IS_SPACE": False, "OP": "+"}, {"ORTH": {"IN": QUOTES}}]],
    # capitalised multi-word names: Centrum voor Activerend Werk, Werkgeversservicepunt Midden-Gelderland
    "name": [[{"TEXT": {"REGEX": f"^{TITLE}$"}}, {**NAME_WORD, "OP": "*"}, {"TEXT": {"REGEX": f"^{TITLE}$"}}]],
}
LABELS = {"law": "law", "law_compound": "law", "motion": "motion", "foundation": "organisation", "pass": "instrument",
          "programme": "programme", "quoted_programme": "programme", "name": "organisation"}
MAX_WORDS = 8
PARTICIPLE = re.compile(r"^(?:aan|af|bij|door|in|mee|om|op|toe|uit|vast|weg)ge[a-zà-ÿ]+[dt]$")  # aangepast, vastgesteld
_matchers: dict[int, tuple] = {}  # id(vocab) -> (vocab, PhraseMatcher, Matcher, gazetteer entries)


@cache
def load_gazetteer() -> list[dict]:
    """The gazetteer entries: {"name", "label", "aliases", "match_case"}."""
    return tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))["entry"]


def _compile(vocab):
    entries = load_gazetteer()
    exact, caseless = PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="LOWER")
    for n, entry in enumerate(entries):
        forms = [entry["name"], *entry.get("aliases", [])]
        matcher = exact if entry.get("match_case") else caseless
        matcher.add(str(n), [Doc(vocab, words=dutch_words(form)) for form in forms])
    patterns = Matcher(vocab)
    for kind, pattern in PATTERNS.items():
        patterns.add(kind, pattern, greedy="LONGEST")
    return vocab, (exact, caseless), patterns, entries


def _matchers_for(vocab):
    cached = _matchers.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = _matchers[id(vocab)] = _compile(vocab)
    return cached[1:]


def _is_verb_form(token) -> bool:
    """A verb or participle ends a law's name: 'de Wet inburgering [aangepast]'."""
    if token.pos_:
        return token.pos_ in ("VERB", "AUX")
    return (token.lemma_ != token.lower_ and token.lemma_.endswith("en")) or bool(PARTICIPLE.match(token.lower_))


def _shape(kind: str, span):
    """(start, end, canonical name) of a pattern match, trimmed; None when it is no name."""
    doc, start, end = span.doc, span.start, span.end
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
        if doc[start].is_sent_start or doc[start].i == 0:
            start += 1
        while start < end and (doc[start].lower_ in CONNECTORS or not doc[start].is_title):
            start += 1
        if end - start < 2:
            return None
    if end <= start or end - start > MAX_WORDS:
        return None
    return start, end, " ".join(doc[start:end].text.split())


def block_mentions(spacy_doc, offset: int, block: int, heading: bool) -> list[Mention]:
    """Non-overlapping mentions in one block: gazetteer before patterns before bare capitalised names, then longest first."""
    phrase_matchers, patterns, entries = _matchers_for(spacy_doc.vocab)
    candidates = []
    for matcher in phrase_matchers:
        for match_id, start, end in matcher(spacy_doc):
            entry = entries[int(spacy_doc.vocab.strings[match_id])]
            candidates.append((PRIORITY["gazetteer"], start - end, start, end, entry["name"], entry["label"]))
    for match_id, start, end in patterns(spacy_doc):
        kind = spacy_doc.vocab.strings[match_id]
        shaped = None if heading and kind == "name" else _shape(kind, spacy_doc[start:end])
        if shaped:
            s, e, name = shaped
            candidates.append((PRIORITY[kind], s - e, s, e, name, LABELS[kind]))
    taken: set[int] = set()
    mentions = []
    for _, _, start, end, name, label in sorted(candidates):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            span = spacy_doc[start:end]
            mentions.append(Mention(name, label, offset + span.start_char, offset + span.end_char, block))
    return mentions


def find_mentions(doc, spacy_docs) -> list[Mention]:
    """Mentions of named instruments, organisations, laws, motions and programmes, in text order."""
    mentions = [
        m for n, (block, spacy_doc) in enumerate(zip(doc.blocks, spacy_docs))
        for m in block_mentions(spacy_doc, block.start, n, block.kind == "heading")
    ]
    return sorted(mentions, key=lambda m: (m.start, m.end, m.name))
