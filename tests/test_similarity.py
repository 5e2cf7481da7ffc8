"""Similar approaches across municipalities: known similar items meet, unrelated ones do not."""
import copy

import pytest
from conftest import text_document
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

import nlp.compare as compare_module
import nlp.text_pairs as text_pairs_module
from corpus import DEFAULT_CORPUS, load_corpus
from nlp.analyse import analyse_documents
from nlp.compare import SIMILAR_KINDS, THRESHOLD, WEIGHTS, compare, item_text, lemmas, similar_items, similarity_vectors
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
        doc = text_document(text, doc_id, municipality, 2022, "begroting", "Begroting")
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


def test_similar_approaches_are_in_other_municipalities_only_and_leave_the_analyses_as_they_were(corpus):
    documents, analyses = corpus
    before = [a.sha256() for a in analyses]
    similar = compare(documents, analyses).similar
    noord = similar[analyses[0].items[0].id]
    assert [s["id"] for s in noord][:1] == ["zuidstad-2022-begroting-a0"]
    assert all(not s["id"].startswith("noordstad") and s["score"] == round(s["score"], 3) for s in noord)
    assert similar.get(analyses[0].items[1].id, []) == []
    assert [a.sha256() for a in analyses] == before


def test_comparison_is_deterministic_and_fills_the_matrix(corpus):
    documents, analyses = corpus
    first, second = compare(documents, analyses), compare(documents, analyses)
    assert first == second
    cell = next(c for c in first.matrix if c["theme"] == "vroegsignalering" and c["municipality"] == "Zuidstad")
    assert cell["activity"] == 1 and cell["item_ids"] == ["zuidstad-2022-begroting-a0"]
    assert first.codebook_version and first.codebook[0]["code"]


@pytest.fixture(scope="module")
def seeds():
    documents, _ = load_corpus(DEFAULT_CORPUS)
    return documents, analyse_documents(documents, "blank", None)[0]


def similar_approaches(documents, analyses, jobs, state=None):
    pairs, similar = similar_items({d.id: d for d in documents}, analyses, jobs, state)
    return pairs, [(item.id, similar.get(item.id, [])) for a in analyses for item in a.items]


def test_similar_items_are_those_of_the_full_product_in_any_number_of_processes(seeds, monkeypatch):
    """Leaving common n-grams out of the product (bounded), computing its upper triangle in blocks and
    splitting its rows over processes changes nothing. The reference takes the whole product at once:
    one chunk, one block of columns, no column left out (COMMON 1). Then the seeds' 106 distinct texts
    make 7 chunks of rows and 3 blocks of columns; a lower threshold gives many more pairs."""
    documents, analyses = seeds
    monkeypatch.setattr(compare_module, "THRESHOLD", 0.1)
    for name, value in [("CHUNK", 4096), ("COLUMNS", 4096), ("COMMON", 1.0)]:
        monkeypatch.setattr(text_pairs_module, name, value)
    full = similar_approaches(documents, analyses, 1)
    assert len(full[0]) > 200 and sum(len(s) for _, s in full[1]) > 400
    monkeypatch.setattr(text_pairs_module, "CHUNK", 16)
    monkeypatch.setattr(text_pairs_module, "COLUMNS", 48)
    for common, jobs in [(1.0, 1), (0.1, 1), (0.01, 1), (0.01, 2)]:
        monkeypatch.setattr(text_pairs_module, "COMMON", common)
        assert similar_approaches(documents, analyses, jobs) == full, (common, jobs)


def test_similarity_vectors_are_tfidf_of_lemmas_ngrams_and_themes(seeds):
    """The n-grams counted per lemma give the rows scikit-learn's vectorizers give over the texts."""
    documents, analyses = seeds
    docs = {d.id: d for d in documents}
    texts = sorted({item_text(docs[a.doc_id], a, item) for a in analyses for item in a.items})
    words = [lemmas(t) for t in texts]
    plain = [" ".join(w for w in ws if not w.startswith("theme:")) for ws in words]
    themes = [" ".join(w for w in ws if w.startswith("theme:")) for ws in words]
    expected = hstack([
        TfidfVectorizer(analyzer=str.split, sublinear_tf=True).fit_transform(plain) * WEIGHTS[0] ** 0.5,
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(plain) * WEIGHTS[1] ** 0.5,
        TfidfVectorizer(analyzer=str.split).fit_transform(themes) * WEIGHTS[2] ** 0.5,
    ])
    rows, _, _ = similarity_vectors(texts)
    assert rows.shape == expected.shape and abs(rows - expected).max() < 1e-12


