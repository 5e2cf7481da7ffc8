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

import itertools
import re
from bisect import bisect_right

import numpy
from spacy.attrs import LOWER, MORPH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import lexicon
from .arrays import member_mask, sentence_bounds, sorted_keys

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
NEGATIONS = frozenset("niet geen nooit".split())
DONE_AUX = frozenset("heeft hebben had hadden is zijn was waren werd werden wordt worden".split())
PRESENT_PASSIVE = frozenset(("wordt", "worden"))
# Verbs of being, seeming and perceiving: their participles report no action.
NON_ACTION = frozenset("blijken worden zijn hebben blijven lijken schijnen voelen zien horen merken begrijpen vinden denken weten heten "
                       "gelden plannen verwachten".split())
TIME_ANCHOR = re.compile(r"\b(?:19|20)\d\d\b|\b(?:dit|vorig|afgelopen|komend) jaar\b|\binmiddels\b|\bsinds\b|\bals pilot\b", re.I)
MAX_GAP = 16
# a new clause starts here: the participle of the auxiliary's verb cluster comes before it
CLAUSE_STARTS = frozenset("waar waarbij waardoor die dat omdat zodat terwijl wanneer maar".split())


@Language.factory("policy_cues", requires=["token.is_sent_start"], assigns=["doc.spans"])
def make_policy_cues(nlp: Language, name: str):
    return PolicyCues(nlp.vocab)


class PolicyCues:
    """Marker words (auxiliaries, *we*, past forms, negations, modals) are found by hash lookups on
    the Doc's LOWER array; only the windows around them are inspected further."""

    def __init__(self, vocab):
        self.goal = PhraseMatcher(vocab, attr="LOWER")
        self.goal.add("goal", [Doc(vocab, words=words) for pattern in GOAL_PATTERNS for words in _expand(pattern)])
        add = vocab.strings.add
        self.markers = {
            "aux": {add(w) for w in DONE_AUX},
            "we": {add("we"), add("wij")},
            "past": {add(w) for w in lexicon.past_forms()},
            "stop": {add(w) for w in MODALS | NEGATIONS},
        }
        self.marker_of: dict[int, tuple[str, ...]] = {}  # word hash -> the markers it is
        for name, hashes in self.markers.items():
            for h in hashes:
                self.marker_of[h] = self.marker_of.get(h, ()) + (name,)
        self.marker_hashes = sorted_keys(self.marker_of)

    def __call__(self, doc: Doc) -> Doc:
        tagged = bool(doc.to_array(MORPH).any() or doc.to_array(POS).any())
        doc.spans["goal"] = [Span(doc, s, e, label="goal") for _, s, e in self.goal(doc)]
        sent_starts = sentence_bounds(doc)
        found: dict[int, dict[str, list[int]]] = {}  # sentence number -> marker name -> token indexes
        lowers = doc.to_array(LOWER)
        at = numpy.flatnonzero(member_mask(lowers, self.marker_hashes))
        for i, h in zip(at.tolist(), lowers[at].tolist()):
            k = bisect_right(sent_starts, i) - 1
            for name in self.marker_of[h]:
                found.setdefault(k, {}).setdefault(name, []).append(i)
        if tagged:  # the tagger knows past tenses the lexicon does not list
            for t in doc:
                if "Past" in t.morph.get("Tense") and t.pos_ == "VERB":
                    past = found.setdefault(bisect_right(sent_starts, t.i) - 1, {}).setdefault("past", [])
                    if t.i not in past:
                        past.append(t.i)
                        past.sort()
        plan, done = [], []
        for k in sorted(found):
            sent = doc[sent_starts[k]:sent_starts[k + 1]]
            inside = {name: found[k].get(name, []) for name in self.markers}
            if inside["we"]:
                plan += _plan_spans(doc, sent, inside["we"], tagged)
            if inside["aux"] or inside["past"]:
                done += _done_spans(doc, sent, inside, tagged)
        doc.spans["plan"] = plan
        doc.spans["done"] = done
        return doc


def _expand(pattern: list[dict]):
    """The word sequences a token pattern stands for. GOAL_PATTERNS use a part of spaCy's Matcher pattern language,
    all a PhraseMatcher can do: each token a LOWER value or {"IN": [...]} list, optionally with "OP": "?"."""
    choices = []
    for tok in pattern:
        lower = tok.get("LOWER")
        if set(tok) - {"LOWER", "OP"} or tok.get("OP", "?") != "?" or not (
                isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"})):
            raise ValueError(f"goal pattern token {tok!r}: only LOWER (a word or an IN list) and OP '?' are understood")
        words = lower["IN"] if isinstance(lower, dict) else [lower]
        choices.append([[w] for w in words] + ([[]] if tok.get("OP") == "?" else []))
    for combo in itertools.product(*choices):
        yield [w for part in combo for w in part]


def _is_participle(tok, tagged: bool) -> bool:
    if tagged:
        part = "Part" in tok.morph.get("VerbForm") or tok.tag_.startswith("WW|vd")
        return part and tok.lemma_.lower() not in NON_ACTION
    return lexicon.is_participle(tok.text) and lexicon.lemma_of(tok.text) not in NON_ACTION


def _is_full_verb(tok, tagged: bool) -> bool:
    if tagged:
        return tok.pos_ == "VERB" and tok.lemma_.lower() not in COGNITION
    return lexicon.is_infinitive(tok.text) and tok.lower_ not in COGNITION


def _plan_spans(doc, sent: Span, we: list[int], tagged: bool) -> list[Span]:
    """*we gaan*, *we zetten (in)*, *stemmen we (af)*: first person next to a full verb in the present."""
    out = []
    for i in we:
        for j in (i + 1, i - 1):
            if sent.start <= j < sent.end and (doc[j].lower_ in ("gaan", "zullen") or _is_full_verb(doc[j], tagged)):
                a, b = sorted((i, j))
                out.append(Span(doc, a, b + 1, label="plan"))
                break
    return out


def _done_spans(doc, sent: Span, inside: dict, tagged: bool) -> list[Span]:
    """An auxiliary with a participle (either order), or a simple past of a full verb; not negated or modal."""
    stops = inside["stop"]
    if any(doc[i].lower_ in MODALS for i in stops):
        return []
    negations = [i for i in stops if doc[i].lower_ in NEGATIONS]
    for i in inside["aux"]:
        window = range(i + 1, min(sent.end, i + MAX_GAP))
        end = next((k for k in window if doc[k].lower_ in CLAUSE_STARTS), window.stop)
        j = next((k for k in range(i + 1, end) if _is_participle(doc[k], tagged)), None)
        if j is None and i > sent.start and _is_participle(doc[i - 1], tagged):
            j = i - 1
        if j is None:
            continue
        ongoing = doc[i].lower_ in PRESENT_PASSIVE and not TIME_ANCHOR.search(sent.text)
        if not ongoing and not any(min(i, j) <= k < max(i, j) for k in negations):
            a, b = sorted((i, j))
            return [Span(doc, a, b + 1, label="done")]
    for i in inside["past"]:
        if i > sent.start and not any(i <= k < i + 4 for k in negations):
            return [Span(doc, i, i + 1, label="done")]
    return []
