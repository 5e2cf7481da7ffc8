"""Priorities, activities and indicators of a document, each a span of its canonical text.

1. `nlp.candidates` lists the statements that may be items: headings, bullets, sentences,
   members of goal enumerations, table rows;
2. `nlp.statements` describes each by its structure and language;
3. the statement model (`nlp.classifier`, trained by `python build.py train` on the
   project's annotated corpus) decides its kind, or none;
4. near-certain rules stand over the model: a bullet under a heading that names a role
   (*Prioriteiten*, *Wat gaan we doen?*) is an item of that kind, unless its own language says the
   other kind; each member of a goal
   enumeration (*Speerpunten waren A, B en C*) is a priority; goal language in a plan
   (*Wij willen*, *Ons doel is*) is a priority; a heading that names a section's role (*Wat willen
   we bereiken?*, *Indicatoren*) is never an item, nor is anything under *Conclusie* or *Wat mag
   het kosten?*.
"""
from __future__ import annotations

from functools import lru_cache

from .bbv import bbv_code
from .candidates import BULLET, ENUMERATED, HEADING, SENTENCE, candidates
from .indicators import REPORT_TYPES, indicator_unit
from .classifier import NONE, StatementModel
from .model import Item
from .roles import ACTIVITY, NO_ITEMS, PRIORITY, heading_role
from .statements import statement_features


@lru_cache(maxsize=1)
def shipped_model() -> StatementModel:
    """The model file that ships with the project (nlp/statement_model.json)."""
    return StatementModel.load()


def model_summary() -> dict:
    """What the build report and the method page say of the shipped model: version, training data, scores."""
    t = shipped_model().training
    return {k: t[k] for k in ("version", "documents", "municipalities", "corpora", "cross_validation") if k in t}


def extract_items(doc, features, model: StatementModel | None = None) -> list[Item]:
    cands = candidates(doc, features)
    kinds = (model or shipped_model()).predict(statement_features(doc, cands))
    paths = doc.section_paths()
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    found = []  # (kind, candidate)
    for kind, cand in zip(kinds, cands):
        if cand.source == BULLET and cand.role in (PRIORITY, ACTIVITY) and not _states_other_kind(cand):
            kind = cand.role  # a bullet under *Prioriteiten* or *Wat gaan we doen?*
        elif cand.source == ENUMERATED and "goal_list" in cand.cues:
            kind = PRIORITY  # a member of *Speerpunten waren A, B en C*
        elif kind == NONE and cand.source == SENTENCE and "goal" in cand.cues and not report:
            kind = PRIORITY  # goal language in a plan (*Wij willen*, *Ons doel is*)
        if kind == NONE or cand.role == NO_ITEMS:
            continue
        if cand.source == HEADING and heading_role(doc.block_text(doc.blocks[cand.block])) is not None:
            continue
        if kind != "indicator":
            cand.values, cand.benchmark = [], []
        found.append((kind, cand))
    items = []
    for kind, c in found:
        section = list(paths[c.block][:-1] if doc.blocks[c.block].kind == "heading" else paths[c.block])
        items.append(Item(
            id=f"{doc.id}-{kind[0]}{c.start}", doc_id=doc.id, kind=kind, title=_title(doc.text[c.start:c.end]),
            start=c.start, end=c.end, section=section, block=c.block, values=c.values, benchmark=c.benchmark,
            unit=indicator_unit(doc.text[c.start:c.end], c.header) if kind == "indicator" else None,
            bbv_code=bbv_code(doc.text[c.start:c.end]) if kind == "indicator" else None,
        ))
    return items


def _states_other_kind(cand) -> bool:
    """A bullet whose own language says the other kind than its section: a commitment (*We zetten in op ...*)
    under *Wat willen we bereiken?*, goal language (*Wij willen ...*) under *Wat gaan we doen?*; the model decides it."""
    return (cand.role == PRIORITY and "plan" in cand.cues) or (cand.role == ACTIVITY and "goal" in cand.cues)


def _title(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 240 else s[:237].rsplit(" ", 1)[0] + " …"
