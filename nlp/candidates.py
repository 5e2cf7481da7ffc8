"""Candidate statements of a document: the spans that may be a priority, an activity or an indicator.

Each heading, each bullet, each sentence of a paragraph, each member of a goal
enumeration, each table row and, in a table without values, each sentence of a cell after
the first is one candidate. Which kind it is, or none, is
the statement model's decision (`nlp.statements`, `nlp.classifier`); a candidate
only says where a statement is and what surrounds it.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .indicators import sentence_values, table_rows
from .lexicon import word_class
from .roles import ACTIVITY, NO_ITEMS, PRIORITY, block_roles, heading_role

HEADING, BULLET, SENTENCE, ENUMERATED, CLAUSE, TABLE_ROW, TABLE_CELL = (
    "heading", "bullet", "sentence", "enumerated", "clause", "table_row", "table_cell")
STATEMENT_CELL_WORDS = 4  # a cell of a table without values that has this many words states something
GOAL_NOUNS = r"speerpunten|prioriteiten|doelen|doelstellingen|ambities|aandachtspunten|focuspunten"
ENUMERATION = re.compile(
    rf"^(?P<lead>.*?\b(?:{GOAL_NOUNS})\s+"
    r"(?:waren|zijn|is|was|luiden|luidden|blijven)\s*(?:onder (?:meer|andere)|o\.a\.|:)?\s*:?\s*)(?P<list>.+?)[.;:]?\s*$",
    re.IGNORECASE | re.DOTALL,
)

GOAL_LIST_WORDS = re.compile(GOAL_NOUNS)
# a colon followed by a short list: "... onze taak werd: bestaanszekerheid herstellen, kansengelijkheid vergroten en ..."
COLON_LIST = re.compile(r"^(?P<lead>[^:]{12,}:\s*)(?P<list>[^:]+?)[.;]?\s*$", re.DOTALL)
MAX_LISTED_WORDS = 10
# clauses joined by commas, each opening with its verb before the first person: "richten we ons op ..., helpen we ..."
INVERTED = re.compile(r"(?:^(?:[^\W\d]+\s+)?|,\s+|\ben\s+)(?P<verb>[^\W\d]+)\s+(?:we|wij)\b", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """A span of the document's text that may state an item, with the context the model reads."""

    source: str  # HEADING, BULLET, SENTENCE, ENUMERATED, CLAUSE or TABLE_ROW
    start: int
    end: int
    block: int
    role: str | None  # the section role in force (nlp.roles)
    order: int  # position among the candidates of its block (sentences) or of its list/table (bullets, rows)
    cues: frozenset[str] = frozenset()  # goal/plan/done language in the sentence (or in the block for bullets and headings)
    values: list[dict] = field(default_factory=list)  # indicator values read from the table row or the sentence
    benchmark: list[dict] = field(default_factory=list)  # table rows: values of comparison columns (nlp.indicators)
    header: str = ""  # table rows: the header cells, joined


def candidates(doc, features) -> list[Candidate]:
    """Every candidate statement of `doc`, in text order; `features` are its BlockFeatures (nlp.features)."""
    roles, _ = block_roles(doc)
    out: list[Candidate] = []
    run = 0  # position of a bullet in its list
    for n, block in enumerate(doc.blocks):
        role, feats = roles[n], features[n]
        run = run + 1 if block.kind == "list_item" and n and doc.blocks[n - 1].kind == "list_item" else 0
        if block.kind == "heading":
            out.append(Candidate(HEADING, *_trim(doc.text, block.start, block.end), n, role, 0, _body_cues(doc, features, n)))
        elif block.kind == "table":
            header = " | ".join(doc.block_text(c) for c in block.rows[0]) if block.header_rows else ""
            rows = table_rows(doc, block)
            cells = [] if any(values for _, values, _ in rows) else _cell_candidates(doc, n, role, feats)
            found = [Candidate(TABLE_ROW, span[0], span[1], n, role, k, values=values, benchmark=benchmark, header=header)
                     for k, (span, values, benchmark) in enumerate(rows) if not any(c.order == 0 for c in cells)]
            out += sorted(found + cells, key=lambda c: c.start)
        elif block.kind == "list_item":
            start, end = _trim(doc.text, block.start, block.end)
            values = sentence_values(doc.text[start:end], doc.meta.year) if role != NO_ITEMS else []
            out.append(Candidate(BULLET, start, end, n, role, run, feats.cues, values))
        else:
            out += _sentence_candidates(doc, n, role, feats)
    return out


