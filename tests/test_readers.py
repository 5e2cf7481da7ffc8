"""Every reader on a real file written here: blocks, offsets, pages, tables, encodings."""
import zipfile

import pytest

from corpus import CorpusError, DocumentMeta, read_document

META = DocumentMeta("doc", "doc", "Arnhem", 2021, "begroting", "Titel", "test")


def read(path):
    doc = read_document(path, META)
    for b in doc.blocks:
        s = doc.text[b.start:b.end]
        assert s and s == s.strip(), (b, s)
        for row in b.rows:
            for cell in row:
                assert b.start <= cell.start <= cell.end <= b.end
    return doc


def blocks(doc, kind):
    return [doc.block_text(b) for b in doc.blocks if b.kind == kind]


def cells(doc, table):
    return [[doc.block_text(c) for c in row] for row in table.rows]


HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Begroting</title>
<style>p { color: red }</style><script>var x = "<p>geen tekst</p>";</script></head>
<body>
<header class="site"><a href="/">Home</a> Gemeente Arnhem</header>
<nav><ul><li>Menu-item</li><li>Zoeken</li></ul></nav>
<main>
<h1>Participatie &amp; armoede</h1>
<!-- een commentaar -->
<p>We helpen <b>500&nbsp;Arnhemmers</b> aan werk.<br>Tweede regel &lt;script&gt;.
<p>Een tweede alinea.</p>
<div style="display:none">Verborgen tekst</div>
<p hidden>Ook verborgen</p>
<h2>Doelen</h2>
<ul><li>Schulden voorkomen<li>Meer bereik</ul>
<form><input type="text" value="zoek"><button>Zoek</button></form>
<table><caption>Indicatoren</caption>
<thead><tr><th>Indicator</th><th>2020</th><th>2021</th></tr></thead>
<tbody><tr><td>Bereik minimaregelingen</td><td>60%</td><td>65%</td></tr>
<tr><td>Aantal <i>schuldhulp</i>trajecten</td><td>1.200</td><td>1.350</td></tr></tbody>
</table>
<p>Deze pagina is gebouwd op 11/17/2020 14:20:45 met de export van 11/17/2020</p>
</main>
<footer><p>Contact | Privacy</p></footer>
</body></html>
"""


def test_html_keeps_report_and_drops_page_furniture(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read(path)
    assert blocks(doc, "heading") == ["Participatie & armoede", "Doelen"]
    assert [b.level for b in doc.blocks if b.kind == "heading"] == [1, 2]
    assert blocks(doc, "paragraph") == ["We helpen 500 Arnhemmers aan werk.\nTweede regel <script>.", "Een tweede alinea.", "Indicatoren"]
    assert blocks(doc, "list_item") == ["Schulden voorkomen", "Meer bereik"]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert cells(doc, table) == [["Indicator", "2020", "2021"], ["Bereik minimaregelingen", "60%", "65%"], ["Aantal schuldhulptrajecten", "1.200", "1.350"]]
    assert table.header_rows == 1
    assert doc.block_text(table).splitlines()[0] == "Indicator | 2020 | 2021"
    for gone in ("Menu-item", "Home", "geen tekst", "color", "Verborgen", "Ook verborgen", "zoek", "Zoek", "commentaar", "gebouwd", "Privacy"):
        assert gone not in doc.text
    assert "\n\n".join(doc.block_text(b) for b in doc.blocks) == doc.text


def test_html_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "oud.htm"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
                     '<body><h1>Één regeling</h1><p>Kosten € 25 per maand.</p></body></html>'.encode("cp1252"))
    doc = read(path)
    assert blocks(doc, "heading") == ["Één regeling"] and "€ 25" in doc.text and not doc.warnings


def test_cp1252_text_is_read_with_a_warning_and_no_mojibake(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Één keer per jaar\n\nDe bijdrage is € 150 voor één kind.\n".encode("cp1252"))
    doc = read(path)
    assert "één kind" in doc.text and "€ 150" in doc.text and "Ã" not in doc.text
    assert len(doc.warnings) == 1 and "Windows-1252" in doc.warnings[0]


def test_markdown_pipe_table(tmp_path):
    path = tmp_path / "verslag.md"
    path.write_text("# Verslag\n\nTekst van de alinea.\n\n| Indicator | 2020 |\n|---|---|\n| Bereik | 10% |\n\n- punt een\n", encoding="utf-8")
    doc = read(path)
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert cells(doc, table) == [["Indicator", "2020"], ["Bereik", "10%"]]
    assert blocks(doc, "heading") == ["Verslag"] and blocks(doc, "list_item") == ["punt een"]


def make_pdf(path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table

    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for page in (1, 2):
        c.setFont("Helvetica", 9)
        c.drawString(72, height - 40, "Gemeente Arnhem - Programmabegroting 2021")
        c.drawString(width / 2, 30, str(page))
        y = height - 100
        c.setFont("Helvetica-Bold", 18)
        c.drawString(72, y, "Armoedebestrijding" if page == 1 else "Indicatoren")
        c.setFont("Helvetica", 11)
        for line in (["We ondersteunen inwoners met een laag inkomen", "met regelingen en schuldhulp.", "",
                      "Een tweede alinea over werk."] if page == 1 else ["De tabel toont het bereik."]):
            y -= 16 if line else 24
            if line:
                c.drawString(72, y, line)
        if page == 2:
            t = Table([["Indicator", "2020", "2021"], ["Bereik regelingen", "60%", "65%"], ["Schuldhulp", "1.200", "1.350"]],
                      style=[("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "Helvetica")])
            t.wrapOn(c, width, height)
            t.drawOn(c, 72, y - 100)
        c.showPage()
    c.save()


def test_pdf_headings_paragraphs_pages_and_table(tmp_path):
    path = tmp_path / "begroting.pdf"
    make_pdf(path)
    doc = read(path)
    assert [(doc.block_text(b), b.level, b.page) for b in doc.blocks if b.kind == "heading"] == [("Armoedebestrijding", 1, 1), ("Indicatoren", 1, 2)]
    paragraphs = [(" ".join(doc.block_text(b).split()), b.page) for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [("We ondersteunen inwoners met een laag inkomen met regelingen en schuldhulp.", 1),
                          ("Een tweede alinea over werk.", 1), ("De tabel toont het bereik.", 2)]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert table.page == 2 and table.header_rows == 1
    assert cells(doc, table) == [["Indicator", "2020", "2021"], ["Bereik regelingen", "60%", "65%"], ["Schuldhulp", "1.200", "1.350"]]
    assert doc.text.count("Bereik regelingen") == 1  # table words are not also running text
    assert "Programmabegroting" not in doc.text  # running header
    assert all(doc.block_text(b) not in ("1", "2") for b in doc.blocks)  # page numbers


@pytest.mark.parametrize("data", [b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.7 garbage", b"not a pdf at all"])
def test_damaged_pdf_is_a_corpus_error(tmp_path, data):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(data)
    with pytest.raises(CorpusError, match="kapot.pdf"):
        read_document(path, META)


def test_truncated_pdf_is_a_corpus_error(tmp_path):
    good = tmp_path / "goed.pdf"
    make_pdf(good)
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes(good.read_bytes()[:400])
    with pytest.raises(CorpusError, match="afgebroken.pdf"):
        read_document(path, META)


def test_password_protected_pdf_says_so(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "beveiligd.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("geheim"))
    c.drawString(72, 720, "Armoedebeleid 2021")
    c.save()
    with pytest.raises(CorpusError, match=r"beveiligd\.pdf: is password-protected"):
        read_document(path, META)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text, style=None, numbered=False):
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else "")
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def make_docx(path):
    def cell(t):
        return f"<w:tc>{para(t)}</w:tc>"
    body = (para("Jaarverslag 2017", "Heading1") + para("Armoede &amp; schulden", "Kop2")
            + para("We helpen mensen met schulden.") + para("Vroegsignalering", numbered=True)
            + para("Schuldhulp op maat", "ListParagraph")
            + "<w:tbl>" + "".join(f"<w:tr>{''.join(cell(c) for c in row)}</w:tr>" for row in [["Indicator", "2017"], ["Bereik", "60%"]]) + "</w:tbl>"
            + para("Slot."))
    styles = (f'<w:styles {W}><w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>')
        z.writestr("word/styles.xml", styles)


def test_docx_headings_lists_and_table(tmp_path):
    path = tmp_path / "verslag.docx"
    make_docx(path)
    doc = read(path)
    assert [(doc.block_text(b), b.level) for b in doc.blocks if b.kind == "heading"] == [("Jaarverslag 2017", 1), ("Armoede & schulden", 2)]
    assert blocks(doc, "list_item") == ["Vroegsignalering", "Schuldhulp op maat"]
    assert blocks(doc, "paragraph") == ["We helpen mensen met schulden.", "Slot."]
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert cells(doc, table) == [["Indicator", "2017"], ["Bereik", "60%"]]


def test_corrupt_docx_is_a_corpus_error(tmp_path):
    path = tmp_path / "kapot.docx"
    make_docx(path)
    path.write_bytes(path.read_bytes()[:-60])
    with pytest.raises(CorpusError, match="kapot.docx"):
        read_document(path, META)


def test_pdf_in_one_plain_font_uses_the_text_heuristics(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "plat.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    for y, line in ((800, "Schuldhulpverlening"), (770, "We helpen inwoners met schulden."), (740, "- Vroegsignalering")):
        c.drawString(72, y, line)
    c.save()
    doc = read(path)
    assert [(b.kind, doc.block_text(b), b.page) for b in doc.blocks] == [
        ("heading", "Schuldhulpverlening", 1), ("paragraph", "We helpen inwoners met schulden.", 1), ("list_item", "Vroegsignalering", 1)]


def make_varied_pdf(path):
    """Three pages without ruling lines: wrapped paragraphs, bullets, words drawn one at a time (close and
    far apart), text drawn at twice the size through the page matrix, a bold heading; then a table page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table

    c = canvas.Canvas(str(path), pagesize=A4)
    for page in (1, 2, 3):
        c.setFont("Helvetica", 9)
        c.drawString(72, 800, "Gemeente Zaanstad - Jaarverslag 2020")
        c.drawString(300, 30, f"pagina {page} van 4")
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 750, ["Armoede", "Schulden", "Participatie"][page - 1])
        c.setFont("Helvetica", 10)
        c.drawString(72, 720, "De gemeente ondersteunt inwoners met schulden en")
        c.drawString(72, 707, "breidt de vroegsignalering uit.")
        c.drawString(72, 680, "- Budgetcoaching voor jongeren")
        x = 72
        for word, gap in (("Schuld", 0.3), ("hulp", 8), ("voor", 40), ("iedereen", 0)):
            c.drawString(x, 650, word)
            x += stringWidth(word, "Helvetica", 10) + gap
        c.saveState()
        c.scale(2, 2)
        c.setFont("Helvetica-Bold", 8)
        c.drawString(36, 300, "Tussenkop")
        c.restoreState()
        c.setFont("Helvetica", 10)
        c.drawString(72, 580, f"Een alinea onder de tussenkop over {['werk', 'geld', 'zorg'][page - 1]}.")
        c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 750, "Tabel")
    t = Table([["Indicator", "2020"], ["Bereik", "60%"], ["Schuldhulp", "1.200"]], style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])
    t.wrapOn(c, *A4)
    t.drawOn(c, 72, 650)
    c.showPage()
    c.save()


def test_pdf_pages_without_ruling_lines_are_read_by_pdfium_as_pdfplumber_reads_them(tmp_path, monkeypatch):
    import pypdfium2

    from corpus import pdf_reader

    path = tmp_path / "gevarieerd.pdf"
    make_varied_pdf(path)
    pdf = pypdfium2.PdfDocument(str(path))
    assert [pdf_reader._may_hold_table(page) for page in pdf] == [False, False, False, True]
    pdf.close()
    fast = read(path)
    monkeypatch.setattr(pdf_reader, "_may_hold_table", lambda page: True)  # every page through pdfplumber
    plumbed = read(path)
    assert (fast.text, fast.blocks) == (plumbed.text, plumbed.blocks)
    assert blocks(fast, "heading") == ["Armoede", "Tussenkop", "Schulden", "Tussenkop", "Participatie", "Tussenkop"]
    assert "Budgetcoaching voor jongeren" in blocks(fast, "list_item") and "Schuldhulp voor iedereen" in fast.text
    assert [b.page for b in fast.blocks if b.kind == "table"] == [4]
