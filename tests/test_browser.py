"""The built site in headless Chromium, served under a sub-path: search, filters, landing paragraph, no console errors."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import build
from builder.options import BuildOptions
from corpus import DEFAULT_CORPUS
from site_builder.serve import served

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("browser")
    build.run_build(BuildOptions(DEFAULT_CORPUS, tmp / "out", tmp / "build"))
    return tmp / "out"


@pytest.fixture(scope="module")
def base_url(site):
    with served(site, "/beleid/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def open_page(browser, url: str):
    """A page that records console errors, failed requests and bytes fetched."""
    page = browser.new_page()
    page.errors, page.fetched = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("requestfailed", lambda r: page.errors.append(f"failed {r.url}"))

    def record(response):
        if response.status >= 400:
            page.errors.append(f"{response.status} {response.url}")
        page.fetched.append((response.url, len(response.body()) if response.ok else 0))

    page.on("response", record)
    page.goto(url)
    return page


def result_links(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link")
    return page.eval_on_selector_all(".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link",
                                     "els => els.map(e => e.getAttribute('href'))")


def test_search_filter_and_land_on_paragraph(browser, base_url):
    page = open_page(browser, base_url + "search.html")
    page.wait_for_selector(".pagefind-ui__search-input")
    loaded = sum(n for _, n in page.fetched)
    page.fill(".pagefind-ui__search-input", "schulden")
    links = result_links(page)
    page.wait_for_timeout(300)
    search_bytes = sum(n for _, n in page.fetched) - loaded
    print(f"\nbytes fetched for page load: {loaded}, for one search 'schulden': {search_bytes}")
    towns = {href.split("/documents/")[1].split("-")[0] for href in links}
    assert len(towns) >= 3, links
    assert all(href.startswith("/beleid/documents/") for href in links)

    page.check(".pagefind-ui__filter-checkbox[id*='Arnhem' i], .pagefind-ui__filter-value:has-text('Arnhem') input")
    page.wait_for_function("() => [...document.querySelectorAll('.pagefind-ui__result-link')].every(a => a.href.includes('/arnhem-'))")
    assert {href.split("/documents/")[1].split("-")[0] for href in result_links(page)} == {"arnhem"}

    sub = page.locator(".pagefind-ui__result-nested .pagefind-ui__result-link").first
    href = sub.get_attribute("href")
    assert "#p" in href, href
    sub.click()
    page.wait_for_url("**/documents/arnhem-*#p*")
    target = page.evaluate("() => { const t = document.querySelector(':target'); return t && [t.id, getComputedStyle(t).backgroundColor]; }")
    assert target and target[0] == href.split("#")[1] and target[1] != "rgba(0, 0, 0, 0)", target
    assert "schulden" in page.inner_text(f"#{target[0]}").replace("\u00ad", "")
    assert not page.errors, page.errors


@pytest.mark.parametrize("path", ["compare.html", "documents/arnhem-2021-begroting.html", "index.html", "indicators.html"])
def test_pages_load_without_console_errors(browser, base_url, path):
    page = open_page(browser, base_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1
    assert not page.errors, page.errors


def test_search_opened_from_disk_says_it_needs_a_web_server(browser, site):
    page = browser.new_page()
    page.goto((site / "search.html").as_uri())
    notice = page.wait_for_selector("#zoeken [role=alert]", timeout=10_000)
    assert "file://" in notice.inner_text() and "python build.py serve" in notice.inner_text()
    assert page.locator(".pagefind-ui__search-input").count() == 0


def bundle_files(bundle: Path) -> dict:
    return {path.relative_to(bundle): path.read_bytes() for path in bundle.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The embedded corpus built, then built again after Arnhem's document changed: (site, its bundles before, after)."""
    tmp = tmp_path_factory.mktemp("rebuilt")
    corpus = tmp / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus, ignore=shutil.ignore_patterns("gold"))
    bundles = {}
    for build_number in (1, 2):
        build.run_build(BuildOptions(corpus, tmp / "out", tmp / "build", model="blank"))
        bundles[build_number] = {b.name: bundle_files(b) for b in (tmp / "out" / "pagefind").iterdir() if b.is_dir() and (b / "pages.sha256").is_file()}
        with (corpus / "arnhem-2021-begroting-participatie-armoede.txt").open("a", encoding="utf-8") as f:
            f.write("\n\nDe gemeente start met de Zilverpas voor inwoners met schulden.\n")
    return tmp / "out", bundles[1], bundles[2]


