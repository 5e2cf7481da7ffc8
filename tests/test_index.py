"""The Whoosh index: Dutch analysis, compounds, filters, phrases and incremental rebuilds (real Whoosh and spaCy)."""
import re
from collections import Counter

import pytest
from conftest import text_document
from whoosh import index as whoosh_index
from whoosh.fields import TEXT

from index import build_index, records, schema, spelling_words
from index.analysis import WORD, DutchText, PlainText, fold
from index.search import QuerySyntaxError, search
from index.writing import Writer
from nlp.analyse import analyse_document
from nlp.compounds import compound_boundaries, split_compound
from nlp.model import Item
from nlp.pipeline import load_pipeline

TEXTS = {
    ("zaandam-2021-begroting", "Zaandam", 2021, "begroting"): (
        "Armoede\n\nWe bieden schulddienstverlening en schuldhulpverlening aan inwoners.\n\n"
        "Preventie\n\nHet project Get a Grip helpt jongeren met probleemschulden.\n"),
    ("delft-2017-jaarverslag", "Delft", 2017, "jaarverslag"): (
        "Wonen\n\nAfspraken met woningcorporaties over huurachterstanden.\n\n"
        "Jeugd\n\nDe kinderen kregen één keer per jaar een tegoed.\n"),
}


def make_document(key, text):
    doc_id, municipality, year, doc_type = key
    return text_document(text, doc_id, municipality, year, doc_type, f"Verslag {municipality}")


def fixed_item(doc, kind, quote):
    start = doc.text.index(quote)
    block = next(n for n, b in enumerate(doc.blocks) if b.start <= start < b.end)
    return Item(f"{doc.id}-{kind[0]}{start}", doc.id, kind, quote, start, start + len(quote), [], block)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


ITEMS = {  # the index's tests do not depend on what the statement model extracts: these are the items
    "zaandam-2021-begroting": [("activity", "Preventie")],
    "delft-2017-jaarverslag": [("activity", "De kinderen kregen één keer per jaar een tegoed.")],
}


def corpus(nlp, texts=TEXTS):
    documents = [make_document(key, text) for key, text in texts.items()]
    analyses = [analyse_document(doc, nlp) for doc in documents]
    for doc, analysis in zip(documents, analyses):
        if doc.id in ITEMS:
            analysis.items = [fixed_item(doc, kind, quote) for kind, quote in ITEMS[doc.id]]
    analyses[0].block_themes = [["schulden"] if "schuld" in doc_text else [] for doc_text in
                                (documents[0].block_text(b) for b in documents[0].blocks)]
    return documents, analyses


@pytest.fixture(scope="module")
def index_dir(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    assert build_index(*corpus(nlp), path) == 2
    return path


def found(index_dir, query, **filters):
    hits, _, _ = search(index_dir, query, filters, 20)
    return {(hit.doc_id, hit.snippet.replace("»", "").replace("«", "")) for hit in hits}


def doc_ids(index_dir, query, **filters):
    return sorted({doc_id for doc_id, _ in found(index_dir, query, **filters)})


def test_compound_splitter():
    assert split_compound("schulddienstverlening") == ["schuld", "dienstverlening"]
    assert split_compound("schuldhulpverlening") == ["schuld", "hulpverlening"]
    assert split_compound("probleemschulden") == ["probleem", "schuld"]
    assert split_compound("woningcorporaties") == ["woning", "corporatie"]
    assert split_compound("vroegsignaleringsaanpak") == ["vroegsignalering", "aanpak"]
    assert split_compound("vrijwilligersorganisaties") == ["vrijwilliger", "organisatie"]
    assert split_compound("kinderen") == split_compound("betaling") == split_compound("kind") == []
    assert compound_boundaries("vroegsignaleringsaanpak") == [5, 17]
    assert compound_boundaries("Woningcorporaties") == [6]


@pytest.mark.parametrize("query", ["schuld", "schulden"])
def test_compound_parts_are_found(index_dir, query):
    snippets = " ".join(s for _, s in found(index_dir, query))
    assert "schulddienstverlening" in snippets and "probleemschulden" in snippets


def test_inflection_lemma_and_accents(index_dir):
    assert doc_ids(index_dir, "woningcorporatie") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "kind") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "een keer") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "woning") == ["delft-2017-jaarverslag"]


def test_phrase_and_operators(index_dir):
    assert doc_ids(index_dir, '"Get a Grip"') == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, '"a Grip Get"') == []
    # words whose stem and lemma stem differ (kinderen: kinder, kind), and compounds, inside a phrase
    assert doc_ids(index_dir, '"De kinderen kregen"') == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, '"kinderen De kregen"') == []
    assert doc_ids(index_dir, '"schulddienstverlening en schuldhulpverlening"') == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, "schuld NOT probleemschulden") == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, "kind OR jongeren") == ["delft-2017-jaarverslag", "zaandam-2021-begroting"]
    assert doc_ids(index_dir, "municipality:delft AND huur*") == ["delft-2017-jaarverslag"]


