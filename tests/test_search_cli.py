"""`python build.py search` on the embedded corpus: text and JSON output, filters, messages."""
import json

import pytest

import build
from corpus import DEFAULT_CORPUS, load_corpus
from index import build_index
from nlp.analyse import analyse_documents


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("build")
    documents, _ = load_corpus(DEFAULT_CORPUS)
    analyses, _, _ = analyse_documents(documents, "blank", path / "cache")
    assert build_index(documents, analyses, path / "index") == len(documents)
    return path


def search(capsys, build_dir, *args):
    code = build.main(["search", *args, "--build-dir", str(build_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_woningcorporatie_finds_rotterdam_2016(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, "woningcorporatie")
    assert code == 0
    first = out.split("\n\n")[1]
    assert "Rotterdam 2016 · rotterdam-2016-jaarverslag" in first and "»woningcorporaties«" in first
    assert "documents/rotterdam-2016-jaarverslag.html#p" in first


def test_schuld_in_zaanstad_finds_the_vroegsignaleringsaanpak(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, "schuld", "--municipality", "Zaanstad", "--json")
    hits = json.loads(out)["hits"]
    assert code == 0 and {h["municipality"] for h in hits} == {"Zaanstad"}
    assert any("vroegsignaleringsaanpak" in h["snippet"] and h["section"].endswith("Vroegsignalering en preventie") for h in hits)


def test_phrase_finds_exactly_the_zaanstad_passage(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, '"Get a Grip"', "--json", "--site-url", "https://example.org/beleid/")
    result = json.loads(out)
    assert code == 0 and result["total"] == 1
    (hit,) = result["hits"]
    assert (hit["municipality"], hit["year"], hit["doc_id"], hit["kind"]) == ("Zaanstad", 2021, "zaanstad-2021-begroting", "passage")
    assert hit["url"].startswith("https://example.org/beleid/documents/zaanstad-2021-begroting.html#p")
    assert "»Get« »a« »Grip«" in hit["snippet"]


def test_json_format_and_municipality(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, "GelrePas", "--json")
    result = json.loads(out)
    assert code == 0 and result["query"] == "GelrePas" and result["total"] >= 1
    keys = {"kind", "municipality", "year", "doc_type", "doc_id", "section", "start", "end", "url", "title", "snippet", "score"}
    assert all(set(h) == keys and h["municipality"] == "Arnhem" for h in result["hits"])


def test_filters_limit_and_year(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, "armoede", "--year", "2017", "--type", "jaarverslag", "--kind", "passage", "--limit", "3", "--json")
    hits = json.loads(out)["hits"]
    assert code == 0 and len(hits) == 3
    assert {(h["year"], h["doc_type"], h["kind"]) for h in hits} == {(2017, "jaarverslag", "passage")}


def test_messages(capsys, build_dir, tmp_path):
    assert search(capsys, build_dir, '"Get a Grip')[0:2] == (2, "")
    assert search(capsys, build_dir, '"Get a Grip')[2] == 'error: unbalanced quote (") in the query\n'
    code, out, _ = search(capsys, build_dir, "woningcorporaites")
    assert code == 0 and out == "No hits for 'woningcorporaites'. Did you mean: woningcorporaties\n"
    code, _, err = search(capsys, tmp_path, "schuld")
    assert code == 2 and "run python build.py first" in err