def test_bundles_built_apart_are_searched_together(browser, rebuilt):
    """Only the changed municipality's bundle is indexed again; a query finds documents of municipalities whose bundles
    come from different builds, the municipality filter works across them, results say where they are from, and
    the search is kept in the address."""
    site, before, after = rebuilt
    assert sorted(before) == ["arnhem", "groningen", "rotterdam", "zaanstad"]
    assert after["arnhem"] != before["arnhem"] and all(after[name] == before[name] for name in before if name != "arnhem")
    with served(site, "/beleid/") as url:
        page = open_page(browser, url + "search.html?q=zilverpas")
        assert {href.split("/documents/")[1].split("-")[0] for href in result_links(page)} == {"arnhem"}
        page.fill(".pagefind-ui__search-input", "schulden")
        page.wait_for_function("() => new Set([...document.querySelectorAll('.pagefind-ui__result-link')]"
                               ".map(a => a.href.split('/documents/')[1].split('-')[0])).size >= 3")
        titles = page.eval_on_selector_all(".pagefind-ui__result-title .pagefind-ui__result-link", "els => els.map(e => e.textContent)")
        assert titles and [t for t in titles if not re.match(r"(Arnhem|Groningen|Rotterdam|Zaanstad) · 20\d\d · \w+ — \S", t)] == []
        page.check(".pagefind-ui__filter-value:has-text('Zaanstad') input")
        page.wait_for_function("() => [...document.querySelectorAll('.pagefind-ui__result-link')].every(a => a.href.includes('/zaanstad-'))")
        page.wait_for_function("() => location.search === '?q=schulden&gemeente=Zaanstad'")
        page.goto(url + "search.html?q=schulden&gemeente=Arnhem")
        page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result-link').length && "
                               "[...document.querySelectorAll('.pagefind-ui__result-link')].every(a => a.href.includes('/arnhem-'))")
        assert page.input_value(".pagefind-ui__search-input") == "schulden"
        assert page.is_checked(".pagefind-ui__filter-value:has-text('Arnhem') input")
        assert not page.errors, page.errors


def test_table_cells_are_apart_in_excerpts(browser, base_url):
    """Groningen's table of indicators: its header cells read "Behaald 2016 | Begroting 2017", not run together."""
    page = open_page(browser, base_url + "search.html?q=begroting&gemeente=Groningen")
    page.wait_for_selector(".pagefind-ui__result-excerpt")
    excerpts = page.eval_on_selector_all(".pagefind-ui__result-excerpt", "els => els.map(e => e.textContent)")
    assert any(re.search(r"2016 \| Begroting", e) for e in excerpts), excerpts
    assert not any(re.search(r"\d{4}Begroting", e) for e in excerpts), excerpts


def test_many_municipalities_share_bundles_and_their_filter_is_searchable(browser, tmp_path):
    """30 municipalities: 4 bundles (site_builder.pagefind.MAX_BUNDLES), and a search box over the municipality filter
    that leaves only the matching names; a name chosen there filters the results."""
    from bench.run import make_synthetic

    make_synthetic(30, tmp_path / "corpus")
    build.run_build(BuildOptions(tmp_path / "corpus", tmp_path / "out", tmp_path / "build", model="blank"))
    assert len([b for b in (tmp_path / "out" / "pagefind").iterdir() if (b / "pages.sha256").is_file()]) == 4
    with served(tmp_path / "out", "/beleid/") as url:
        page = open_page(browser, url + "search.html?q=armoede")
        result_links(page)
        box = page.wait_for_selector(".filter-search")
        values = page.locator(".pagefind-ui__filter-block:has(.filter-search) .pagefind-ui__filter-value")
        assert values.count() == 30
        name = values.first.locator(".pagefind-ui__filter-checkbox").get_attribute("value")
        box.fill(name)
        visible = [v for v in values.all() if v.is_visible()]
        assert visible and all(name.lower() in v.inner_text().lower() for v in visible) and len(visible) < 30
        chosen = visible[0].locator("input").get_attribute("value")
        visible[0].locator("input").check()
        page.wait_for_function("name => location.search.includes('gemeente=') && [...document.querySelectorAll("
                               "'.pagefind-ui__result-title .pagefind-ui__result-link')].every(a => a.textContent.startsWith(name + ' · '))",
                               arg=chosen)
        assert not page.errors, page.errors


@pytest.fixture(scope="module")
def bbv_url(bbv_site):
    with served(bbv_site, "/") as url:
        yield url


