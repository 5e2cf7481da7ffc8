"""The built site: pages, escaping, links, data package, determinism, safe highlighting."""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import build
import site_builder
from builder.options import BuildOptions
from common import links
from corpus import DEFAULT_CORPUS, load_corpus
from index.search import search
from nlp.model import Item
from site_builder.highlight import render_span

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("site")
    build.run_build(BuildOptions(DEFAULT_CORPUS, tmp / "out", tmp / "build"))
    return tmp / "out"


class PageParser(HTMLParser):
    """Collects ids, links and tag balance of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.stack, self.errors = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append(a[name])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] }")
        else:
            self.stack.pop()


def parse(path: Path) -> PageParser:
    p = PageParser()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_pages_exist(site):
    for page in ["index.html", "compare.html", "indicators.html", "entities.html", "search.html", "data.html",
                 "method.html", "build.html", "404.html", "sitemap.xml", "static/style.css", "pagefind/pagefind-ui.js"]:
        assert (site / page).is_file(), page
    assert len(list((site / "documents").glob("*.html"))) == 5
    assert list((site / "municipalities").glob("*.html"))
    doc = (site / "documents" / "arnhem-2021-begroting.html").read_text(encoding="utf-8")
    assert 'lang="nl"' in doc and "Content-Security-Policy" in doc and 'id="p1"' in doc and "data-pagefind-body" in doc
    footer = doc[doc.index('<footer class="site">'):]
    assert all(f'municipalities/{m}.html">' in footer for m in ("arnhem", "groningen", "rotterdam", "zaanstad"))


def test_every_page_is_well_formed_and_every_link_resolves(site):
    problems = link_problems(site)
    assert not problems, "\n".join(problems[:20])


def link_problems(site: Path) -> list[str]:
    """Tag balance errors, links to other hosts or absolute paths, and links to missing pages or fragments."""
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages if "pagefind" not in p.parts}
    problems = []
    for page, p in parsed.items():
        problems += [f"{page.name}: {e}" for e in p.errors]
        for link in p.links:
            url = urlsplit(link)
            if url.scheme or url.netloc:
                problems.append(f"{page.name}: link to another host {link}")
                continue
            if url.path.startswith("/"):
                problems.append(f"{page.name}: absolute path {link}")
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if not target.is_file():
                problems.append(f"{page.name}: missing {link}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in parsed[target].ids:
                problems.append(f"{page.name}: missing fragment {link}")
    return problems


def test_long_documents_are_split_into_pages_and_long_lists_cut(tmp_path, monkeypatch):
    """With pages of 3,000 characters the seeds span many pages: every block is on exactly one, in order, and every
    permalink, cite line, export link and search hit URL goes to the page that has its anchor. With lists of at
    most 3, overview pages show 3 entries per list and say how many there are, and the footer links to the overview
    instead of listing the 4 municipalities."""
    monkeypatch.setattr(links, "PAGE_CHARS", 3000)
    monkeypatch.setattr(site_builder, "LIST_LIMIT", 3)
    monkeypatch.setattr(site_builder.pages, "LIST_LIMIT", 3)
    build.run_build(BuildOptions(DEFAULT_CORPUS, tmp_path / "out", tmp_path / "build"))
    site = tmp_path / "out"
    assert not link_problems(site)
    for page in ["municipalities/rotterdam.html", "themes/schulden.html", "entities.html", "indicators.html"]:
        html = (site / page).read_text(encoding="utf-8")
        lists = re.findall(r'<ul class="entries">(.*?)</ul>', html, re.S) or re.findall(r"<h3>(.*?)(?=<h3>|</section>)", html, re.S)
        assert lists and all((part.count("<article") or len(re.findall(r"<li[ >]", part))) <= 3 for part in lists), page
        assert re.search(r"De eerste 3 van \d+\.", html), page
    footer = (site / "compare.html").read_text(encoding="utf-8").split('<footer class="site">')[1]
    assert '<a href="index.html#corpus-kop">alle 4 gemeenten in het overzicht</a>' in footer and "municipalities/" not in footer
    split = 0
    for doc in load_corpus(DEFAULT_CORPUS)[0]:
        pages = [site / links.page_path(doc.id, page) for page, _ in links.document_pages(doc)]
        split += len(pages) > 1
        assert len(pages) == doc.blocks[-1].start // 3000 + 1 and all(p.is_file() for p in pages)
        anchors = [a for p in pages for a in re.findall(r'id="(p\d+)"', p.read_text(encoding="utf-8"))]
        assert anchors == [f"p{n + 1}" for n in range(len(doc.blocks))]
        last = pages[-1].read_text(encoding="utf-8")
        if len(pages) == 1:
            assert "(deel 1 van" not in last and "rel=\"next\"" not in last and "Citeer: " in last
            continue
        assert f"(deel {len(pages)} van {len(pages)})" in last and 'rel="prev"' in last and 'rel="next"' not in last
        assert re.search(rf"Citeer: [^<]*\. documents/{doc.id}\.{len(pages)}\.html#p{len(doc.blocks)}<", last)
    assert split >= 3
    urls = [json.loads(line)["url"] for line in (site / "data" / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    urls += [row.split(",")[-1] for row in (site / "data" / "entities.csv").read_text(encoding="utf-8").splitlines()[1:]]
    urls += [hit.url for hit in search(tmp_path / "build" / "index", "armoede", {}, limit=200)[0]]
    assert sum(".html#" in u and re.search(r"\.\d+\.html", u) is not None for u in urls) > 100  # most are on later pages
    for url in urls:
        page, fragment = url.split("#")
        assert fragment in parse(site / page).ids, url


def test_items_are_anchored_in_their_document(site):
    for line in (site / "data" / "items.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        page, fragment = item["url"].split("#")
        assert fragment in parse(site / page).ids, item["url"]
        break


def test_datapackage_lists_every_data_file(site):
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in package["resources"]}
    present = {p.name for p in (site / "data").iterdir()} - {"datapackage.json"}
    assert listed == present
    assert all(r["schema"]["fields"] for r in package["resources"] if r["path"].endswith((".csv", ".jsonl")))
    assert package["sources"] and package["licenses"]


ODD = ("# Armoede 2021\n\n## Indicatoren\n\n| Indicator | Realisatie 2019 | Streefwaarde 2021 |\n|---|---|---|\n"
       "| Bereik \"kindpakket\", in %; of niet | 12,5 % | n.v.t. |\n| Schulden, \"netto\" | € 1.234,50 | -3 |\n"
       "| Wachttijd | 0 | Daling |\n\nDe gemeente helpt gezinnen met schulden via de Voedselbank.\n")


def frictionless_errors(package: Path) -> list:
    from frictionless import validate

    return validate(package).flatten(["taskName", "rowNumber", "fieldName", "message"])


@pytest.mark.parametrize("corpus", ["embedded", "odd"])
def test_datapackage_validates_with_frictionless(site, tmp_path, corpus):
    out = site
    if corpus == "odd":
        folder = tmp_path / "corpus"
        folder.mkdir()
        (folder / "a.md").write_text(ODD, encoding="utf-8")
        (folder / "b.txt").write_text("Verslag\n\nNiets te melden.\n", encoding="utf-8")
        entries = [("a", "a.md", 'Súdwest-Fryslân, "Oost"'), ("b", "b.txt", "'s-Hertogenbosch")]
        (folder / "manifest.toml").write_text("".join(
            f'[[document]]\nid = "{i}"\nfile = "{f}"\nmunicipality = {json.dumps(m)}\nyear = 2021\ndoc_type = "jaarverslag"\n'
            f'title = "Titel, met \\"aanhalingstekens\\""\nsource = "test"\n' for i, f, m in entries), encoding="utf-8")
        out = tmp_path / "out"
        build.run_build(BuildOptions(folder, out, tmp_path / "build", model="blank"))
        assert "Súdwest-Fryslân" in (out / "data" / "indicators.csv").read_text(encoding="utf-8")
    assert frictionless_errors(out / "data" / "datapackage.json") == []
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    types = {(r["path"], f["name"]): f["type"] for r in package["resources"] for f in r.get("schema", {}).get("fields", [])}
    assert [types[("themes.csv", k)] for k in ("year", "priorities", "activities", "indicators")] == ["integer"] * 4
    assert types[("indicators.csv", "indicator")] == "string" and types[("indicators.csv", "value")] == "number"
    assert not any(path.endswith(".json") for path, _ in types)  # build.json and the like are documents, not tables


def test_document_text_is_escaped(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("Kop\n\nDe tekst <script>alert('x')</script> & meer schulden.\n", encoding="utf-8")
    (corpus / "manifest.toml").write_text(
        '[[document]]\nid = "x-2020-jaarverslag"\nfile = "x.txt"\nmunicipality = "X<b>"\nyear = 2020\n'
        'doc_type = "jaarverslag"\ntitle = "<i>Titel</i>"\nsource = "test"\nlanguage = "nl"\n', encoding="utf-8")
    build.run_build(BuildOptions(corpus, tmp_path / "out", tmp_path / "build", model="blank"))
    html = (tmp_path / "out" / "documents" / "x-2020-jaarverslag.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<i>Titel</i>" not in html and "&lt;i&gt;Titel&lt;/i&gt;" in html
    assert "X<b>" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_two_builds_give_identical_pages(site, tmp_path):
    again = tmp_path / "again"
    build.run_build(BuildOptions(DEFAULT_CORPUS, again, site.parent / "build"))
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    for name in files:  # Pagefind's bundle included: its filter files are made reproducible after indexing
        assert (site / name).read_bytes() == (again / name).read_bytes(), name


def item(id_, start, end, kind="activity"):
    return Item(id_, "d", kind, id_, start, end, [], 0)


def test_overlapping_items_give_well_formed_html():
    text = "Wij bieden schuldhulp aan alle inwoners <met> schulden."
    items = [item("a", 0, 30), item("b", 11, 55, "indicator"), item("c", 11, 21, "priority"), item("d", 40, 45)]
    html = str(render_span(text, 0, len(text), items, set()))
    p = PageParser()
    p.feed(f"<p>{html}</p>")
    assert not p.errors and not p.stack
    assert p.ids == {"a", "b", "c", "d"}
    assert "&lt;met&gt;" in html
    labels = re.sub(r'<span class="kind-label"[^>]*>[^<]*</span> ', "", html)
    assert unescape(re.sub(r"<[^>]+>", "", labels)).replace("\u00ad", "") == text


def test_a_bbv_indicator_lined_up_across_municipalities(bbv_site):
    out = bbv_site
    page = (out / "indicators" / "bbv-banen.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row">(\w+)</th><td>(\d*)</td><td>([a-z]+)</td><td>([^<]+)</td>\s*<td>([^<]*)</td>\s*'
                      r'<td><a href="\.\./([^"#]+)#([^"]+)">', page)
    unit = " per 1.000 inwoners"
    assert [r[:5] for r in rows] == [("Delft", "2021", "gerealiseerd", "701,2" + unit, "Nederland 2021: 790,0" + unit),
                                     ("Delft", "2023", "streefwaarde", "710,0" + unit, ""),
                                     ("Ede", "2021", "gerealiseerd", "650,0" + unit, "Nederland 2021: 790,0" + unit),
                                     ("Ede", "2023", "streefwaarde", "655,0" + unit, "")]
    for _m, _y, _k, _v, _b, path, anchor in rows:  # every value links to its row in the document
        assert f'id="{anchor}"' in (out / path).read_text(encoding="utf-8")
    chart = page[page.index('<svg class="chart"'):page.index("</svg>")]
    points = re.findall(r'<a href="\.\./([^"]+)" aria-label="([^"]+)">', chart)  # one linked point per value, benchmark included
    assert sorted(label for _, label in points) == sorted(
        [f"Delft, gerealiseerd 2021: 701,2{unit}", f"Delft, streefwaarde 2023: 710,0{unit}", f"Ede, gerealiseerd 2021: 650,0{unit}",
         f"Ede, streefwaarde 2023: 655,0{unit}", f"Nederland 2021 (vergelijking) 2021: 790,0{unit}"])
    assert {href for href, _ in points} == {f"{path}#{anchor}" for *_, path, anchor in rows}
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', chart)
    assert "800" in ticks and "2021" in ticks and "2023" in ticks and not any("e+" in t or "." in t for t in ticks)
    assert "Gemeenten zonder waarde" in page and "Zwolle" in page
    overview = (out / "indicators.html").read_text(encoding="utf-8")
    assert 'indicators/bbv-kinderen-uitkeringsgezin.html"' in overview and "Geen waarde voor 1 gemeente: Zwolle." in overview
    shared = (out / "indicators" / "naam-schuldhulptrajecten.html").read_text(encoding="utf-8")  # the same name, no BBV code
    assert "Delft, gerealiseerd 2021: 1.250" in shared and "Ede, streefwaarde 2023: 450" in shared
    items = [json.loads(line) for line in (out / "data" / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {i["bbv_code"] for i in items if i["kind"] == "indicator"} == {"bbv-banen", "bbv-kinderen-uitkeringsgezin", None}


def test_policy_over_the_years(site):
    """Rotterdam (2016, 2017) is the one municipality with two years: every 2017 priority and activity is new or
    continues a 2016 one (score at least nlp.compare.THRESHOLD), every 2016 one not continued is no longer
    mentioned (unless a 2017 one reaches it); the municipality page and changes.csv say the same, and the theme pages count items per year."""
    import csv

    from nlp.compare import THRESHOLD

    rows = list(csv.DictReader((site / "data" / "changes.csv").open(encoding="utf-8")))
    items = [json.loads(line) for line in (site / "data" / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    rotterdam = {y: {i["id"] for i in items if i["municipality"] == "Rotterdam" and i["year"] == y and i["kind"] != "indicator"}
                 for y in (2016, 2017)}
    assert {(r["municipality"], r["year"]) for r in rows} == {("Rotterdam", "2017")}
    now = [r for r in rows if r["status"] in ("new", "continued")]
    assert sorted(r["item_id"] for r in now) == sorted(rotterdam[2017])
    continued = [r for r in rows if r["status"] == "continued"]
    assert continued and all(float(r["score"]) >= THRESHOLD and r["earlier_item_id"] in rotterdam[2016] for r in continued)
    ended = {r["earlier_item_id"] for r in rows if r["status"] == "ended"}
    assert ended and ended <= rotterdam[2016] - {r["earlier_item_id"] for r in continued}  # a 2016 item continued by a 2017 one
    # that matched another 2016 item better is neither
    page = (site / "municipalities" / "rotterdam.html").read_text(encoding="utf-8")
    history = page[page.index('id="jaren-kop"'):page.index('id="ent-kop"')]
    for r in continued:  # both sentences linked, with the score
        score = f"{float(r['score']):.2f}".replace(".", ",")
        assert re.search(rf'href="\.\./{re.escape(r["link"])}".*?overeenkomst {score}.*?href="\.\./{re.escape(r["earlier_link"])}"',
                         history, re.S), r
    assert "geen verloop" in (site / "municipalities" / "arnhem.html").read_text(encoding="utf-8")
    theme = (site / "themes" / "schulden.html").read_text(encoding="utf-8")
    matrix = list(csv.DictReader((site / "data" / "themes.csv").open(encoding="utf-8")))
    cells = {(r["municipality"], r["year"]): sum(int(r[k]) for k in ("priorities", "activities", "indicators")) for r in matrix if r["theme"] == "schulden"}
    table = theme[theme.index('id="jaar-kop"'):]
    row = re.search(r'<tr><th scope="row"><a href="#rotterdam">Rotterdam</a></th>(.*?)</tr>', table).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row) == [str(cells.get(("Rotterdam", y), "·")) for y in ("2016", "2017", "2021")]


def test_numbers_units_and_labels_in_dutch(site):
    from site_builder.charts import ticks
    from site_builder.numbers import format_nl, with_unit

    assert [format_nl(n) for n in (4500, 8.4, 45_000_000, 2.5e9, 0.25, 1234.5)] == ["4.500", "8,4", "45 mln", "2,5 mld", "0,25", "1.234,5"]
    assert [with_unit(p, u) for p, u in (("62,5 %", "%"), ("40 mln euro", "euro"), ("30%", "%"), ("€ 1.200", "euro"), ("12", "%"),
                                         ("800", "aantal"), ("3,4", "per 1.000 inwoners"), ("Stabiel", "%"))] == [
        "62,5 %", "40 mln euro", "30%", "€ 1.200", "12%", "800", "3,4 per 1.000 inwoners", "Stabiel"]
    assert [format_nl(t) for t in ticks(0, 4.5e7)] == ["0", "10 mln", "20 mln", "30 mln", "40 mln", "50 mln"]
    assert [format_nl(t) for t in ticks(0, 0.84)] == ["0", "0,2", "0,4", "0,6", "0,8", "1"]
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html") if "pagefind" not in p.parts}
    for path, html in pages.items():
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"%\s*%|euro\s+euro|\d\.\d+e[+-]\d", text), path
    entities = pages["entities.html"]
    labels = set(re.findall(r'-kop">[^<]*<span class="meta">([^<]+)</span>', entities))
    assert labels and labels <= {"instrument", "organisatie", "wet", "motie", "programma", "rapport"}, labels
    assert 'Arnhemse Minimaeffectrapportage <span class="meta">rapport</span>' in entities
    # the context under a table row indicator is that row's cells under their headers, not the rows around it
    assert '<blockquote class="snippet">Behaald 2016: 6.470 · Begroting 2017: Stabiel · Behaald 2017: 6.058</blockquote>' in pages["indicators.html"]


def test_coverage_and_cite_this(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    grid = home[home.index('id="corpus-kop"'):home.index('id="ingang-kop"')]
    documents = json.loads((site / "data" / "documents.json").read_text(encoding="utf-8"))
    years = sorted({d["year"] for d in documents})
    places = sorted({d["municipality"] for d in documents})
    assert grid.count('<td class="gap">') == len(years) * len(places) - len({(d["municipality"], d["year"]) for d in documents})
    assert all(f'<a href="{d["url"]}">{d["doc_type"]}</a>' in grid for d in documents)
    for d in documents:
        page = (site / d["url"]).read_text(encoding="utf-8")
        assert f'href="../cite/{d["id"]}.bib" download' in page and f'href="../cite/{d["id"]}.json" download' in page
        csl = json.loads((site / "cite" / f"{d['id']}.json").read_text(encoding="utf-8"))
        assert csl[0]["URL"] == d["url"] and csl[0]["issued"] == {"date-parts": [[d["year"]]]} and csl[0]["title"] == d["title"]
        bib = (site / "cite" / f"{d['id']}.bib").read_text(encoding="utf-8")
        assert bib.startswith(f"@techreport{{{d['id']},") and f"url = {{{d['url']}}}," in bib and f"year = {{{d['year']}}}," in bib