def test_texts_without_themes_or_content_words_are_compared_without_error(corpus):
    """A corpus outside the codebook's themes, or items of stop words only, has empty vocabularies."""
    documents, analyses = corpus[0], copy.deepcopy(corpus[1])
    for analysis in analyses:
        for item in analysis.items:
            item.themes = []
        analysis.block_themes = [[] for _ in analysis.block_themes]
    pairs = compare(documents, analyses).pairs
    assert pairs and all(p["score"] < 0.8 for p in pairs)  # wording alone: at most the 0.8 of lemmas and n-grams
    rows, _, terms = similarity_vectors(["de het een", "en of"])
    assert rows.shape == (2, 0) and terms == []


def test_pairs_updated_from_an_earlier_build_are_those_of_a_clean_build(seeds, tmp_path, monkeypatch):
    """A build keeps its rows and pairs; the next updates them, scoring only kept pairs and the pairs of new
    or moved texts, and gives the clean build's pairs, scores and similar lists. The earlier builds here
    lack a document, or some items of one, so their idf weights differ: many rows move and many texts
    are new (REBASE 1 keeps the update from falling back to all pairs). At THRESHOLD 0.1 many pairs lie
    near the threshold."""
    documents, analyses = seeds
    monkeypatch.setattr(compare_module, "THRESHOLD", 0.1)
    monkeypatch.setattr(text_pairs_module, "REBASE", 1.0)
    clean = similar_approaches(documents, analyses, 1)
    fewer = copy.deepcopy(analyses)
    del fewer[1].items[::2]
    for n, (earlier_documents, earlier_analyses) in enumerate([(documents[1:], analyses[1:]), (documents, fewer)]):
        state = tmp_path / f"similar-{n}"
        similar_items({d.id: d for d in earlier_documents}, earlier_analyses, 1, state)
        kept = (state / "pairs.npz").read_bytes()
        assert similar_approaches(documents, analyses, 1, state) == clean, n
        assert (state / "pairs.npz").read_bytes() == kept  # updated, not found over all pairs again


def test_an_update_scores_moved_and_new_texts_against_all(seeds, tmp_path, monkeypatch):
    """The update is not vacuous: against the build without three of the seeds' 203 texts, some kept rows
    moved by more than MARGIN / 2 (so few texts move the idf weights that much) and others did not; the
    moved and the new texts are scored against all texts, and the pairs are those over all pairs."""
    monkeypatch.setattr(text_pairs_module, "REBASE", 1.0)
    now = distinct_texts(*seeds)
    earlier = now[3:]
    state = tmp_path / "similar.npz"
    text_pairs_module.text_pairs(*similarity_vectors(earlier), earlier, THRESHOLD, 1, state)
    x, chars, terms = similarity_vectors(now)
    base = text_pairs_module._load(state, THRESHOLD)
    rows, still = text_pairs_module._unmoved(x, terms, text_pairs_module.text_keys(now), base)
    assert 10 < still.sum() < len(earlier) - 10 and not still[:3].any()
    found = text_pairs_module._updated(x, terms, text_pairs_module.text_keys(now), base, THRESHOLD)
    reach = found[2] >= THRESHOLD
    assert [a[reach].tolist() for a in found] == [a.tolist() for a in text_pairs_module.all_pairs(x, chars, THRESHOLD)]


def distinct_texts(documents, analyses):
    docs = {d.id: d for d in documents}
    return sorted({item_text(docs[a.doc_id], a, item) for a in analyses for item in a.items if item.kind in SIMILAR_KINDS})


def test_vectors_from_kept_words_and_ngrams_are_those_counted_afresh(seeds, tmp_path):
    """Rows from the words and n-gram counts an earlier build kept (of other texts: some gone, some new) are
    the rows counted afresh, bit for bit, and so are their columns."""
    texts = distinct_texts(*seeds)
    known = tmp_path / "terms.npz"
    similarity_vectors(texts[3:-40], known=known)
    reused, fresh = similarity_vectors(texts[:-20], known=known), similarity_vectors(texts[:-20])
    assert reused[1:] == fresh[1:] and (reused[0] != fresh[0]).nnz == 0
    assert [a.tobytes() for a in (reused[0].data, reused[0].indices, reused[0].indptr)] == \
        [a.tobytes() for a in (fresh[0].data, fresh[0].indices, fresh[0].indptr)]