def test_indicator_chart_points_link_to_their_source(browser, bbv_url):
    """Every point of the chart on a BBV indicator page opens the table row its value comes from."""
    page = open_page(browser, bbv_url + "indicators/bbv-banen.html")
    points = page.locator("svg.chart a")
    labels = points.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(labels) == 5, labels
    assert not page.errors, page.errors
    for n, label in enumerate(labels):  # a page of its own for each: a navigation cuts the last one's requests short
        page = open_page(browser, bbv_url + "indicators/bbv-banen.html")
        page.locator("svg.chart a").nth(n).click()
        page.wait_for_url("**/documents/*#*")
        row = page.evaluate("() => { const t = document.querySelector(':target'); return t && t.closest('tr').innerText; }")
        assert row and "Banen" in row and label.split(": ")[1].split(" ")[0] in row, (label, row)
        page.close()


def test_year_view_links_both_sentences(browser, base_url):
    page = open_page(browser, base_url + "municipalities/rotterdam.html")
    entry = page.locator(".change-continued li").first
    entry.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    assert "overeenkomst 0," in entry.inner_text()
    hrefs = entry.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) == 2 and "2017" in hrefs[0] and "2016" in hrefs[1], hrefs
    assert not page.errors, page.errors
    for href in hrefs:
        target = open_page(browser, base_url + "municipalities/" + href)
        assert target.evaluate("() => { const t = document.querySelector(':target'); return t && t.matches('mark.item'); }"), href
        target.close()


def test_compare_side_by_side_from_the_address(browser, base_url, site):
    """The choice in the address is shown side by side (counts as in themes.csv), the overview sorts, and the
    form puts a new choice in the address; without JavaScript the overview still reads."""
    import csv

    page = open_page(browser, base_url + "compare.html?gemeente=Rotterdam&gemeente=Arnhem")
    table = page.locator("#naast-elkaar table")
    assert table.locator("thead th").all_inner_texts() == ["Thema", "Rotterdam", "Arnhem"]
    rows = list(csv.DictReader((site / "data" / "themes.csv").open(encoding="utf-8")))
    debt = sum(sum(int(r[k]) for k in ("priorities", "activities", "indicators")) for r in rows
               if r["theme"] == "schulden" and r["municipality"] == "Rotterdam")
    cell = table.locator("tbody tr", has_text="Schuldhulp").locator("td").first.inner_text()
    assert cell.startswith(f"{debt} ("), cell
    assert page.locator("input[name=gemeente]:checked").evaluate_all("els => els.map(e => e.value)") == ["Arnhem", "Rotterdam"]
    page.locator("thead button.sort", has_text="Items").click()
    totals = [int(t.replace(".", "")) for t in page.locator("table.overview tbody tr td:nth-of-type(1)").all_inner_texts()]
    assert totals == sorted(totals, reverse=True) and len(totals) == 4
    page.check("input[value=Zaanstad]")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/compare.html?*")
    assert sorted(page.url.split("?")[1].split("&")) == ["gemeente=Arnhem", "gemeente=Rotterdam", "gemeente=Zaanstad"]
    assert page.locator("#naast-elkaar table thead th").count() == 4
    assert not page.errors, page.errors
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(base_url + "compare.html?gemeente=Rotterdam")
    assert plain.locator("#naast-elkaar").is_hidden() and plain.locator("table.overview tbody tr").count() == 4


PAGE_TYPES = ["index.html", "municipalities/rotterdam.html", "documents/arnhem-2021-begroting.html", "compare.html",
              "compare.html?gemeente=Arnhem&gemeente=Rotterdam", "themes/schulden.html", "indicators.html", "entities.html",
              "search.html", "data.html", "method.html", "build.html", "404.html", "bbv:indicators/bbv-banen.html"]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_wcag_violations_and_nothing_wider_than_a_phone(browser, base_url, bbv_url, path):
    """axe-core finds no WCAG 2.1 A/AA violation, and at 390 px nothing but a table or chart box scrolls sideways.
    With SCREENSHOTS=DIR set, each page type is saved there at 1300 and 390 px."""
    import os

    from axe_playwright_python.sync_playwright import Axe

    url = bbv_url + path[4:] if path.startswith("bbv:") else base_url + path
    page = open_page(browser, url)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options=WCAG).response
    assert results["passes"], "axe checked nothing"
    assert not results["violations"], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]]
    name = path.replace("bbv:", "").replace("/", "_").replace("?", "_").replace("&", "_")
    for width in (1300, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.errors, page.errors