def test_filters(index_dir):
    assert doc_ids(index_dir, "inwoners OR afspraken", municipality="Delft") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "inwoners OR afspraken", year=2021) == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, "inwoners OR afspraken", doc_type="jaarverslag") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "inwoners OR afspraken", kind="priority") == []
    assert doc_ids(index_dir, "inwoners OR afspraken", kind="passage") == ["delft-2017-jaarverslag", "zaandam-2021-begroting"]
    assert doc_ids(index_dir, "jongeren OR inwoners OR afspraken", themes="schulden") == ["zaandam-2021-begroting"]


def test_hit_fields_and_links(index_dir):
    hits, total, _ = search(index_dir, "probleemschulden", {}, 5)
    assert total == 1
    (hit,) = hits
    assert (hit.kind, hit.municipality, hit.year, hit.section) == ("passage", "Zaandam", 2021, "Armoede > Preventie")
    text = TEXTS[("zaandam-2021-begroting", "Zaandam", 2021, "begroting")]
    assert text[hit.start:hit.end].startswith("Het project Get a Grip")
    assert hit.url == "documents/zaandam-2021-begroting.html#p4"
    assert "»probleemschulden«" in hit.snippet


@pytest.mark.parametrize("query", ['"Get a Grip', "(schuld OR kind", "schuld)", "schuld AND", "municipality:", "gemeente:Delft"])
def test_syntax_errors(index_dir, query):
    with pytest.raises(QuerySyntaxError):
        search(index_dir, query, {}, 5)


def test_suggestion_from_index_vocabulary(index_dir):
    hits, total, suggestion = search(index_dir, "woningcorporaites", {}, 5)
    assert (hits, total, suggestion) == ([], 0, "woningcorporaties")
    assert search(index_dir, "year:[2010 TO 2016] woningcorporaites", {}, 5)[2] == "year:[2010 TO 2016] woningcorporaties"


def test_year_queries(index_dir):
    """One term per year is indexed (no numeric tiers); exact years, ranges and open ranges all work."""
    assert doc_ids(index_dir, "year:2017") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "year:[2016 TO 2018]") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "year:[TO 2018]") == ["delft-2017-jaarverslag"]  # the tiered index matched every year
    assert doc_ids(index_dir, "year:[2018 TO]") == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, "year:{2017 TO 2021]") == ["zaandam-2021-begroting"]
    assert doc_ids(index_dir, "kinderen year:[2000 TO 2017]") == ["delft-2017-jaarverslag"]
    assert doc_ids(index_dir, "kinderen year:[2018 TO 2030]") == []
    with whoosh_index.open_dir(index_dir).reader() as reader:
        assert len(list(reader.lexicon("year"))) == 2


def test_spelling_vocabulary_counts_every_record(nlp, index_dir):
    """Items inside a passage add their words to the passage's `words`, an item in a heading keeps its own:
    every word of every record is in the vocabulary as often as before (the corrector ranks by frequency)."""
    expected = Counter(fold(word.lower()) for doc, analysis in zip(*corpus(nlp)) for record in records(doc, analysis)
                       for word in re.findall(WORD, record["text"]))
    with whoosh_index.open_dir(index_dir).reader() as reader:
        assert {term.decode(): reader.frequency("words", term) for term in reader.lexicon("words")} == expected
        assert reader.doc_frequency("words", "kinderen") == 1  # the passage only, not its item as well
    rows = [{"kind": "passage", "block": 1, "text": "a b"}, {"kind": "activity", "block": 0, "text": "kop"},
            {"kind": "priority", "block": 1, "text": "b"}, {"kind": "passage", "block": 1, "text": "rij"}]
    assert spelling_words(rows) == ["a b b", "kop", None, "rij"]


def test_suggestion_of_a_heading_word(index_dir):
    """"Preventie" is only a heading (an activity item, no passage): still in the vocabulary."""
    assert search(index_dir, "preventei", {}, 5) == ([], 0, "preventie")


def test_incremental_rebuild(nlp, tmp_path):
    documents, analyses = corpus(nlp)
    assert build_index(documents, analyses, tmp_path) == 2
    assert build_index(documents, analyses, tmp_path) == 0
    changed = dict(TEXTS)
    key = next(iter(changed))
    changed[key] = changed[key].replace("Get a Grip", "Grip op Geld")
    documents, analyses = corpus(nlp, changed)
    assert build_index(documents, analyses, tmp_path) == 1
    assert doc_ids(tmp_path, '"Get a Grip"') == [] and doc_ids(tmp_path, '"Grip op Geld"') == [key[0]]
    assert build_index(documents[1:], analyses[1:], tmp_path) == 0
    assert doc_ids(tmp_path, "schuld") == []
    # segments in files of their own: Whoosh copies the parts of a compound file into memory on every search
    assert list(tmp_path.glob("*.pst")) and not list(tmp_path.glob("*.seg"))


