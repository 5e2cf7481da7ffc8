"""Pipeline loading: blank fallback, trained pipelines by path (POS-aware rules), clear errors."""
import random

import pytest
import spacy
from conftest import text_document
from spacy.training import Example

from nlp.features import block_features
from nlp.pipeline import ModelNotInstalled, load_pipeline

TRAIN = [
    ("De gemeente heeft het plan geblorkt .", ["DET", "NOUN", "AUX", "DET", "NOUN", "VERB", "PUNCT"]),
    ("Wij hebben de regeling gevlimd .", ["PRON", "AUX", "DET", "NOUN", "VERB", "PUNCT"]),
    ("Het college heeft een convenant gesnorkt .", ["DET", "NOUN", "AUX", "DET", "NOUN", "VERB", "PUNCT"]),
    ("De stad is groot .", ["DET", "NOUN", "AUX", "ADJ", "PUNCT"]),
]


def train_tiny_tagger(path):
    """A morphologizer trained on four sentences: it learns that ge...t after an auxiliary is a participle."""
    nlp = spacy.blank("nl")
    nlp.add_pipe("morphologizer")
    examples = []
    for text, pos in TRAIN:
        doc = nlp.make_doc(text)
        morphs = ["VerbForm=Part" if p == "VERB" else "" for p in pos]
        examples.append(Example.from_dict(doc, {"pos": pos, "morphs": morphs}))
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples, sgd=None)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(path)


def done_sentences(nlp, text):
    doc = text_document(text)
    return [text[s.start:s.end] for f in block_features(doc, nlp) for s in f.sentences if s.done]


def test_blank_pipeline_is_the_fallback():
    import importlib.util

    from nlp.pipeline import TRAINED

    installed = next((name for name in TRAINED if importlib.util.find_spec(name)), None)
    assert ("spacy.blank('nl')" in load_pipeline("auto")[1]) == (installed is None)  # auto: the largest trained one, else blank
    nlp, description = load_pipeline("blank")
    assert "spacy.blank('nl')" in description
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "policy_cues", "policy_themes", "policy_entities"]
    assert [t.lemma_ for t in nlp("woningcorporaties gingen")] == ["woningcorporatie", "gaan"]


def test_components_declare_what_they_need_and_set():
    nlp, _ = load_pipeline("blank")
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())
    assert analysis["summary"]["policy_themes"]["requires"] == ["token.lemma"]
    assert analysis["summary"]["policy_cues"]["requires"] == ["token.is_sent_start"]
    reordered = spacy.blank("nl")
    reordered.add_pipe("policy_themes")
    reordered.add_pipe("cached_lookup_lemmatizer")
    assert reordered.analyze_pipes()["problems"]["policy_themes"] == ["token.lemma"]


def test_theme_and_entity_components_read_the_data_files_they_are_given(tmp_path):
    (tmp_path / "codebook.toml").write_text('version = "t"\n[[theme]]\ncode = "fiets"\nlabel_nl = "Fiets"\nlabel_en = "Bike"\n'
                                            'definition_nl = ""\ndefinition_en = ""\nsignals = ["fietsplan", "gratis fiets"]\n', encoding="utf-8")
    (tmp_path / "gazetteer.toml").write_text('[[entry]]\nname = "Fietsbank"\nlabel = "organisation"\n', encoding="utf-8")
    nlp = spacy.blank("nl")
    nlp.add_pipe("cached_lookup_lemmatizer")
    nlp.add_pipe("policy_themes", config={"codebook": str(tmp_path / "codebook.toml")})
    nlp.add_pipe("policy_entities", config={"gazetteer": str(tmp_path / "gazetteer.toml")})
    doc = nlp("De Fietsbank geeft een gratis fiets; het fietsplannen en de schuldhulp.")
    assert [(code, doc.text[s:e]) for s, e, code in doc._.theme_hits] == [("fiets", "gratis fiets"), ("fiets", "fietsplannen")]
    assert [(name, label) for _, _, name, label in doc._.mentions] == [("Fietsbank", "organisation")]
    shipped, _ = load_pipeline("blank")
    assert {code for _, _, code in shipped("Inwoners met schulden krijgen schuldhulp.")._.theme_hits} == {"schulden"}


def test_goal_patterns_outside_what_a_phrase_matcher_can_do_are_refused():
    from nlp.cues import _expand

    assert list(_expand([{"LOWER": {"IN": ["we", "wij"]}}, {"LOWER": "willen", "OP": "?"}])) == [["we", "willen"], ["we"], ["wij", "willen"], ["wij"]]
    for token in ({"LEMMA": "willen"}, {"LOWER": "wil", "OP": "*"}, {"LOWER": {"NOT_IN": ["niet"]}}):
        with pytest.raises(ValueError, match="only LOWER"):
            list(_expand([token]))


def test_cached_lookup_lemmatizer_equals_spacys_lookup_lemmatizer():
    from corpus import DEFAULT_CORPUS, load_corpus

    reference = spacy.blank("nl")
    reference.add_pipe("lemmatizer", config={"mode": "lookup"})
    reference.initialize()
    ours, _ = load_pipeline("blank")
    texts = [d.block_text(b) for d in load_corpus(DEFAULT_CORPUS)[0] for b in d.blocks]
    expected = [[t.lemma_ for t in doc] for doc in reference.pipe(texts)]
    assert [[t.lemma_ for t in doc] for doc in ours.pipe(texts)] == expected


def test_trained_pipeline_by_path_engages_pos_aware_rules(tmp_path):
    train_tiny_tagger(tmp_path / "tiny")
    text = "Verslag\n\nDe gemeente heeft het plan geblorkt.\n"
    blank, _ = load_pipeline("blank")
    assert done_sentences(blank, text) == []  # the lexicon does not know 'geblorkt'
    tagged, description = load_pipeline(str(tmp_path / "tiny"))
    assert "morphologizer" in description and "policy_cues" in tagged.pipe_names
    assert done_sentences(tagged, text) == ["De gemeente heeft het plan geblorkt."]  # the cue the statement model reads


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelNotInstalled, match="python -m spacy download nl_core_news_md"):
        load_pipeline("nl_core_news_md")


def test_dutch_sentence_splitter_knows_abbreviations():
    nlp, _ = load_pipeline("blank")
    doc = nlp("Zie o.a. prestatie 2.5.1 hierboven. Dit is bijv. goed! Nieuwe zin.")
    assert [s.text for s in doc.sents] == ["Zie o.a. prestatie 2.5.1 hierboven.", "Dit is bijv. goed!", "Nieuwe zin."]
