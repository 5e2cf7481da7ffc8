"""Hostile report text (script tags, attribute break-outs, javascript: links, comment break-outs, template syntax)
is shown as text on every page of the built site and never runs, also not in a real browser."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import build
from builder.options import BuildOptions
from site_builder.method import render_markdown
from site_builder.serve import served

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
JS_LINK = "javascript:alert(1)"
COMMENT = "--><script>alert(2)</script><!--"
TEMPLATE = "{{ 7*7 }} {% if true %}ja{% endif %} ${7*7}"
PAYLOADS = [SCRIPT, ATTR, COMMENT, TEMPLATE]

TXT = f"""Armoedebeleid {SCRIPT}

We bieden schuldhulp aan 500 inwoners met schulden {SCRIPT} in 2021.

• Vroegsignalering van schulden {ATTR}
• Meer bereik van de bijstand via [klik]({JS_LINK}) en <a href="{JS_LINK}">hier</a>

Het aantal huishoudens in de schuldhulpverlening steeg naar 1.200 in 2021. <!-- {COMMENT} -->

Doel is het bereik van minimaregelingen te verhogen naar 60% {TEMPLATE}.
"""
MD = f"""# Schuldhulp {ATTR}

We willen armoede onder kinderen verminderen. <div onmouseover="alert(1)">{SCRIPT}</div>

- [Meer informatie]({JS_LINK}) over de regeling
- <img src=x onerror=alert(1)> Het aantal inwoners in de bijstand daalde naar 3.000.

<!-- {COMMENT} -->

| Indicator {SCRIPT} | 2021 |
|---|---|
| Bereik {ATTR} | 60% |

{TEMPLATE}
"""
# In the HTML source the payloads are text (entities); real tags, handlers and comments are markup the reader drops.
HTML = f"""<!DOCTYPE html><html><head><title>x</title><script>alert(3)</script></head><body><main>
<h1>Participatie &lt;script&gt;alert(1)&lt;/script&gt;</h1>
<p onclick="alert(1)">We helpen 400 inwoners aan werk &quot;&gt;&lt;img src=x onerror=alert(1)&gt; in 2021.
<a href="{JS_LINK}">klik hier</a> <img src=x onerror=alert(1)></p>
<!-- --><script>alert(4)</script><!-- -->
<p>Het aantal schuldhulptrajecten steeg naar 800. --&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;!-- {TEMPLATE}</p>
<ul><li>Vroegsignalering &lt;a href="{JS_LINK}"&gt;link&lt;/a&gt;</li></ul>
<table><tr><th>Indicator &lt;b&gt;</th><th>2021</th></tr><tr><td>Bereik {ATTR.replace('<', '&lt;').replace('"', '&quot;')}</td><td>60%</td></tr></table>
</main></body></html>
"""
FILES = {"hostile.txt": TXT, "hostile.md": MD, "hostile.html": HTML}


def manifest(name: str, n: int) -> str:
    return (f'[[document]]\nid = "{Path(name).suffix[1:]}-{2019 + n}-jaarverslag"\nfile = "{name}"\nmunicipality = "Gemeente{n} <b>"\n'
            f"year = {2019 + n}\ndoc_type = \"jaarverslag\"\ntitle = \"Titel {n} {ATTR.replace(chr(34), chr(92) + chr(34))}\"\n"
            f'source = "{JS_LINK}"\nlanguage = "nl"\n')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for n, (name, text) in enumerate(FILES.items()):
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "manifest.toml").write_text("\n".join(manifest(name, n) for n, name in enumerate(FILES)), encoding="utf-8")
    build.run_build(BuildOptions(corpus, tmp / "out", tmp / "build", model="blank"))
    return tmp / "out"


class Markup(HTMLParser):
    """Every element, attribute, comment, and the visible text of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.comments, self.text, self.script_bodies, self._in = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        if self._in == "script":
            self.script_bodies.append(data)
        elif self._in != "style":
            self.text.append(data)


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def test_no_payload_is_markup_on_any_page(site):
    problems = []
    for page in pages(site):
        raw = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        if re.search(r"<script>\s*alert|<img\b[^<>]*src=x|<[^<>]*\bon(?:error|click|mouseover)\s*=", raw, re.IGNORECASE):
            problems.append(f"{name}: unescaped payload")
        m = Markup()
        m.feed(raw)
        for tag, attrs in m.tags:
            if tag == "script" and "src" not in attrs:
                problems.append(f"{name}: inline <script>")
            if tag == "img":
                problems.append(f"{name}: <img> from the text")
            for key, value in attrs.items():
                if key.startswith("on"):
                    problems.append(f"{name}: event handler {key}={value!r} on <{tag}>")
                scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                if key in ("href", "src", "action", "formaction") and scheme.startswith(("javascript:", "data:text/html", "vbscript:")):
                    problems.append(f"{name}: {key}={value!r} on <{tag}>")
        if [c for c in m.comments if "alert" in c]:
            problems.append(f"{name}: payload inside an HTML comment")
        if any("alert" in body for body in m.script_bodies):
            problems.append(f"{name}: payload inside a script")
    assert not problems, "\n".join(problems[:30])


