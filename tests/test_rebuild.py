"""Incremental rebuilds: nothing changed -> nothing redone; one document changed -> only it is reanalysed,
reindexed and rendered, and the site is what a clean build makes."""
import shutil

import pytest

import build
from builder.options import BuildOptions
from corpus import DEFAULT_CORPUS
from nlp import features
from tests.trees import assert_same_tree


def test_noop_and_one_document_rebuilds(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    out, work = tmp_path / "site", tmp_path / "work"
    first = build.run_build(BuildOptions(corpus, out, work))
    assert first.reanalysed == 5 and not first.up_to_date
    index_html = (out / "index.html").read_bytes()

    again = build.run_build(BuildOptions(corpus, out, work))
    assert again.up_to_date and "Nothing changed" in again.summary()
    assert (out / "index.html").read_bytes() == index_html

    published = build.run_build(BuildOptions(corpus, out, work, site_url="https://example.org/beleid/"))  # an option is an input too
    assert not published.up_to_date and published.reanalysed == 0
    assert "<loc>https://example.org/beleid/compare.html</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")

    doc = corpus / "zaanstad-2021-begroting-armoede.txt"
    doc.write_bytes(doc.read_bytes() + "\nWe breiden de schuldhulp in 2021 uit.\n".encode())
    changed = build.run_build(BuildOptions(corpus, out, work))
    assert not changed.up_to_date and (changed.reanalysed, changed.reindexed, changed.rendered) == (1, 1, 1)
    assert "We breiden de schuldhulp" in (out / "documents" / "zaanstad-2021-begroting.html").read_text(encoding="utf-8")
    clean = build.run_build(BuildOptions(corpus, tmp_path / "clean-site", tmp_path / "clean-work"))
    assert clean.rendered == 5
    assert_same_tree(out, tmp_path / "clean-site")  # the four copied documents' pages included

    page = out / "documents" / "arnhem-2021-begroting.html"
    page.write_text("damaged", encoding="utf-8")  # a touched site is rebuilt, not trusted, page by page
    repaired = build.run_build(BuildOptions(corpus, out, work))
    assert not repaired.up_to_date and (repaired.reanalysed, repaired.rendered) == (0, 1)
    assert_same_tree(out, tmp_path / "clean-site")

    (work / "document-pages.json").write_text('{"arnhem-2021-begroting": 1}', encoding="utf-8")  # not a record: ignored
    unrecorded = build.run_build(BuildOptions(corpus, out, work, site_url="https://example.org/"))
    assert unrecorded.rendered == 5

    gemeenten = corpus / "manifest.toml"  # a new municipality's name is in every page's footer
    gemeenten.write_text(gemeenten.read_text(encoding="utf-8").replace('municipality = "Arnhem"', 'municipality = "Ede"'), encoding="utf-8")
    renamed = build.run_build(BuildOptions(corpus, out, work))
    assert renamed.rendered == 5 and ">Ede</a>" in (out / "documents" / "zaanstad-2021-begroting.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("piece_chars", [features.PIECE_CHARS, 2000])
def test_jobs_2_gives_the_same_output_as_jobs_1(tmp_path, monkeypatch, capfd, piece_chars):
    """Documents in 2 processes, and (with pieces of 2,000 characters) each document's pieces in 2 processes."""
    one = build.run_build(BuildOptions(DEFAULT_CORPUS, tmp_path / "one", tmp_path / "work-one", jobs=1))
    monkeypatch.setattr(features, "PIECE_CHARS", piece_chars)
    capfd.readouterr()
    two = build.run_build(BuildOptions(DEFAULT_CORPUS, tmp_path / "two", tmp_path / "work-two", jobs=2))
    assert one.reanalysed == two.reanalysed == 5
    assert ("arnhem-2021-begroting: analysed" in capfd.readouterr().err) == (piece_chars == 2000)
    for name in ("data/items.jsonl", "data/indicators.csv", "data/themes.csv", "data/entities.csv", "documents/arnhem-2021-begroting.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    cached = {p.name: p.read_bytes() for p in (tmp_path / "work-one" / "cache").glob("*.json")}
    assert cached == {p.name: p.read_bytes() for p in (tmp_path / "work-two" / "cache").glob("*.json")}


@pytest.mark.parametrize("build_dir", ["site", "site/.build", "."])
def test_site_and_build_folders_must_not_overlap(tmp_path, capsys, build_dir):
    code = build.main(["--out", str(tmp_path / "site"), "--build-dir", str(tmp_path / build_dir)])
    assert code == 2 and "must be separate folders" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
