"""Blocks analysed many to a spaCy Doc give what each block analysed alone gives; the array sentencizer is spaCy's rule."""
import pytest
import spacy
from conftest import text_document
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import DEFAULT_CORPUS, load_corpus, read_document
from corpus.model import DocumentMeta
from nlp import features
from nlp.features import block_features
from nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(DEFAULT_CORPUS)[0]


def test_joined_blocks_give_what_each_block_alone_gives(nlp, seeds, monkeypatch):
    joined = [block_features(doc, nlp) for doc in seeds]
    assert all(len(doc.text) < features.CHUNK_CHARS for doc in seeds)  # one Doc for all blocks of a seed
    monkeypatch.setattr(features, "CHUNK_CHARS", 1)  # one Doc a block
    alone = [block_features(doc, nlp) for doc in seeds]
    assert joined == alone
    assert sum(len(f.sentences) for doc in joined for f in doc) > 100
    assert sum(len(f.mentions) for doc in joined for f in doc) > 20
    assert sum(len(f.theme_hits) for doc in joined for f in doc) > 100


def test_sentences_stay_inside_their_block(nlp):
    text = "Ambities\n\nWij willen minder armoede\n\n- schulden voorkomen\n- werk vinden\n\nIn 2022 is de regeling vastgesteld. Daarna volgde meer.\n"
    doc = text_document(text, "x-2022-jaarverslag", "X", 2022, title="X")
    found = block_features(doc, nlp)
    sentences = [[text[s.start:s.end] for s in f.sentences] for f in found]
    assert sentences == [["Ambities"], ["Wij willen minder armoede"], ["schulden voorkomen"], ["werk vinden"],
                         ["In 2022 is de regeling vastgesteld.", "Daarna volgde meer."]]
    assert [s.goal for s in found[1].sentences] == [True] and found[4].sentences[0].done


BLOCK_WORDS = ["Zin", "o.a.", "bijv.)", "(m.b.t.", "'s", "zo'n", "auto's", ".", "?", "...", "(", ")", "”", "2.5.1", "€1.000",
               "10%", "wij", "gesloten", ":)", "e.d.", "St.", "A.B.", "https://x.nl/a.b", "\u00a0", "\t", "\n", "a/b", "-", "'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(BLOCK_WORDS), min_size=1, max_size=12), min_size=1, max_size=6))
def test_a_chunk_is_tokenised_as_its_blocks_alone(nlp, reference, block_words):
    """The chunk Doc (its text tokenised whole, from the warmed cache) has the tokens of every block tokenised
    alone by another pipeline's tokenizer, with one separator token between blocks."""
    blocks = [" ".join(words).strip() or "x" for words in block_words]
    text, parts, size = features.SEPARATOR.join(blocks), [], 0
    for n, block in enumerate(blocks):
        parts.append((n, size, size + len(block)))
        size += len(block) + len(features.SEPARATOR)
    expected, starts = [], []
    for block in blocks:
        if expected:
            expected[-1] = (expected[-1][0], False)
            expected.append((features.SEPARATOR, False))
        starts.append(len(expected))
        expected += [(t.text, bool(t.whitespace_)) for t in reference.tokenizer(block)]
    sdoc = features._chunk_doc(nlp, text, parts, [])
    assert [(t.text, bool(t.whitespace_)) for t in sdoc] == expected
    assert all(sdoc[i].is_sent_start for i in starts)


def test_blocks_with_space_at_their_edges_keep_their_offsets(nlp, tmp_path):
    """A table whose first and last cells are empty is a block that starts and ends with a space: the sentences
    of the blocks after it keep their exact offsets (block-wise tokens once lost the next block's first one)."""
    html = ("<h1>Armoede</h1><table><tr><th></th><th>Realisatie 2021</th><th>Doel 2022</th></tr>"
            "<tr><td>Bereik minimaregelingen</td><td>65%</td><td></td></tr></table>"
            "<p>Wij gaan in 2022 de toegang verbeteren. Daarnaast breiden we de schuldhulp uit.</p>")
    (tmp_path / "t.html").write_text(html, encoding="utf-8")
    doc = read_document(tmp_path / "t.html", DocumentMeta("x-2022-jaarverslag", "t.html", "X", 2022, "jaarverslag", "X", "test"))
    table = doc.blocks[1]
    assert doc.text[table.start] == " " and doc.text[table.end - 1] == " "
    sentences = [[doc.text[s.start:s.end] for s in f.sentences] for f in block_features(doc, nlp)]
    assert sentences[2] == ["Wij gaan in 2022 de toegang verbeteren.", "Daarnaast breiden we de schuldhulp uit."]


@pytest.fixture(scope="module")
def reference():
    reference = spacy.blank("nl")
    reference.add_pipe("sentencizer")
    return reference


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Zin", "o.a.", ".", "!", "?", "...", "(", ")", "”", "\n\n", "2.5.1", "。", "-", "wij", "  "]), max_size=30))
def test_array_sentencizer_follows_spacys_rule(nlp, reference, text_parts):
    text = " ".join(text_parts)
    with nlp.select_pipes(enable=["sentencizer"]):
        ours = [t.is_sent_start for t in nlp(text)]
    assert ours == [t.is_sent_start for t in reference(text)]