@pytest.mark.parametrize("field", [DutchText(), PlainText()], ids=["dutch", "plain"])
def test_fast_postings_are_whooshs(field):
    texts = ["Schulddienstverlening en kinderen: één keer € 1.000,50 per jaar (2.5.1), KINDEREN kind",
             "İstanbul Æsop straße ĳs naïeve café's", "Get a Grip, get a grip!", "", "  ,. "]
    for text in texts:
        assert sorted(field.index(text)) == sorted(TEXT.index(field, text))


def test_writer_writes_what_whoosh_writes(nlp, tmp_path):
    """Our Writer, its postings spilled to disk in many runs, against Whoosh's own writer."""
    rows = [dict(r, version="v", words=r["text"], place=r["id"]) for doc, analysis in zip(*corpus(nlp)) for r in records(doc, analysis)]
    dumps = []
    for name, writer_of in (("whoosh", lambda ix: ix.writer()), ("ours", lambda ix: Writer(ix, limitmb=0.0001))):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(tmp_path / name, schema())
        writer = writer_of(ix)
        for row in rows:
            writer.add_document(**row)
        writer.commit()
        with ix.reader() as reader:
            dumps.append([(field, term, *(getattr(reader.term_info(field, term), stat)() for stat in STATS),
                           [(m.id(), m.weight(), m.value()) for m in matchers(reader.postings(field, term))])
                          for field in ix.schema.names() if ix.schema[field].indexed for term in reader.lexicon(field)])
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100


STATS = ("doc_frequency", "weight", "min_length", "max_length", "max_weight")


def segment_files(path):
    """The files of an index's segments by extension (segment names are random), without its TOC."""
    return {file.name.split(".", 1)[1]: file.read_bytes() for file in path.iterdir() if file.name.count(".") and not file.name.endswith(".toc")}


def postings_of(path):
    """Every term's statistics and postings in the index at `path`."""
    with whoosh_index.open_dir(path).reader() as reader:
        return [(field, term, *(getattr(reader.term_info(field, term), stat)() for stat in STATS),
                 [(m.id(), m.weight(), m.value()) for m in matchers(reader.postings(field, term))])
                for field in reader.schema.names() if reader.schema[field].indexed for term in reader.lexicon(field)]


def test_writer_writes_whooshs_files(nlp, tmp_path):
    """The segment files of Whoosh's writer, for new documents and when merging segments: byte for byte but the
    postings and terms files, whose short blocks ours leaves uncompressed (RAW_BLOCK), and which read back the same."""
    rows = [dict(r, version="v", words=r["text"], place=r["id"]) for doc, analysis in zip(*corpus(nlp)) for r in records(doc, analysis)]
    rows += [dict(row, id=row["id"] + "-2", year=2010, themes="", words=None) for row in rows]
    rows += [dict(rows[n % 3], id=f"copy-{n}", start=n) for n in range(300)]  # terms of more than one block of 128 postings
    for name, writer_of in (("whoosh", lambda ix, **kw: ix.writer(**kw)), ("ours", lambda ix, **kw: Writer(ix, **kw))):
        (tmp_path / name / "new").mkdir(parents=True)
        ix = whoosh_index.create_in(tmp_path / name / "new", schema())
        writer = writer_of(ix, compound=False)
        for row in rows:
            writer.add_document(**row)
        writer.commit()
        (tmp_path / name / "merged").mkdir()
        ix = whoosh_index.create_in(tmp_path / name / "merged", schema())
        for part in (rows[:5], rows[5:9]):
            writer = ix.writer()  # two small segments of Whoosh's, merged into the new one
            for row in part:
                writer.add_document(**row)
            writer.commit(merge=False)
        writer = writer_of(ix, compound=False)
        writer.delete_by_term("id", rows[6]["id"])
        for row in rows[9:]:
            writer.add_document(**row)
        writer.commit(optimize=True)
    for kind in ("new", "merged"):
        whoosh, ours = segment_files(tmp_path / "whoosh" / kind), segment_files(tmp_path / "ours" / kind)
        assert ours.pop("words_list") == b"\n".join(term for field, term in whoosh_index.open_dir(tmp_path / "ours" / kind).reader().all_terms()
                                                   if field == "words")  # ours only: the spelling words
        assert whoosh.keys() == ours.keys() and {"pst", "trm", "_stored.col"} <= whoosh.keys()
        assert sorted(ext for ext in whoosh if whoosh[ext] != ours[ext]) == ["pst", "trm"]
        assert postings_of(tmp_path / "whoosh" / kind) == postings_of(tmp_path / "ours" / kind)


