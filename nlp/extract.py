"""Priorities, activities and indicators of a document, each a span of its canonical text.

1. `nlp.candidates` lists the statements that may be items: headings, bullets, sentences,
   members of goal enumerations, table rows;
2. `nlp.statements` describes each by its structure and language;
3. the statement model (`nlp.classifier`, trained by `python build.py train` on the
   project's annotated corpus) decides its kind, or none;
4. near-certain rules stand over the model (`_rule_kind`): a bullet under a heading that names a
   role (*Prioriteiten*, *Wat gaan we doen?*), or a statement in a table column headed so, is an
   item of that kind, unless its own language says the other kind; each member of a goal enumeration (*Speerpunten waren A, B en C*) is a priority;
   goal language in a plan (*Wij willen*, *Ons doel is*) is a priority;
5. some candidates are never items (`_may_be_item`): a heading that names a section's role (*Wat
   willen we bereiken?*, *Indicatoren*), anything under *Conclusie* or *Wat mag het kosten?*.
"""
from __future__ import annotations

from functools import lru_cache

from .bbv import bbv_code
from .candidates import BULLET, ENUMERATED, HEADING, SENTENCE, candidates
from .classifier import NONE, StatementModel
from .indicators import REPORT_TYPES, indicator_unit
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
    """The items of `doc` (its BlockFeatures `features`): the candidates, the model's kind of each, the
    near-certain rules over it, the candidates that cannot be items left out."""
    cands = candidates(doc, features)
    kinds = (model or shipped_model()).predict(statement_features(doc, cands))
    report = doc.meta.doc_type.lower() in REPORT_TYPES
    paths = doc.section_paths()
    decided = ((_rule_kind(cand, kind, report), cand) for kind, cand in zip(kinds, cands))
    return [_item(doc, kind, cand, paths) for kind, cand in decided if kind != NONE and _may_be_item(doc, cand)]


def _rule_kind(cand, kind: str, report: bool) -> str:
    """The kind the near-certain rules give a candidate, else the model's `kind`."""
    if ((cand.source == BULLET or "column_role" in cand.cues) and cand.role in (PRIORITY, ACTIVITY)
            and not _states_other_kind(cand)):
        return cand.role  # a bullet under *Prioriteiten* or *Wat gaan we doen?*, a cell in a column headed so
    if cand.source == ENUMERATED and "goal_list" in cand.cues:
        return PRIORITY  # a member of *Speerpunten waren A, B en C*
    if kind == NONE and cand.source == SENTENCE and "goal" in cand.cues and not report:
        return PRIORITY  # goal language in a plan (*Wij willen*, *Ons doel is*)
    return kind


def _may_be_item(doc, cand) -> bool:
    """Not under a heading whose section states no items (*Conclusie*, *Wat mag het kosten?*), and not a
    heading that names its section's role (*Wat willen we bereiken?*, *Indicatoren*)."""
    if cand.role == NO_ITEMS:
        return False
    return cand.source != HEADING or heading_role(doc.block_text(doc.blocks[cand.block])) is None


def _item(doc, kind: str, c, paths) -> Item:
    """The item of kind `kind` at candidate `c`; only an indicator keeps the values read at it."""
    text = doc.text[c.start:c.end]
    indicator = kind == "indicator"
    section = list(paths[c.block][:-1] if doc.blocks[c.block].kind == "heading" else paths[c.block])
    return Item(
        id=f"{doc.id}-{kind[0]}{c.start}", doc_id=doc.id, kind=kind, title=_title(text), start=c.start, end=c.end,
        section=section, block=c.block, values=c.values if indicator else [], benchmark=c.benchmark if indicator else [],
        unit=indicator_unit(text, c.header) if indicator else None, bbv_code=bbv_code(text) if indicator else None,
    )


def _states_other_kind(cand) -> bool:
    """A bullet whose own language says the other kind than its section: a commitment (*We zetten in op ...*)
    under *Wat willen we bereiken?*, goal language (*Wij willen ...*) under *Wat gaan we doen?*; the model decides it."""
    return (cand.role == PRIORITY and "plan" in cand.cues) or (cand.role == ACTIVITY and "goal" in cand.cues)


def _title(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 240 else s[:237].rsplit(" ", 1)[0] + " …"