def visible_text(page: Path) -> str:
    m = Markup()
    m.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(m.text).replace("\xad", "").split())


@pytest.mark.parametrize("doc_id, shown", [
    ("txt-2019-jaarverslag", [SCRIPT, ATTR, JS_LINK, TEMPLATE, f"<!-- {COMMENT} -->", f'<a href="{JS_LINK}">hier</a>']),
    ("md-2020-jaarverslag", [ATTR, SCRIPT, f"[Meer informatie]({JS_LINK})", "<img src=x onerror=alert(1)>", TEMPLATE,
                             f"<!-- {COMMENT} -->", '<div onmouseover="alert(1)">']),
    ("html-2021-jaarverslag", ["Participatie <script>alert(1)</script>", ATTR, "-->" + "<script>alert(2)</script><!--", TEMPLATE,
                               "klik hier"]),
])
def test_payloads_are_shown_as_text_on_document_pages(site, doc_id, shown):
    text = visible_text(site / "documents" / f"{doc_id}.html")
    for payload in shown:
        assert " ".join(payload.split()) in text, payload
    assert "49" not in text  # template syntax in the report is not evaluated


def test_the_html_reports_own_scripts_are_dropped_by_the_reader(site):
    text = visible_text(site / "documents" / "html-2021-jaarverslag.html")
    for script in ("alert(3)", "alert(4)"):  # in the <head> and between comments of the source
        assert script in HTML and script not in text


def test_titles_and_sources_from_the_manifest_are_text(site):
    for page in [site / "index.html", site / "documents" / "txt-2019-jaarverslag.html", site / "municipalities" / "gemeente0-b.html"]:
        text = visible_text(page)
        assert "Titel 0 " + ATTR in text, page
    assert JS_LINK in visible_text(site / "documents" / "txt-2019-jaarverslag.html")


def test_snippets_and_data_pages_are_escaped(site):
    # pages built from extracted items and snippets: compare, themes, indicators, entities, data
    texts = [visible_text(p) for p in pages(site) if p.parent.name in ("themes",) or p.name in ("indicators.html", "compare.html", "entities.html")]
    assert any("alert(" in t for t in texts), "no snippet page carries the payload text; the test corpus needs items"
    assert "&lt;script&gt;" in (site / "documents" / "txt-2019-jaarverslag.html").read_text(encoding="utf-8")


def test_method_page_markdown_shows_raw_html_as_text():
    html = str(render_markdown(f"# Kop\n\n{SCRIPT}\n\n<div>\n{ATTR}\n</div>\n\n<!-- {COMMENT} -->\n\n{TEMPLATE}\n"))
    assert "<script>" not in html and "<img" not in html and "<div>" not in html and "<!--" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "{{ 7" in html and "{% if true %}" in html  # * is emphasis, as Markdown


def test_method_page_markdown_drops_javascript_links():
    assert "javascript:" not in str(render_markdown(f"[klik]({JS_LINK})"))
    assert 'href="https://example.org/"' in str(render_markdown("[ok](https://example.org/)"))
    assert 'href="data.html"' in str(render_markdown("[ok](data.html)"))


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium")
def test_no_payload_runs_in_a_browser(site):
    from playwright.sync_api import sync_playwright

    dialogs, errors = [], []
    with served(site, "/beleid/") as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                page = browser.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
                page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
                for path in ["documents/txt-2019-jaarverslag.html", "documents/md-2020-jaarverslag.html",
                             "documents/html-2021-jaarverslag.html", "index.html", "compare.html", "indicators.html",
                             "entities.html", "municipalities/gemeente0-b.html"]:
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    page.hover("main")
                    for link in page.locator("main a[href]").all()[:40]:
                        href = link.get_attribute("href") or ""
                        assert not href.strip().lower().startswith("javascript:"), (path, href)
                page.goto(url + "search.html")
                page.wait_for_selector(".pagefind-ui__search-input")
                for query in ["alert", "script", "onerror", "javascript", "img"]:
                    page.fill(".pagefind-ui__search-input", query)
                    page.wait_for_timeout(400)
                    if query in ("alert", "script"):
                        page.wait_for_selector(".pagefind-ui__result-link")
                        assert "alert(1)" in page.inner_text(".pagefind-ui__results")
                    page.hover(".pagefind-ui")
                page.wait_for_timeout(300)
            finally:
                browser.close()
    assert not dialogs, dialogs
    assert not errors, errors
