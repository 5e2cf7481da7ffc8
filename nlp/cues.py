"""The `policy_cues` spaCy component: goal, plan and realised-action language as span groups.

Sets on every Doc:
- `doc.spans["goal"]`: goal language (*wij willen*, *ons grootste streven is*, *we streven ernaar*, *met als doel*)
- `doc.spans["plan"]`: first-person commitments (*we gaan*, *we zetten in op*, *stemmen we ... af*)
- `doc.spans["done"]`: realised actions (*heeft ... gesloten*, *is ... vastgesteld*, *kregen*, and a present
  passive anchored in time: *in 2017 wordt ... geïnvesteerd*)

Participles and past tenses come from the tagger's morphology when the
pipeline has one (trained nl_core_news_*), else from the lookup lexicon.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from . import lexicon

WE = {"IN": ["we", "wij"]}
GOAL_NOUNS = ["streven", "doel", "doelstelling", "ambitie", "uitgangspunt", "inzet", "opgave", "missie", "visie"]
GOAL_PATTERNS = [
    [{"LOWER": WE}, {"LOWER": {"IN": ["willen", "wil"]}}],
    [{"LOWER": {"IN": ["willen", "wil"]}}, {"LOWER": WE}],
    [{"LOWER": {"IN": ["gemeente", "college", "stad"]}}, {"LOWER": {"IN": ["wil", "willen", "streeft", "beoogt"]}}],
    [{"LOWER": {"IN": ["ons", "onze", "het", "de"]}}, {"LOWER": {"IN": ["grootste", "belangrijkste", "centrale"]}, "OP": "?"},
     {"LOWER": {"IN": GOAL_NOUNS}}, {"LOWER": {"IN": ["is", "blijft", "was", "van", "luidt"]}}],
    [{"LOWER": {"IN": ["streven", "streeft", "streefden", "beogen", "beoogt"]}}, {"LOWER": WE, "OP": "?"}, {"LOWER": {"IN": ["ernaar", "naar"]}}],
    [{"LOWER": "met"}, {"LOWER": "als"}, {"LOWER": {"IN": ["doel", "ambitie", "doelstelling"]}}],
    [{"LOWER": {"IN": ["zorgt", "zorgen"]}}, {"LOWER": "er"}, {"LOWER": "voor"}, {"LOWER": "dat"}],
    [{"LOWER": {"IN": ["zorgt", "zorgen"]}}, {"LOWER": "ervoor"}, {"LOWER": "dat"}],
]
COGNITION = frozenset("zien weten denken vinden constateren verwachten merken hopen menen willen kunnen moeten mogen hebben zijn worden".split())
MODALS = frozenset("moet moeten kan kunnen zal zullen zou zouden mag mogen".split())
NEGATIONS = frozenset("niet geen nooit nog_niet".split())
DONE_AUX = frozenset("heeft hebben had hadden is zijn was waren werd werden wordt worden".split())
PRESENT_PASSIVE = frozenset(("wordt", "worden"))
# Verbs of being, seeming and perceiving: their participles report no action.
NON_ACTION = frozenset("blijken worden zijn hebben blijven lijken schijnen voelen zien horen merken begrijpen vinden denken weten heten gelden plannen verwachten".split())
TIME_ANCHOR = re.compile(r"\b(?:19|20)\d\d\b|\b(?:dit|vorig|afgelopen|komend) jaar\b|\binmiddels\b|\bsinds\b|\bals pilot\b", re.I)
MAX_GAP = 16


@Language.factory("policy_cues")
def make_policy_cues(nlp: Language, name: str):
    return PolicyCues(nlp.vocab)


class PolicyCues:
    def __init__(self, vocab):
        self.matcher = Matcher(vocab)
        self.matcher.add("goal", GOAL_PATTERNS)

    def __call__(self, doc: Doc) -> Doc:
        tagged = doc.has_annotation("MORPH") or doc.has_annotation("POS")
        doc.spans["goal"] = [Span(doc, s, e, label="goal") for _, s, e in self.matcher(doc)]
        plan, done = [], []
        for sent in doc.sents:
            plan += _plan_spans(sent, tagged)
            done += _done_spans(sent, tagged)
        doc.spans["plan"] = plan
        doc.spans["done"] = done
        return doc


def _is_participle(tok, tagged: bool) -> bool:
    if tagged:
        part = "Part" in tok.morph.get("VerbForm") or tok.tag_.startswith("WW|vd")
        return part and tok.lemma_.lower() not in NON_ACTION
    return lexicon.is_participle(tok.text) and lexicon.lemma_of(tok.text) not in NON_ACTION


def _is_past(tok, tagged: bool) -> bool:
    if tagged:
        return tok.pos_ == "VERB" and "Past" in tok.morph.get("Tense") and "Part" not in tok.morph.get("VerbForm")
    return lexicon.is_simple_past(tok.text)


def _is_full_verb(tok, tagged: bool) -> bool:
    if tagged:
        return tok.pos_ == "VERB" and tok.lemma_.lower() not in COGNITION
    return lexicon.is_infinitive(tok.text) and tok.lower_ not in COGNITION


def _plan_spans(sent: Span, tagged: bool) -> list[Span]:
    """*we gaan*, *we zetten (in)*, *stemmen we (af)*: first person plus a full verb in the present."""
    out = []
    toks = list(sent)
    for i, tok in enumerate(toks):
        if tok.lower_ not in ("we", "wij"):
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(toks) and (toks[j].lower_ in ("gaan", "zullen") or _is_full_verb(toks[j], tagged)):
                a, b = sorted((toks[i].i, toks[j].i))
                out.append(Span(sent.doc, a, b + 1, label="plan"))
                break
    return out


def _done_spans(sent: Span, tagged: bool) -> list[Span]:
    """An auxiliary with a participle (either order), or a simple past of a full verb; not negated or modal."""
    toks = list(sent)
    lower = [t.lower_ for t in toks]
    if any(w in MODALS for w in lower):
        return []
    out = []
    for i, tok in enumerate(toks):
        if lower[i] in DONE_AUX:
            window = range(i + 1, min(len(toks), i + MAX_GAP))
            j = next((k for k in window if _is_participle(toks[k], tagged)), None)
            if j is None and i >= 1 and _is_participle(toks[i - 1], tagged):
                j = i - 1
            ongoing = lower[i] in PRESENT_PASSIVE and not TIME_ANCHOR.search(sent.text)
            if j is not None and not ongoing and not any(lower[k] in NEGATIONS for k in range(min(i, j), max(i, j))):
                a, b = sorted((toks[i].i, toks[j].i))
                out.append(Span(sent.doc, a, b + 1, label="done"))
                break
        elif i > 0 and _is_past(tok, tagged) and not any(w in NEGATIONS for w in lower[i:i + 4]):
            out.append(Span(sent.doc, tok.i, tok.i + 1, label="done"))
            break
    return out
