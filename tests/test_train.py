"""The statement model: gold matched in the reader's text, deterministic training, honest cross-validation."""
import json
import shutil

import pytest

from build import main
from corpus import CorpusError
from nlp.bbv import bbv_code
from nlp.classifier import MODEL_FILE, StatementModel
from nlp.evaluate import public_scores
from nlp.gold import ANNOTATED_CORPORA, load_annotated, load_gold
from nlp.pipeline import load_pipeline
from nlp.train import cross_validate, examples, folds, run_train, train
from tests.test_readers import make_docx, make_pdf


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


def gold_file(folder, document, quote, **fields):
    (folder / "gold").mkdir(exist_ok=True)
    gold = {"document": document, "municipality": "Teststad", "year": 2021, "doc_type": "jaarverslag",
            "items": [{"kind": "activity", "quote": quote}], **fields}
    (folder / "gold" / f"{document}.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder / "gold"


@pytest.mark.parametrize("name, write, quote", [
    ("cp1252.txt", lambda p: p.write_bytes("Verslag\n\nWe hebben de café-regeling verlengd.\n".encode("cp1252")),
     "We hebben de café-regeling verlengd."),
    ("verslag.html", lambda p: p.write_text("<html><body><h1>Verslag</h1><p>We hebben <b>de pas</b> vernieuwd.</p></body></html>",
                                            encoding="utf-8"), "We hebben de pas vernieuwd."),
    ("verslag.docx", make_docx, "We helpen mensen met schulden."),
    ("verslag.pdf", make_pdf, None),
])
def test_gold_is_matched_in_the_readers_text(tmp_path, name, write, quote):
    write(tmp_path / name)
    if quote is None:  # the PDF's first paragraph, as the reader gives it
        from corpus.model import DocumentMeta
        from corpus.readers import read_document
        doc = read_document(tmp_path / name, DocumentMeta("t", name, "T", 2021, "jaarverslag", "T", "t"))
        quote = doc.block_text(next(b for b in doc.blocks if b.kind == "paragraph"))
    [gold] = load_gold(gold_file(tmp_path, name, quote), tmp_path)
    (start, end), = gold.items[0]["spans"]
    assert gold.document.text[start:end] == quote


def test_gold_errors_name_the_file_and_field(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "a.txt").write_text("Verslag\n\nTekst.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a\.txt\.json \[items\[0\]\.quote\]: quote not found"):
        load_gold(gold_file(one, "a.txt", "Niet in de tekst."), one)
    with pytest.raises(CorpusError, match=r"b\.txt\.json \[document\]: source file 'b\.txt' not found"):
        load_gold(gold_file(two, "b.txt", "Tekst."), two)


def test_cross_validation_keeps_each_municipality_out_of_its_own_training(nlp):
    golds = load_annotated(ANNOTATED_CORPORA)
    exs = examples(golds, nlp)
    seen = []
    for municipality, training, held_out in folds(exs):
        assert held_out and all(e.gold.municipality == municipality for e in held_out)
        assert all(e.gold.municipality != municipality for e in training)
        assert len(training) + len(held_out) == len(exs)
        seen.append(municipality)
    assert sorted(seen) == sorted({g.municipality for g in golds}) and len(seen) >= 40


def test_training_reproduces_the_shipped_model_byte_for_byte(tmp_path, capsys):
    retrained = tmp_path / "model.json"
    run_train(None, retrained)
    assert retrained.read_bytes() == MODEL_FILE.read_bytes()
    model = StatementModel.load(retrained)
    assert model.training["municipalities"] >= 40 and model.version in capsys.readouterr().out
    scores = model.training["cross_validation"]  # what the method page quotes
    assert scores["micro"]["f1"] >= 0.5 and scores["indicator"]["f1"] >= 0.8 and scores["indicator_values"]["recall"] >= 0.9


def test_a_model_file_is_data_not_code(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text('{"format": "pickle"}', encoding="utf-8")
    with pytest.raises(CorpusError, match="is not a statement model file"):
        StatementModel.load(bad)


def test_training_on_a_corpus_of_ones_own(tmp_path, nlp):
    corpus = tmp_path / "eigen"
    shutil.copytree(ANNOTATED_CORPORA[0], corpus)
    exs = examples(load_annotated([corpus]), nlp)
    model = train(exs)
    assert model.training["documents"] == 5 and set(model.classes) == {"none", "priority", "activity", "indicator"}


def test_evaluate_cross_validate_json(capsys, nlp):
    """The command's JSON is the scorer's format with the pooled scores of the folds (on the seeds alone, to be quick;
    the whole annotated corpus's figures are those the training test checks in the model file)."""
    seeds = ANNOTATED_CORPORA[0]
    assert main(["evaluate", "--cross-validate", "--gold", str(seeds), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"priority", "activity", "indicator", "micro", "indicator_values"}
    assert set(scores["micro"]) == {"precision", "recall", "f1"} and set(scores["indicator_values"]) == {"precision", "recall"}
    assert scores == public_scores(cross_validate(examples(load_annotated([seeds]), nlp))[0])


@pytest.mark.parametrize("label, code", [
    ("Banen (21)", "bbv-banen"), ("Banen (aantal per 1.000 inwoners in de leeftijd 15-64 jaar)", "bbv-banen"),
    ("jeugdwerkloosheid", "bbv-werkloze-jongeren"), ("Cliënten met een maatwerkarrangement WMO (aantal per 10.000 inwoners)", "bbv-wmo-maatwerk"),
    ("Personen (18+) met bijstandsuitkering per 1.000 inwoners", None), ("Bananen", None),
    ("Aandeel kinderen in uitkeringsgezinnen", "bbv-kinderen-uitkeringsgezin"), ("Percentage jongeren met jeugdhulp (tot 18 jaar)", "bbv-jeugdhulp"),
    ("Aantal personen met een bijstandsuitkering per 10000 inwoners", "bbv-bijstandsuitkering"), ("Banenafspraak: plaatsingen", None),
])
def test_bbv_codes(label, code):
    assert bbv_code(label) == code