def _cell_candidates(doc, n: int, role, feats) -> list[Candidate]:
    """The sentences of the cells of a table without values, each a candidate with the role its column header
    names (*Wat willen we bereiken? | Wat gaan we daarvoor doen?*: cue "column_role"), else the section's. The
    first column is read so only when its header names a role; otherwise its cells are the rows' labels."""
    block = doc.blocks[n]
    headers = block.rows[0] if block.header_rows else []
    named = [r if r in (PRIORITY, ACTIVITY) else None for r in (heading_role(doc.block_text(c)) for c in headers)]
    first = 0 if named and named[0] else 1
    sentences, ends = feats.sentences, [sent.end for sent in feats.sentences]
    out = []
    for row in block.rows[block.header_rows:]:
        for col, cell in enumerate(row[first:], first):
            column_role = named[col] if col < len(named) else None
            if len(doc.block_text(cell).split()) < (2 if column_role else STATEMENT_CELL_WORDS):
                continue
            for sent in itertools.takewhile(lambda sent: sent.start < cell.end, sentences[bisect_right(ends, cell.start):]):
                start, end = _trim(doc.text, max(sent.start, cell.start), min(sent.end, cell.end))
                if end > start and len(doc.text[start:end].split()) >= 2:
                    inside = cell.start <= sent.start and sent.end <= cell.end  # else its cues may be another cell's
                    cues = (_cues(sent) if inside else frozenset()) | ({"column_role"} if column_role else set())
                    out.append(Candidate(TABLE_CELL, start, end, n, column_role or role, col, cues,
                                         sentence_values(doc.text[start:end], doc.meta.year)))
    return out


def _sentence_candidates(doc, n: int, role, feats) -> list[Candidate]:
    out = []
    for sent in feats.sentences:
        start, end = _trim(doc.text, sent.start, sent.end)
        text = doc.text[start:end]
        if len(text.split()) < 2:
            continue
        cues = _cues(sent)
        lower = text.lower()
        enum = ENUMERATION.match(text) if GOAL_LIST_WORDS.search(lower) else None  # the keywords first: the pattern is slow
        colon = COLON_LIST.match(text) if ":" in text else None
        parts = (_split_enumeration(text, enum.start("list"), enum.end("list"), start) if enum else
                 _split_enumeration(text, colon.start("list"), colon.end("list"), start) if colon else [])
        if colon and not enum and (len(parts) < 2 or any(len(doc.text[a:b].split()) > MAX_LISTED_WORDS for a, b in parts)):
            parts = []
        if len(parts) >= 2:
            kind_of_list = "goal_list" if enum else "enumeration"  # *Speerpunten waren A, B en C*, or a list after a colon
            out += [Candidate(ENUMERATED, a, b, n, role, len(out), cues | {kind_of_list}) for a, b in parts]
            continue
        clauses = _inverted_clauses(text, start) if " we " in lower or " wij " in lower else []
        if len(clauses) >= 2:
            out += [Candidate(CLAUSE, a, b, n, role, len(out), cues | {"clause"}) for a, b in clauses]
            continue
        out.append(Candidate(SENTENCE, start, end, n, role, len(out), cues, sentence_values(text, doc.meta.year)))
    return out


def _inverted_clauses(text: str, base: int) -> list[tuple[int, int]]:
    """The clauses of a sentence that coordinates several verb-first clauses (*richten we ons op A, helpen we B
    en zetten we in op C*), or [] for any other sentence."""
    starts = [m.start("verb") for m in INVERTED.finditer(text) if word_class(m.group("verb").lower()) in ("INF", "FIN", "PAST")]
    if len(starts) < 2:
        return []
    bounds = starts[1:] + [len(text)]
    first = text.rfind(" ", 0, starts[0]) + 1 if starts[0] else 0
    spans = [(first if k == 0 else a, b) for k, (a, b) in enumerate(zip(starts, bounds))]
    out = []
    for a, b in spans:
        seg = text[a:b].rstrip()
        seg = re.sub(r"(?:,|\ben)\s*$", "", seg).rstrip(" ,.")
        a2, b2 = _trim(text, a, a + len(seg))
        out.append((base + a2, base + b2))
    return out


def _body_cues(doc, features, n: int) -> frozenset[str]:
    """The cue labels of the first sentence under heading n that has any (its section's language)."""
    for k in doc.body_of(n):
        for sent in features[k].sentences:
            found = _cues(sent)
            if found:
                return found
    return frozenset()


def _cues(sent) -> frozenset[str]:
    """The cue labels (goal, plan, done) a sentence holds."""
    return frozenset(c for c, on in (("goal", sent.goal), ("plan", sent.plan), ("done", sent.done)) if on)


def _split_enumeration(text: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
    """'A, B, C en D' -> spans of A, B, C and D: commas outside brackets, the last part split at its last ' en '."""
    parts, depth, seg = [], 0, start
    for i in range(start, end):
        c = text[i]
        depth += (c in "([") - (c in ")]")
        if c == "," and depth == 0:
            parts.append((seg, i))
            seg = i + 1
    parts.append((seg, end))
    last_start, last_end = parts[-1]
    k = _last_top_level(text[last_start:last_end], " en ")
    if k is not None:
        parts[-1:] = [(last_start, last_start + k), (last_start + k + 4, last_end)]
    spans = [_trim(text, a, b) for a, b in parts]
    return [(base + a, base + b) for a, b in spans if b - a > 2]


def _last_top_level(s: str, word: str) -> int | None:
    depth, found = 0, None
    for i, c in enumerate(s):
        depth += (c in "([") - (c in ")]")
        if depth == 0 and s.startswith(word, i):
            found = i
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ";|"):
        end -= 1
    return start, end
