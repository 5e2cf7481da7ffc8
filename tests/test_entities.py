"""Named entities: gazetteer hits and unseen names found by pattern."""
import pytest
from conftest import text_document

from nlp.features import block_features
from nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


def mentions(nlp, text: str):
    doc = text_document(text, "noordstad-2023-jaarverslag", "Noordstad", 2023, title="Jaarverslag")
    found = [m for f in block_features(doc, nlp) for m in f.mentions]
    for m in found:
        assert doc.blocks[m.block].start <= m.start < m.end <= doc.blocks[m.block].end
    return [(m.name, m.label, text[m.start:m.end]) for m in found]


def test_unseen_names_are_found_by_pattern(nlp):
    text = ("Vanaf 2023 geldt de Wet gemeentelijke schuldhulp voor iedereen. Conform motie 21M45 en amendement 21A3 "
            "werken we samen met de Stichting Kledingbank Zuid. Minima krijgen de nieuwe Noorderpas.\n")
    assert mentions(nlp, text) == [
        ("Wet gemeentelijke schuldhulp", "law", "Wet gemeentelijke schuldhulp"),
        ("motie 21M45", "motion", "motie 21M45"),
        ("amendement 21A3", "motion", "amendement 21A3"),
        ("Stichting Kledingbank Zuid", "organisation", "Stichting Kledingbank Zuid"),
        ("Noorderpas", "instrument", "Noorderpas"),
    ]


def test_gazetteer_gives_canonical_names_case_insensitively(nlp):
    text = "Met het UWV en de voedselbank bieden we de Gelrepas en Bijzondere Bijstand aan, zoals de Wet Inburgering vraagt.\n"
    assert [(n, label) for n, label, _ in mentions(nlp, text)] == [
        ("UWV", "organisation"), ("Voedselbank", "organisation"), ("GelrePas", "instrument"),
        ("bijzondere bijstand", "instrument"), ("Wet inburgering", "law"),
    ]


def test_law_name_stops_at_the_verb_and_suffix_laws_are_laws(nlp):
    text = "In 2024 wordt de Wet armoedebeleid aangepast. De Jeugdwet en de Participatiewet blijven.\n"
    assert [(n, label) for n, label, _ in mentions(nlp, text)] == [
        ("Wet armoedebeleid", "law"), ("Jeugdwet", "law"), ("Participatiewet", "law")]


def test_programmes_and_capitalised_names(nlp):
    text = ("Binnen het programma Samen Sterk Noord en het project ‘Geld in de wijk’ werkt het "
            "Centrum voor Schuldhulp Noordstad met ons samen.\n")
    assert [(n, label) for n, label, _ in mentions(nlp, text)] == [
        ("Samen Sterk Noord", "programme"), ("Geld in de wijk", "programme"),
        ("Centrum voor Schuldhulp Noordstad", "organisation")]


def test_no_junk_from_sentence_starts_headings_or_single_words(nlp):
    text = "Armoede Bestrijden Samen\n\nArmoede neemt toe. Daarom Werken wij met Buurtteams.\n"
    assert mentions(nlp, text) == []


def test_overlapping_pattern_matches_keep_the_longest_first(nlp):
    # the second law is the longer match: it wins the shared "Wet", so the first law stops before it
    text = "De Wet armoede Wet op het kindgebonden budget geldt, net als de Wet op de.\n"
    assert [(n, label) for n, label, _ in mentions(nlp, text)] == [
        ("Wet armoede", "law"), ("Wet op het kindgebonden budget", "law")]


def test_motion_ids_split_by_the_tokenizer_stay_whole(nlp):
    assert mentions(nlp, "Zie motie 20M184g en amendement 20A80, niet motie abc.\n") == [
        ("motie 20M184g", "motion", "motie 20M184g"), ("amendement 20A80", "motion", "amendement 20A80")]


def test_names_with_hyphens_and_connectors_and_empty_blocks(nlp):
    text = ("Servicepunt Noord-Veluwe helpt. Wij werken met Servicepunt Noord-Veluwe, het Bureau voor Schuldhulp van "
            "de stad en het programma Samen Sterk van de wijk.\n\n \n\nDaarom Werken\n\nDe Wet.\n")
    assert mentions(nlp, text) == [
        ("Servicepunt Noord-Veluwe", "organisation", "Servicepunt Noord-Veluwe"),
        ("Bureau voor Schuldhulp", "organisation", "Bureau voor Schuldhulp"),
        ("Samen Sterk", "programme", "Samen Sterk")]


def test_name_patterns_match_as_spacys_matcher_does(nlp):
    """The patterns run as regexes over a code of each token's word tests (nlp.entities): the spans are those of
    spaCy's Matcher with greedy="LONGEST" over the same tests as token extensions, on every block of the corpora."""
    from spacy.matcher import Matcher
    from spacy.tokens import Token

    from corpus import load_corpus
    from nlp import entities
    from nlp.gold import ANNOTATED_CORPORA

    for name, test in entities.WORD_TESTS.items():
        Token.set_extension(f"pinned_{name}", getter=test, force=True)
    matchers = {}
    for kind, pattern in entities.PATTERNS.items():
        tokens = []
        for word in pattern.replace("(", "").replace(")", "").split():
            op = word[-1] if word[-1] in "?*+" else None
            tokens.append({"_": {f"pinned_{word.rstrip('?*+')}": True}, **({"OP": op} if op else {})})
        matchers[kind] = Matcher(nlp.vocab)
        matchers[kind].add(kind, [tokens], greedy="LONGEST")
    texts = [d.block_text(b) for folder in ANNOTATED_CORPORA for d in load_corpus(folder)[0] for b in d.blocks]
    texts += ["De Wet armoede Wet op de gemeentelijke schuldhulpverlening geldt.", "Het Programma Samen Sterk Programma Werk loopt.",
              "Stichting Leergeld Stichting BOOT en de Participatiewet", "motie M.12 amendement A3 en motie 2021/4"]
    codes = entities._WordCodes(nlp.vocab)
    for sdoc in nlp.tokenizer.pipe(texts):
        code = "".join(map(codes.__getitem__, [t.orth for t in sdoc]))
        for kind, (regex, _) in entities.REGEXES.items():
            expected = sorted((s, e) for _, s, e in matchers[kind](sdoc))
            assert sorted(entities._pattern_matches(code, regex)) == expected, (kind, sdoc.text)
    assert len(texts) > 1000
