"""Property tests for the readers: any input either parses into well-formed blocks or raises CorpusError.

Never another exception, never a hang (every property has a deadline). The
whole file runs in well under 30 s.
"""
from __future__ import annotations

import io
import itertools
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import CorpusError, DocumentMeta, read_document
from corpus.structure import parse_text

META = DocumentMeta("doc", "doc", "Arnhem", 2021, "begroting", "Titel", "test")
FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Report-like text: Dutch letters, bullets, pipes, tabs, mixed line breaks, digits, headings and table words.
ALPHABET = "aAbBeEiIjJoOsSzZ éëïĳĲ€•●–—|#*-_.,:;!?()%0123456789\t\n\r\x0b\x0c\x1c\x85\u2028\u2029\xa0\xad"
WORDS = ["Behaald", "2021", "Begroting 2020", "Streefwaarde", "| a | b |", "|---|---|", "# Kop", "1.2 Doelen", "• punt",
         "- punt", "a) punt", "Pagina 3 van 9", "€ 1.200", "60%", "n.v.t.", "\r\n", "\n", "\n\n", "\r", "\t", "ĳs", "Één"]
report_text = st.one_of(
    st.text(alphabet=ALPHABET, max_size=400),
    st.lists(st.sampled_from(WORDS) | st.text(alphabet=ALPHABET, max_size=20), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS) | st.text(alphabet=ALPHABET, max_size=20), max_size=60).map("".join),
    st.text(max_size=200),
)

_counter = itertools.count()


def check_blocks(text, blocks):
    for b in blocks:
        assert 0 <= b.start < b.end <= len(text), b
        s = text[b.start:b.end]
        assert s == s.strip(), (b, s)
        for row in b.rows:
            for cell in row:
                assert b.start <= cell.start <= cell.end <= b.end, (b, cell)
                c = text[cell.start:cell.end]
                assert c == c.strip(), (b, cell, c)
    starts = [b.start for b in blocks]
    assert starts == sorted(starts)


def read_or_error(tmp_path, suffix: str, data: bytes):
    """read_document on `data`; returns the Document, or None on a CorpusError. Any other exception fails."""
    path = tmp_path / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path, META)
    except CorpusError as err:
        assert path.name in str(err)
        return None
    finally:
        path.unlink()
    check_blocks(doc.text, doc.blocks)
    assert doc.blocks
    return doc


@FAST
@given(report_text, st.booleans())
def test_parse_text_offsets_hold_for_any_text(text, markdown):
    check_blocks(text, parse_text(text, markdown=markdown))


@settings(max_examples=10, deadline=5000)
@given(st.sampled_from(["woord ", "€ 12,5 ", "ĳs|", "• ", "Behaald 2020\n", "a\tb "]), st.integers(2_000, 10_000))
def test_very_long_lines_parse_quickly(unit, repeat):
    text = unit * repeat
    check_blocks(text, parse_text(text))
    check_blocks(text, parse_text(text, markdown=True))


@FAST
@given(report_text, st.sampled_from([".txt", ".md"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_plain_text_files(tmp_path, text, suffix, encoding):
    data = text.encode(encoding, errors="replace")
    doc = read_or_error(tmp_path, suffix, data)
    if doc is None:
        assert not data.strip() or "\x00" in text or not parse_text(data.decode(encoding, errors="replace"))


@FAST
@given(st.binary(max_size=600), st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_random_bytes_in_every_format(tmp_path, data, suffix):
    read_or_error(tmp_path, suffix, data)


TAGS = ["p", "div", "li", "ul", "table", "tr", "td", "th", "h1", "h3", "span", "b", "main", "header", "footer", "script",
        "style", "pre", "br", "caption", "thead", "svg", "template", "section", "nav"]
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "&", "<",
                     "<p hidden>", '<div style="display:none">', '<meta charset="utf-16">', '<meta charset="bogus">',
                     '<meta charset="latin1">', "<td colspan=99999>", "<a href='x", "<p", "</", "<?php ?>"]),
    st.text(alphabet=ALPHABET + "<>&\"'=/", max_size=30),
)


@FAST
@given(st.lists(html_piece, max_size=50).map("".join))
def test_random_html(tmp_path, html):
    read_or_error(tmp_path, ".html", html.encode("utf-8"))


@SLOW
@given(st.sampled_from(["div", "p", "b", "li", "table><tr><td", "td", "section", "span", "ul", "h2", "blockquote", "font",
                        "div hidden", "script", "main", "header"]),
       st.integers(100, 5000), st.booleans())
def test_deeply_nested_and_unclosed_html(tmp_path, tag, depth, closed):
    end = "".join(f"</{t.split()[0]}>" for t in reversed(tag.split("><")))
    html = "<p>Begin.</p>" + f"<{tag}>" * depth + "Diep geneste tekst over schulden." + (end * depth if closed else "")
    doc = read_or_error(tmp_path, ".html", html.encode("utf-8"))
    assert doc is not None and doc.text.startswith("Begin.")
    assert ("Diep geneste tekst" in doc.text) == (tag not in ("div hidden", "script", "header")), doc.text[:200]  # hidden, code, page furniture


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> bytes:
    from test_readers import make_pdf

    path = tmp_path_factory.mktemp("pdf") / "goed.pdf"
    make_pdf(path)
    return path.read_bytes()


@SLOW
@given(st.data())
def test_truncated_or_damaged_pdf(tmp_path, good_pdf, data):
    cut = data.draw(st.integers(0, len(good_pdf)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(good_pdf) - 1), st.integers(0, 255)), max_size=5))
    raw = bytearray(good_pdf[:cut] if data.draw(st.booleans()) else good_pdf)
    for pos, byte in flips:
        if pos < len(raw):
            raw[pos] = byte
    read_or_error(tmp_path, ".pdf", bytes(raw))


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
docx_piece = st.one_of(
    st.sampled_from(["<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>",
                     '<w:pPr><w:pStyle w:val="Heading9"/></w:pPr>', '<w:pPr><w:outlineLvl w:val="x"/></w:pPr>',
                     '<w:pPr><w:outlineLvl w:val="3"/></w:pPr>', "<w:pPr><w:pStyle/></w:pPr>", "<w:tab/>", "<w:br/>",
                     "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:t>", "</w:t>", "&amp;", "&bogus;", "<!DOCTYPE x>"]),
    st.text(alphabet=ALPHABET + "<>&/", max_size=20),
)


def docx_bytes(body: str, styles: str | None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')
        if styles is not None:
            z.writestr("word/styles.xml", styles)
    return buf.getvalue()


@FAST
@given(st.lists(docx_piece, max_size=40).map("".join),
       st.one_of(st.none(), st.just(f'<w:styles {W}><w:style w:styleId="K"><w:name/></w:style></w:styles>'), st.text(max_size=30)))
def test_random_docx_xml(tmp_path, body, styles):
    read_or_error(tmp_path, ".docx", docx_bytes(body, styles))


@SLOW
@given(st.integers(100, 3000))
def test_deeply_nested_docx_content_controls(tmp_path, depth):
    body = "<w:sdt><w:sdtContent>" * depth + "<w:p><w:r><w:t>Diep</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * depth
    doc = read_or_error(tmp_path, ".docx", docx_bytes(body, None))
    assert doc is not None and doc.text == "Diep"
