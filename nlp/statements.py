"""What the statement model reads of a candidate: sparse named features, the same at training and at build time.

Features describe structure and language, never one document's wording: the kind of
candidate and its section role, position (in its block, list or run of sibling sections,
after a lead-in ending in a colon), the cue spans of `policy_cues` (goal, plan, done),
verb forms, first person, modal and future markers, numbers, years and units, the
document type and its number of candidates, a heading's depth below the document's top
level and the blocks of its body, and the candidate's own lemmas (lookup table of spacy-lookups-data), the
first letters of its long lemmas and its opening words. The words of the enclosing heading, of a list's lead-in and of a table's
header are not features: with them, leave-one-municipality-out micro F1 is 0.467 instead
of 0.477 (they teach the training documents' own wording).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from . import lexicon
from .candidates import HEADING, TABLE_ROW
from .indicators import REPORT_TYPES
from .lexicon import word_class
from .roles import GOAL_TITLE, heading_role

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
FIRST_PERSON = frozenset("we wij ons onze our".split())
MODAL = frozenset("willen wil gaan gaat zullen zal moeten moet kunnen kan streven beogen".split())
NUMBER = re.compile(r"\d")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
PERCENT = re.compile(r"\d\s*%|procent")
MAX_WORDS = 40  # lemma features of a candidate's first words only
PREFIX_OF = 5  # a long lemma's first letters are a feature too: unseen compounds share them with seen ones
GOVERNMENT = frozenset("gemeente college raad wethouder".split())


def statement_features(doc, cands) -> Iterator[dict[str, float]]:
    """One sparse feature dict per candidate of `doc` (nlp.candidates), streamed: a long document's
    candidates are described and decided in batches, never all held at once."""
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    heading_of, led = _context(doc)
    after_sibling = _after_a_sibling(doc)
    doc_feats = {f"type={doc.meta.doc_type.lower()}": 1.0, f"report={report}": 1.0}
    size = _bucket(len(cands))  # how many statements the document has: the longer, the fewer of them are items
    min_level = min((b.level for b in doc.blocks if b.kind == "heading"), default=0)
    settings = {}  # (source, role, cues) -> their features: a document has few such settings
    for c in cands:
        text = doc.text[c.start:c.end]
        lower = WORD.findall(text.lower())
        src = c.source
        key = (src, c.role, c.cues)
        if key not in settings:
            settings[key] = _setting_features(src, c.role, c.cues, report) | doc_feats | {f"statements={size}|src={src}": 1.0}
        f = dict(settings[key])
        f[f"n={_bucket(len(lower))}|src={src}"] = 1.0
        f[f"order={min(c.order, 3)}|src={src}"] = 1.0
        vocabulary = set(lower)
        if FIRST_PERSON & vocabulary:
            f["first_person"] = 1.0
        if MODAL & vocabulary:
            f["modal"] = 1.0
        years = []
        if NUMBER.search(text):  # most statements have no digit: the number patterns only run on those that do
            f[f"digit|src={src}"] = 1.0
            years = [int(y) for y in YEAR.findall(text)]
            if years:
                f["year"] = 1.0
            if PERCENT.search(text):
                f["percent"] = 1.0
        if ("€" in text or "euro" in vocabulary or "mln" in vocabulary or "miljoen" in vocabulary):
            f["money"] = 1.0
        if c.values:
            f[f"values|src={src}"] = 1.0
            f[f"values={min(len(c.values), 3)}"] = 1.0
        last = text.rstrip()[-1:]
        f[f"end={last if last in '.:;?!)' else 'other'}|src={src}"] = 1.0
        if text[:1].isupper():
            f["upper"] = 1.0
        words = [_word(w) for w in lower[:MAX_WORDS]]
        lemmas = [lemma for lemma, _, _ in words]
        for _, _, word_features in words:
            f.update(word_features)
        if lemmas:
            f[f"first={lemmas[0]}"] = 1.0
            f[f"first={lemmas[0]}|src={src}"] = 1.0
        if len(lemmas) > 1:
            f[f"first2={lemmas[0]} {lemmas[1]}"] = 1.0
        for a, b in zip(lemmas, lemmas[1:]):
            f[f"bi={a} {b}"] = 1.0
        for k, w in enumerate(lower[:MAX_WORDS]):
            if w in FIRST_PERSON and k + 1 < len(lemmas):
                f[f"we+{lemmas[k + 1]}"] = 1.0  # the verb beside the first person: we willen, zetten we (in)
                if k:
                    f[f"{lemmas[k - 1]}+we"] = 1.0
        classes = [cls for _, cls, _ in words]
        if classes:
            f[f"cls1={classes[0]}|src={src}"] = 1.0
            f[f"cls2={' '.join(classes[:2])}|src={src}"] = 1.0
            f[f"cls_last={classes[-1]}|src={src}"] = 1.0
            for cls in set(classes) - {"W"}:
                f[f"has={cls}|src={src}"] = 1.0
            for a, b in zip(classes, classes[1:]):
                if a == "WE" or b == "WE":
                    f[f"we_pair={a} {b}"] = 1.0
        if GOVERNMENT & set(lower[:4]):
            f[f"government_subject|src={src}"] = 1.0
        for y in set(years):
            rel = "past" if y < doc.meta.year else "same" if y == doc.meta.year else "future"
            f[f"year_{rel}|report={report}"] = 1.0
        owner = c.block if src == HEADING else heading_of[c.block]
        if owner is not None:
            f[f"after_sibling={owner in after_sibling}|src={src}"] = 1.0
            if src != HEADING and c.block == owner + 1:
                f[f"first_block|src={src}"] = 1.0
        if led[c.block]:
            f[f"lead|src={src}"] = 1.0
        if src == HEADING:
            _heading_features(doc, c, f, min_level)
        elif src == TABLE_ROW:
            f[f"header_values={bool(c.values)}"] = 1.0
        yield f


def _setting_features(src: str, role: str | None, cues: frozenset[str], report: bool) -> dict[str, float]:
    """The features of a candidate's kind, section role and cue spans, alone and combined."""
    f = {f"src={src}": 1.0, f"src={src}|role={role}": 1.0, f"src={src}|report={report}": 1.0}
    for cue in cues:
        f[f"cue={cue}"] = 1.0
        f[f"cue={cue}|src={src}"] = 1.0
        f[f"cue={cue}|role={role}"] = 1.0
        f[f"cue={cue}|report={report}"] = 1.0
    if not cues:
        f[f"nocue|src={src}"] = 1.0
    return f


