"""`python build.py search` on the embedded corpus: text and JSON output, filters, messages."""
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import build
from corpus import DEFAULT_CORPUS, load_corpus
from index import build_index
from nlp.analyse import analyse_documents

ROOT = Path(__file__).resolve().parent.parent


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


@pytest.mark.parametrize("option, value, known", [
    ("--municipality", "Amsterdam", "it has: Arnhem, Groningen, Rotterdam, Zaanstad"),
    ("--theme", "schuld", "it has: "),
    ("--year", "1999", "it has: 2016, 2017, 2021"),
    ("--type", "nota", "it has: begroting, jaarverslag, voortgangsrapportage"),
])
def test_filter_value_not_in_the_corpus_is_an_error(capsys, build_dir, option, value, known):
    code, out, err = search(capsys, build_dir, "armoede", option, value)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {option} {value!r} is not in the corpus; {known}") and len(err.splitlines()) == 1
    if option == "--theme":
        assert "schulden" in err
    code, out, _ = search(capsys, build_dir, "schuld", "--municipality", "zaanstad", "--theme", "SCHULDEN", "--json")
    assert code == 0 and json.loads(out)["hits"]  # the values there are match in any case


@pytest.mark.parametrize("limit", ["0", "-1", "drie"])
def test_limit_below_one_is_refused(capsys, build_dir, limit):
    with pytest.raises(SystemExit) as stop:
        build.main(["search", "armoede", "--limit", limit, "--build-dir", str(build_dir)])
    assert stop.value.code == 2 and "--limit: must be a whole number of 1 or more" in capsys.readouterr().err


def test_wildcard_hits_are_highlighted(capsys, build_dir):
    code, out, _ = search(capsys, build_dir, "woningcorpora*", "--json")
    hits = json.loads(out)["hits"]
    assert code == 0 and hits and all("»woningcorporatie" in h["snippet"] for h in hits)


def test_output_cut_short_by_the_reader_is_no_error(build_dir):
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "search", "armoede", "--build-dir", str(build_dir)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()  # as `| head` does once it has its lines
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 0 and err == ""


def test_serve_without_a_site_or_on_a_busy_port_says_so(tmp_path):
    def serve(*args):
        return subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)

    run = serve("--out", str(tmp_path / "nothing"))
    assert run.returncode == 2 and run.stderr.startswith("error: ") and "no built site here" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    (tmp_path / "index.html").write_text("<!doctype html><title>site</title>\n", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = serve("--out", str(tmp_path), "--port", str(port))
    assert run.returncode == 2 and run.stderr.startswith(f"error: 127.0.0.1:{port} [--port]: cannot serve on this port")
    assert len(run.stderr.splitlines()) == 1


def test_search_loads_neither_spacy_nor_the_pdf_readers(build_dir):
    """The search command stays quick to start: it imports no analysis and no document reader (of the nlp
    package only the compound splitter, which the query analysis uses, and the item model)."""
    script = ("import contextlib, io, sys, build\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              f"    code = build.main(['search', 'armoede', '--build-dir', {str(build_dir)!r}])\n"
              "print(code, sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'pdfplumber', 'pypdfium2', 'sklearn'}\n"
              "                   or m.startswith('nlp.') and m not in ('nlp.compounds', 'nlp.model')))")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["0", "[]"], run.stderr[-2000:]
