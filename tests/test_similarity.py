"""Similar approaches across municipalities: known similar items meet, unrelated ones do not."""
import pytest

from corpus.model import Document, DocumentMeta
from corpus.structure import parse_text
from nlp.compare import THRESHOLD, compare
from nlp.features import block_features
from nlp.model import DocAnalysis, Item
from nlp.pipeline import load_pipeline
from nlp.themes import assign_themes

TEXTS = {
    "Noordstad": ["Vroegsignalering van betalingsachterstanden: we benaderen inwoners met huurachterstanden actief.",
                  "De sporthal krijgt nieuwe kleedkamers en een grotere tribune."],
    "Zuidstad": ["Binnen de vroegsignaleringsaanpak gaan we op inwoners met betalingsachterstanden en huurachterstand af.",
                 "Het museum verlengt de openingstijden in de zomer."],
    "Weststad": ["We starten een pilot om signalen van betalingsachterstanden vroeg op te pakken met woningcorporaties.",
                 "De gemeente plant tweehonderd bomen langs de rondweg."],
}


@pytest.fixture(scope="module")
def corpus():
    nlp = load_pipeline("blank")[0]
    documents, analyses = [], []
    for municipality, sentences in TEXTS.items():
        text = "\n\n".join(sentences) + "\n"
        doc_id = f"{municipality.lower()}-2022-begroting"
        doc = Document(DocumentMeta(doc_id, f"{doc_id}.txt", municipality, 2022, "begroting", "Begroting", "test"),
                       "0" * 64, text, parse_text(text))
        items = [Item(f"{doc_id}-a{b.start}", doc_id, "activity", doc.block_text(b), b.start, b.end, [], n)
                 for n, b in enumerate(doc.blocks)]
        block_themes = assign_themes(doc, block_features(doc, nlp), items)
        documents.append(doc)
        analyses.append(DocAnalysis(doc_id, items, [], block_themes))
    return documents, analyses


def test_known_similar_pair_ranks_above_unrelated_pairs(corpus):
    documents, analyses = corpus
    result = compare(documents, analyses)
    early = {a.items[0].id for a in analyses}
    best = result.pairs[0]
    assert {best["a"], best["b"]} <= early and best["score"] >= THRESHOLD
    assert all({p["a"], p["b"]} <= early for p in result.pairs)
    assert [p["score"] for p in result.pairs] == sorted((p["score"] for p in result.pairs), reverse=True)


def test_similar_is_set_on_items_across_municipalities_only(corpus):
    documents, analyses = corpus
    compare(documents, analyses)
    noord = analyses[0].items[0]
    assert [s["id"] for s in noord.similar][:1] == ["zuidstad-2022-begroting-a0"]
    assert all(not s["id"].startswith("noordstad") and s["score"] == round(s["score"], 3) for s in noord.similar)
    assert analyses[0].items[1].similar == []


def test_comparison_is_deterministic_and_fills_the_matrix(corpus):
    documents, analyses = corpus
    first, second = compare(documents, analyses), compare(documents, analyses)
    assert first == second
    cell = next(c for c in first.matrix if c["theme"] == "vroegsignalering" and c["municipality"] == "Zuidstad")
    assert cell["activity"] == 1 and cell["item_ids"] == ["zuidstad-2022-begroting-a0"]
    assert first.codebook_version and first.codebook[0]["code"]