@lru_cache(maxsize=100_000)
def _word(word: str) -> tuple[str, str, dict[str, float]]:
    """A word's lemma (lookup table of spacy-lookups-data), verb form (lexicon.word_class) and the features it
    gives: the lemma, and for a long one its first letters (what a compound opens with: schuldhulp, schuldsanering)."""
    lemma = lexicon.lemma_of(word)
    f = {f"w={lemma}": 1.0}
    if len(lemma) > PREFIX_OF:
        f[f"prefix={lemma[:PREFIX_OF]}"] = 1.0
    return lemma, word_class(word), f


def _heading_features(doc, c, f: dict, min_level: int) -> None:
    block = doc.blocks[c.block]
    title = doc.block_text(block)
    body = doc.body_of(c.block)
    f[f"level={block.level}"] = 1.0
    f[f"depth={block.level - min_level}"] = 1.0  # below the document's top heading level
    f[f"body_blocks={min(len(body), 3)}"] = 1.0
    f[f"body={_bucket(len(body))}"] = 1.0
    if heading_role(title) is not None:
        f["role_heading"] = 1.0
    if GOAL_TITLE.match(title):
        f["goal_title"] = 1.0
    if re.match(r"^\d+(?:\.\d+)*\.?\s", title):
        f["numbered"] = 1.0
    if body:
        f[f"next={doc.blocks[body[0]].kind}"] = 1.0


def _after_a_sibling(doc) -> set[int]:
    """The headings that follow a heading of their level under the same parent (the second and later of a run
    of titled sections). Whether, not how many: a section reads the same however much text comes before it."""
    out, seen, stack = set(), set(), []
    for n, block in enumerate(doc.blocks):
        if block.kind != "heading":
            continue
        while stack and doc.blocks[stack[-1]].level >= block.level:
            stack.pop()
        key = (stack[-1] if stack else None, block.level)
        if key in seen:
            out.add(n)
        seen.add(key)
        stack.append(n)
    return out


def _context(doc) -> tuple[list[int | None], list[bool]]:
    """For every block: the heading it is under, and whether it is a bullet whose list a paragraph ending in a colon leads into."""
    heading_of, led = [], []
    heading, lead = None, False
    for n, block in enumerate(doc.blocks):
        heading_of.append(heading)
        if block.kind == "heading":
            heading, lead = n, False
        led.append(lead and block.kind == "list_item")
        if block.kind == "paragraph":
            lead = doc.block_text(block).rstrip().endswith(":")
    return heading_of, led


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 4, 8, 16, 32):
        if n <= limit:
            return str(limit)
    return "many"
