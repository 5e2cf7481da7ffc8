"""Theme assignment: compounds, lemmas, phrases, and evidence from an item's own span."""
import pytest
import spacy
from conftest import text_document

from corpus.model import Document
from nlp.features import block_features
from nlp.model import Item
from nlp.pipeline import load_pipeline
from nlp.themes import assign_themes, load_codebook


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


def document(text: str, doc_id: str = "zuidstad-2022-begroting", municipality: str = "Zuidstad") -> Document:
    return text_document(text, doc_id, municipality, 2022, "begroting", "Begroting 2022")


def item(doc: Document, quote: str, kind: str = "activity", n: int = 0) -> Item:
    start = doc.text.index(quote)
    block = next(i for i, b in enumerate(doc.blocks) if b.start <= start < b.end)
    return Item(f"{doc.id}-{kind[0]}{start}", doc.id, kind, quote, start, start + len(quote), [], block)


def themes_of(nlp, doc, items=()):
    return assign_themes(doc, block_features(doc, nlp), list(items))


def test_codebook_has_the_spec_codes_and_documented_fields():
    book = load_codebook()
    codes = [t["code"] for t in book["theme"]]
    assert {"schulden", "vroegsignalering", "inkomen", "kinderen", "werk", "jongeren", "inburgering", "stadspas",
            "partners", "wijkaanpak", "vaste_lasten", "monitoring", "mantelzorg"} <= set(codes)
    assert len(codes) == len(set(codes)) and book["version"]
    assert all(t["label_nl"] and t["label_en"] and t["definition_nl"] and t["definition_en"] and t["signals"] for t in book["theme"])


def test_compounds_reach_their_theme(nlp):
    doc = document("Schuldhulpverlening en schulddienstverlening helpen bij probleemschulden.\n\n"
                   "De vroegsignaleringsaanpak loopt via huurachterstanden.\n")
    assert themes_of(nlp, doc) == [["schulden"], ["vroegsignalering"]]


def test_lookalike_words_do_not_trigger(nlp):
    doc = document("De verdachte bleek onschuldig en de kosten waren minimaal, dankzij goede samenwerking.\n")
    assert themes_of(nlp, doc) == [[]]


def test_phrases_match_by_lower_case_and_lemma(nlp):
    doc = document("Bijzondere Bijstand en de collectieve zorgverzekering voor mensen met een laag inkomen.\n")
    assert themes_of(nlp, doc) == [["armoede", "inkomen"]]


def test_item_themes_and_evidence_come_from_its_own_span(nlp):
    doc = document("Wij bieden schuldhulpverlening aan jongeren. Daarnaast zijn er mantelzorgers actief.\n")
    first = item(doc, "Wij bieden schuldhulpverlening aan jongeren.")
    block_themes = themes_of(nlp, doc, [first])
    assert block_themes == [["jongeren", "mantelzorg", "schulden"]]
    assert first.themes == ["jongeren", "schulden"]
    assert first.evidence == {"jongeren": ["jongeren"], "schulden": ["schuldhulpverlening"]}


def test_evidence_keeps_text_order_without_duplicates(nlp):
    doc = document("Probleemschulden en schulden: schulden voorkomen met budgetbeheer.\n")
    whole = item(doc, doc.text.strip())
    themes_of(nlp, doc, [whole])
    assert whole.evidence == {"schulden": ["Probleemschulden", "schulden", "budgetbeheer"]}


def test_pipelines_without_lemmatizer_still_match(nlp):
    bare = spacy.blank("nl")
    for name in ("policy_themes", "policy_entities"):
        bare.add_pipe(name)  # no lemmatizer: the themes match by lower case alone
    doc = document("Schuldhulpverlening en bijzondere bijstand.\n")
    assert assign_themes(doc, block_features(doc, bare), []) == [["inkomen", "schulden"]]
