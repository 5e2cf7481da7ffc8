"""Priorities, activities and indicators of a document, each a span of its canonical text.

Where they come from, in order of strength:
1. the section role given by headings (*Prioriteiten*, *Wat hebben we hiervoor gedaan?*, *Indicatoren*),
   inherited by the bullets, headings and sentences under it;
2. tables whose column headers give years and kinds (*Behaald 2016*, *Begroting 2017*);
3. titled sections without a role heading: the heading is the item, its kind decided by
   the language of the section (*Wij willen* vs *We gaan*, *is gestart*);
4. sentences: enumerations of goals, goal language, realised actions and quantified results.

Plans (begroting, kadernota, ...) state their activities as titled sections; reports
(jaarverslag, voortgangsrapportage, ...) state them as sentences about what was done,
so in a report a titled section whose sentences are items is not an item itself.
"""
from __future__ import annotations

import re

from .indicators import sentence_values, table_indicators
from .model import Item
from .roles import ACTIVITY, GOAL_TITLE, INDICATOR, NO_ITEMS, PRIORITY, block_roles

REPORT_TYPES = frozenset(
    "jaarverslag jaarrekening voortgangsrapportage bestuursrapportage rapportage verantwoording monitor evaluatie "
    "tussenrapportage burap marap jaarstukken".split()
)
ENUMERATION = re.compile(
    r"^(?P<lead>.*?\b(?:speerpunten|prioriteiten|doelen|doelstellingen|ambities|aandachtspunten|focuspunten)\s+"
    r"(?:waren|zijn|is|was|luiden|luidden|blijven)\s*(?:onder (?:meer|andere)|o\.a\.|:)?\s*:?\s*)(?P<list>.+?)[.;:]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
CROSS_REFERENCE = re.compile(r"^(?:zie|meer informatie|voor meer informatie)\b|\b(?:paragraaf|hoofdstuk|bijlage)\s+[A-Z0-9]", re.IGNORECASE)


def extract_items(doc, features) -> list[Item]:
    roles, role_headings = block_roles(doc)
    paths = doc.section_paths()
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    found: list[tuple[str, int, int, int, list]] = []  # (kind, start, end, block, values)
    sentence_items_in: set[int] = set()  # headings whose section has sentence-level activities
    heading_of = _heading_index(doc)

    for n, block in enumerate(doc.blocks):
        role = roles[n]
        if role == NO_ITEMS:
            continue
        if block.kind == "table":
            for (start, end), _label, values in table_indicators(doc, block):
                found.append(("indicator", start, end, n, values))
        elif block.kind == "list_item" and role in (PRIORITY, ACTIVITY):
            start, end = _trim(doc.text, block.start, block.end)
            found.append((role, start, end, n, []))
        elif block.kind in ("paragraph", "list_item"):
            for kind, start, end, values in _sentence_items(doc, block, features[n], role, report):
                found.append((kind, start, end, n, values))
                if kind == ACTIVITY and heading_of[n] is not None:
                    sentence_items_in.add(heading_of[n])

    list_texts = {_norm(doc.text[s:e]) for k, s, e, n, _ in found if doc.blocks[n].kind == "list_item"}
    for n, block in enumerate(doc.blocks):
        if block.kind != "heading" or role_headings[n] or roles[n] in (INDICATOR, NO_ITEMS):
            continue
        title = doc.block_text(block)
        body = doc.body_of(n)
        if GOAL_TITLE.match(title):
            found.append((PRIORITY, block.start, block.end, n, []))
            continue
        if block.level == 1 or not body or _norm(title) in list_texts or re.match(r"^\d+(\.\d+)+\s", title):
            continue
        if roles[n] in (PRIORITY, ACTIVITY):
            found.append((roles[n], block.start, block.end, n, []))
        elif report and n not in sentence_items_in:
            found.append((ACTIVITY, block.start, block.end, n, []))  # in a report, a titled section tells what was done
        elif not report:
            found.append((_section_kind([features[k] for k in body]), block.start, block.end, n, []))

    items, seen = [], set()
    for kind, start, end, n, values in sorted(found, key=lambda f: (f[1], f[0], f[2])):
        if (kind, start, end) in seen:
            continue
        seen.add((kind, start, end))
        section = list(paths[n][:-1] if doc.blocks[n].kind == "heading" else paths[n])
        items.append(Item(
            id=f"{doc.id}-{kind[0]}{start}", doc_id=doc.id, kind=kind, title=_title(doc.text[start:end]),
            start=start, end=end, section=section, block=n, values=values,
        ))
    return items


def _sentence_items(doc, block, feats, role, report):
    """(kind, start, end, values) for the sentences of a paragraph or bullet; consecutive indicator sentences merge."""
    pending = None
    for kind, start, end, values in _sentence_candidates(doc, block, feats, role, report):
        if kind == INDICATOR and pending:
            pending = (INDICATOR, pending[1], end, pending[3] + values)
            continue
        if pending:
            yield pending
            pending = None
        if kind == INDICATOR:
            pending = (kind, start, end, values)
        else:
            yield kind, start, end, values
    if pending:
        yield pending


def _sentence_candidates(doc, block, feats, role, report):
    own_cues = {"goal"} if role == PRIORITY else {"plan", "done"}
    if role in (PRIORITY, ACTIVITY) and block.kind == "paragraph" and not own_cues & feats.cues:
        # a plain paragraph under *Wat willen we bereiken?* or *Wat gaan we doen?*: its first sentence states it
        first = next((s for s in feats.sentences if len(doc.text[s.start:s.end].split()) >= 3), None)
        first_text = doc.text[first.start:first.end] if first else ""
        if first is not None and not CROSS_REFERENCE.search(first_text) and not ENUMERATION.match(first_text):
            yield (role, *_trim(doc.text, first.start, first.end), [])
            return
    for sent in feats.sentences:
        start, end = _trim(doc.text, sent.start, sent.end)
        text = doc.text[start:end]
        if len(text.split()) < 3 or CROSS_REFERENCE.search(text):
            continue
        enum = ENUMERATION.match(text)
        if enum and role in (PRIORITY, None):
            yield from ((PRIORITY, s, e, []) for s, e in _split_enumeration(text, enum.start("list"), enum.end("list"), start))
            continue
        values = sentence_values(text, doc.meta.year) if role in (INDICATOR, None) or block.kind == "paragraph" else []
        if values:
            yield INDICATOR, start, end, values
            continue
        goal, plan, done = sent.goal, sent.plan, sent.done
        if role == PRIORITY and goal:
            yield PRIORITY, start, end, []
        elif role == ACTIVITY and (done or plan) and not goal:
            yield ACTIVITY, start, end, []
        elif role is None and report:
            if done:
                yield ACTIVITY, start, end, []
            elif goal:
                yield PRIORITY, start, end, []


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


def _section_kind(body) -> str:
    """Priority if the first sentence of the section that speaks of goals or doing speaks of goals."""
    for feats in body:
        for sent in feats.sentences:
            if sent.goal:
                return PRIORITY
            if sent.plan or sent.done:
                return ACTIVITY
    return ACTIVITY


def _heading_index(doc) -> list[int | None]:
    """For every block, the index of the heading it is under (None before the first heading)."""
    out, current = [], None
    for n, block in enumerate(doc.blocks):
        out.append(current)
        if block.kind == "heading":
            current = n
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ";|"):
        end -= 1
    return start, end


def _norm(s: str) -> str:
    return " ".join(s.lower().strip(" .;:").split())


def _title(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 240 else s[:237].rsplit(" ", 1)[0] + " …"