def matchers(m):
    while m.is_active():
        yield m
        m.next()


def test_rebuild_after_changes_reindexes_nothing(nlp, tmp_path):
    """A changed document's old version stays in the lexicon until its segment is merged: it must not count."""
    texts = {(f"doc-{n}", "Delft", 2017, "jaarverslag"): text for n, text in enumerate(list(TEXTS.values()) * 20)}
    assert build_index(*corpus(nlp, texts), tmp_path) == 40
    for n in range(6):
        key = list(texts)[n]
        texts[key] += f"\nWijziging {n}.\n"
        documents, analyses = corpus(nlp, texts)
        assert (build_index(documents, analyses, tmp_path), build_index(documents, analyses, tmp_path)) == (1, 0)
    assert doc_ids(tmp_path, "wijziging") == [f"doc-{n}" for n in range(6)]


def test_suggestions_after_an_incremental_build_are_those_of_a_clean_build(nlp, tmp_path):
    """After an incremental build the index has several segments; its suggestions must not change. (Whoosh's
    reader of several segments measured every word in Python, counting a transposition as one edit.)"""
    texts = dict(TEXTS)
    build_index(*corpus(nlp, texts), tmp_path / "incremental")
    key = next(iter(texts))
    texts[key] += "\nDe schuldhulpverlening kreeg meer geld.\n"
    assert build_index(*corpus(nlp, texts), tmp_path / "incremental") == 1
    assert build_index(*corpus(nlp, texts), tmp_path / "clean") == 2
    with whoosh_index.open_dir(tmp_path / "incremental").reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
    for misspelt in ["schludhulpvrelening", "woningcorporaites", "preventei", "kindren", "hurachterstanden"]:
        assert search(tmp_path / "incremental", misspelt, {}, 5) == search(tmp_path / "clean", misspelt, {}, 5), misspelt
    assert search(tmp_path / "incremental", "woningcorporaites", {}, 5)[2] == "woningcorporaties"


@pytest.fixture(scope="module")
def default_indexes(tmp_path_factory):
    """The embedded corpus indexed by one writer and by two forked writers (two segments)."""
    from corpus import DEFAULT_CORPUS, load_corpus
    from nlp.analyse import analyse_documents

    path = tmp_path_factory.mktemp("default")
    documents, _ = load_corpus(DEFAULT_CORPUS)
    analyses = analyse_documents(documents, "blank", path / "cache")[0]
    for workers in (1, 2):
        assert build_index(documents, analyses, path / f"index-{workers}", workers=workers) == len(documents)
    return {workers: path / f"index-{workers}" for workers in (1, 2)}


def test_segments_written_in_parallel_answer_as_one_segment(default_indexes):
    """The same hits, order, scores, snippets, totals and suggestions from two segments as from one, for the
    benchmark's queries, unfiltered and filtered."""
    from bench.run import QUERIES

    for workers, path in default_indexes.items():
        with whoosh_index.open_dir(path).reader() as reader:
            assert len(list(reader.leaf_readers())) == workers
    filters = [{}, {"municipality": "Arnhem"}, {"kind": "passage", "year": 2021}]
    for query in QUERIES + ["woningcorporaites", "schludhulp"]:
        for chosen in filters:
            one, two = (search(default_indexes[workers], query, chosen, 50) for workers in (1, 2))
            assert one == two, (query, chosen)
    assert search(default_indexes[2], "armoede", {}, 50)[1] > 10


def test_listed_words_within_reach_are_the_automatons(default_indexes):
    """The spelling words near a misspelling, from the segment's word list, are those Whoosh's automaton finds
    in its lexicon: for words with a letter dropped, doubled, changed or two swapped, and made-up ones."""
    from index.search import within, word_list
    from index.writing import word_list_ext

    with whoosh_index.open_dir(default_indexes[2]).reader() as reader:
        for segment, _ in reader.leaf_readers():
            listed = word_list(segment._storage, segment._segment.make_filename(word_list_ext("words")))
            words = sorted(w.decode() for w in segment.lexicon("words"))
            assert sorted(w for group in listed.values() for w in group) == words
            probes = ["energiearmoede", "xqzw", "a", "schuldhulpverleninggg"]
            for n, word in enumerate(words[::50]):
                k = n % len(word)
                probes += [word[:k] + word[k + 1:], word[:k] + word[k] + word[k:], word[:k] + "q" + word[k + 1:],
                           word[:k] + word[k + 1:k + 2] + word[k:k + 1] + word[k + 2:]]
            for probe in filter(None, probes):
                for maxdist, prefix in ((1, 0), (2, 0), (2, 1)):
                    assert sorted(within(listed, probe, maxdist, prefix)) == sorted(segment.terms_within("words", probe, maxdist, prefix)), probe
