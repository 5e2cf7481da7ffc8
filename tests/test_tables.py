"""Indicator tables in the layouts real reports arrive in: each layout a small Dutch text, with exact rows and values."""
import pytest
from conftest import text_document

from corpus.model import DocumentMeta
from corpus.readers import read_document
from nlp.indicators import indicator_unit, parse_value, sentence_values, table_rows


def rows_of(text, doc_type="begroting", year=2020, markdown=False):
    """(label, [(year, kind, value)], [(year, kind, value, of)]) of every table row in the text."""
    doc = text_document(text, year=year, doc_type=doc_type, title="T", markdown=markdown)
    return rows_in(doc)


def rows_in(doc):
    out = []
    for block in doc.blocks:
        if block.kind == "table":
            for (a, b), values, benchmark in table_rows(doc, block):
                out.append((" ".join(doc.text[a:b].split()), [(v["year"], v["kind"], v["value"]) for v in values],
                            [(v["year"], v["kind"], v["value"], v["of"]) for v in benchmark]))
    return out


def cells(*lines):
    return "\n\n".join(lines) + "\n"


def test_kind_over_year_cells_and_row_numbers():
    text = cells("Beleidsindicatoren", "Indicator", "Werkelijk\n2017", "Werkelijk\n2018", "Begroting\n2019", "Streefwaarde",
                 "1", "Banen (21)", "667,3", "668,8", "689,0", "861,6",
                 "2", "jeugdwerkloosheid", "-", "-", "-", "-",
                 "Bron: waarstaatjegemeente.nl")
    assert rows_of(text, year=2019) == [
        ("Banen (21)", [(2017, "realised", 667.3), (2018, "realised", 668.8), (2019, "target", 689.0), (None, "target", 861.6)], []),
        ("jeugdwerkloosheid", [], []),
    ]


def test_peiljaar_and_benchmark_columns_are_kept_apart():
    text = cells("Indicator", "peiljaar", "NL", "100.000-", "300.000", "Teststad",
                 "Banen (aantal per 1.000 inwoners in de leeftijd 15-64 jaar)", "2019", "792,1", "871,2", "1.035",
                 "Werkloze jongeren (% 16 t/m 22 jarigen)", "2018", "2", "2", "3")
    assert rows_of(text, year=2021) == [
        ("Banen (aantal per 1.000 inwoners in de leeftijd 15-64 jaar)", [(2019, "realised", 1035)],
         [(2019, "realised", 792.1, "NL"), (2019, "realised", 871.2, "100.000-300.000")]),
        ("Werkloze jongeren (% 16 t/m 22 jarigen)", [(2018, "realised", 3)], [(2018, "realised", 2, "NL"), (2018, "realised", 2, "100.000-300.000")]),
    ]


def test_one_kind_over_a_run_of_years_then_a_column_without_year():
    text = cells("Indicatoren", "Realisatie", "Streef-waarde1", "2013", "2014", "2015",
                 "▪   % Inwoners dat mantelzorger is", "17%", "19%", "-",
                 "▪   % Doelgroepkinderen in de vve", "70%", "75%", "75%", "100%")
    assert rows_of(text, year=2017) == [
        ("% Inwoners dat mantelzorger is", [(2013, "realised", "17%"), (2014, "realised", "19%")], []),
        ("% Doelgroepkinderen in de vve", [(2013, "realised", "70%"), (2014, "realised", "75%"), (2015, "realised", "75%"),
                                           (None, "target", "100%")], []),
    ]


def test_as_many_kinds_as_years_pair_up():
    text = cells("Effectindicatoren", "Realisatie", "Begroting", "Begroting", "2017", "2018", "2019",
                 "Uitstroom naar werk", "670", "1.200", "1.250")
    assert rows_of(text, year=2019) == [("Uitstroom naar werk", [(2017, "realised", 670), (2018, "target", 1200), (2019, "target", 1250)], [])]


def test_a_row_with_fewer_values_than_dated_columns_has_none():
    text = cells("Kengetallen", "Omschrijving", "Realisatie\n2018", "Raming\n2019", "Raming\n2020",
                 "Personen met bijstandsuitkering per 1.000 inwoners", "18,4", "17,8",
                 "Aantal lopende dossiers schuldhulpverlening", "40", "45", "35")
    assert rows_of(text) == [
        ("Personen met bijstandsuitkering per 1.000 inwoners", [], []),
        ("Aantal lopende dossiers schuldhulpverlening", [(2018, "realised", 40), (2019, "target", 45), (2020, "target", 35)], []),
    ]


def test_realised_columns_make_bare_years_targets():
    text = cells("Indicator", "JR 2015", "JR 2016", "2016", "2017", "Aandeel huishoudens met een laag inkomen", "0,77", "0,78", "0,77", "0,76")
    assert rows_of(text, doc_type="jaarverslag", year=2016) == [
        ("Aandeel huishoudens met een laag inkomen", [(2015, "realised", 0.77), (2016, "realised", 0.78), (2016, "target", 0.77),
                                                      (2017, "target", 0.76)], [])]


def test_bare_years_up_to_a_reports_year_are_realised():
    text = "Indicatoren\n\n| Indicator | 2021 | 2022 | 2023 |\n|---|---|---|---|\n| Bereik kindpakket | 1.100 | 1.200 | 1.300 |\n"
    assert rows_of(text, doc_type="voortgangsrapportage", year=2022, markdown=True) == [
        ("Bereik kindpakket", [(2021, "realised", 1100), (2022, "realised", 1200), (2023, "target", 1300)], [])]
    assert rows_of(text, doc_type="begroting", year=2022, markdown=True)[0][1][1] == (2022, "target", 1200)


def test_pipe_table_with_a_second_header_row():
    text = ("Naam indicator | Meting | Meting | Streef- |\n---|---|---|---|\n2016 | 2017 | waarde | |\n"
            "Percentage inwoners dat zich eenzaam voelt | 15 | 14 | 12 |\nToelichting bij de meting. | |||\n")
    assert rows_of(text, doc_type="jaarverslag", year=2017) == [
        ("Percentage inwoners dat zich eenzaam voelt", [(2016, "realised", 15), (2017, "realised", 14), (None, "target", 12)], [])]


def test_html_table_with_a_benchmark_column(tmp_path):
    path = tmp_path / "t.html"
    path.write_text("<html><body><h2>Beleidsindicatoren</h2><table><tr><th>Indicator</th><th>Realisatie 2021</th>"
                    "<th>Nederland 2021</th><th>Begroting 2023</th></tr><tr><td>Kinderen in uitkeringsgezin</td><td>6%</td>"
                    "<td>5%</td><td>5,5%</td></tr></table></body></html>", encoding="utf-8")
    doc = read_document(path, DocumentMeta("t", "t.html", "Teststad", 2023, "begroting", "T", "t"))
    assert rows_in(doc) == [("Kinderen in uitkeringsgezin", [(2021, "realised", "6%"), (2023, "target", "5,5%")],
                             [(2021, "realised", "5%", "Nederland 2021")])]


def test_tables_without_headers_or_years_and_odd_values_do_not_raise():
    no_header = "| Bereik kindpakket | veel |\n| Schulden | weinig |\n"
    assert rows_of(no_header, markdown=True) == [("Schulden", [], [])]  # the first row reads as the header
    no_years = "| Indicator | Toelichting |\n|---|---|\n| Bereik kindpakket | 1.200 |\n"
    assert rows_of(no_years, markdown=True) == [("Bereik kindpakket", [], [])]
    odd = "| Indicator | Realisatie 2021 |\n|---|---|\n| Bereik kindpakket | zie bijlage 3 (tabel) en verder veel tekst die geen waarde is |\n"
    assert rows_of(odd, markdown=True) == [("Bereik kindpakket", [], [])]


@pytest.mark.parametrize("printed, value", [
    ("6.470", 6470), ("75,0 %", "75,0%"), ("11,9%", "11,9%"), ("ruim 11.000", 11000), ("400 mln euro", 400000000), ("1,5", 1.5),
    ("€ 151.108", 151108), ("325 (63)", 325), ("≥ 20%", "≥ 20%"), ("> 40", "> 40"), ("4 weken", "4 weken"),
    ("Stabiel", "Stabiel"), ("lichte daling", "Lichte daling"), ("-", None), ("n.n.b.", None), (".", None),
])
def test_dutch_number_formats(printed, value):
    parsed = parse_value(printed)
    assert (parsed["value"] if parsed else None) == value


@pytest.mark.parametrize("sentence, values", [
    ("Het aantal daalde van 6.470 naar 6.120.", [(None, "baseline", 6470), (2022, "realised", 6120)]),
    ("In 2017 waren er 214 nieuwe meldingen (geraamd waren ca. 220).", [(2017, "realised", 214), (2017, "target", 220)]),
    ("In 2021 ontvingen 5.800 huishoudens een toeslag (2020: 5.600).", [(2021, "realised", 5800), (2020, "realised", 5600)]),
    ("De ambitie is 48 buurthuizen realiseren in 2023.", [(2023, "target", 48)]),
    ("Alle ouderen in de stad (40.000) kregen een aanbod.", []),
])
def test_values_in_running_text(sentence, values):
    assert [(v["year"], v["kind"], v["value"]) for v in sentence_values(sentence, 2022)] == values


@pytest.mark.parametrize("label, header, unit", [
    ("Banen (aantal per 1.000 inwoners in de leeftijd 15-64 jaar)", "", "per 1.000 inwoners"),
    ("% Inwoners dat mantelzorger is", "", "%"), ("Kinderen in uitkeringsgezin (% kinderen tot 18 jaar)", "", "%"),
    ("Aantal trajecten schuldhulp", "", "aantal"), ("Lasten armoedebeleid", "Lasten (x € 1.000) | 2021", "x € 1.000"),
    ("Bereik kindpakket", "Indicator | 2021", None),
])
def test_units_of_indicators(label, header, unit):
    assert indicator_unit(label, header) == unit


def test_pdf_table_with_ruling_lines(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Table

    path = tmp_path / "t.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, height - 80, "Beleidsindicatoren")
    table = Table([["Indicator", "Realisatie 2021", "Nederland", "Begroting 2023"], ["Kinderen in uitkeringsgezin", "6%", "5%", "5,5%"],
                   ["Bereik regelingen", "1.200", "900", "1.350"]],
                  style=[("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
    table.wrapOn(c, width, height)
    table.drawOn(c, 72, height - 200)
    c.showPage()
    c.save()
    doc = read_document(path, DocumentMeta("t", "t.pdf", "Teststad", 2023, "begroting", "T", "t"))
    assert rows_in(doc) == [
        ("Kinderen in uitkeringsgezin", [(2021, "realised", "6%"), (2023, "target", "5,5%")], [(None, "realised", "5%", "Nederland")]),
        ("Bereik regelingen", [(2021, "realised", 1200), (2023, "target", 1350)], [(None, "realised", 900, "Nederland")]),
    ]


def test_cells_run_together_are_split_into_well_formed_values():
    text = ("Indicatoren\n\nOmschrijving indicatorNulmetingAmbitie\nAantal mensen met een uitkering\nbron: Managementinformatie\n"
            "3.8323.934\nAantal klanten schulddienstverlening\n770770\nAantal klanten in langdurig beheer\n40> 40\n"
            "Gemiddelde wachttijd intake\n4 weken4 weken\n\nWat gaan we doen?\n")
    assert rows_of(text, year=2018) == [
        ("Aantal mensen met een uitkering", [(None, "baseline", 3832), (None, "target", 3934)], []),
        ("Aantal klanten schulddienstverlening", [(None, "baseline", 770), (None, "target", 770)], []),
        ("Aantal klanten in langdurig beheer", [(None, "baseline", 40), (None, "target", "> 40")], []),
        ("Gemiddelde wachttijd intake", [(None, "baseline", "4 weken"), (None, "target", "4 weken")], []),
    ]


def test_cells_and_years_run_together_give_indicators_without_values():
    text = ("Indicatoren\n\nIndicatorRealisatie cijfersStreef cijfersToelichting\n201820192020\n"
            "Aandeel jongeren met jeugdhulp9,510,3\nAantal inwoners per 1000 inwoners met een uitkering45,349,249,2\n\nWat gaan we doen?\n")
    assert rows_of(text) == [
        ("Aandeel jongeren met jeugdhulp", [], []),
        ("Aantal inwoners per 1000 inwoners met een uitkering", [], []),
    ]


def test_bbv_table_with_unit_period_and_value_columns():
    text = ("Indicatoren\n\n| Indicator | Eenheid | Periode | Waarde | Nederland |\n|---|---|---|---|---|\n"
            "| Banen | per 1.000 inwoners | 2022 | 712,3 | 820,1 |\n| Werkloze jongeren | % | 2021 | 2 | 2,4 |\n\n"
            "| Beleidsindicator | Jaartal | Teststad | Nederland |\n|---|---|---|---|\n| Niet-sporters | 2020 | 51,2 | 49,3 |\n")
    assert rows_of(text, year=2023) == [
        ("Banen", [(2022, "realised", 712.3)], [(2022, "realised", 820.1, "Nederland")]),
        ("Werkloze jongeren", [(2021, "realised", 2)], [(2021, "realised", 2.4, "Nederland")]),
        ("Niet-sporters", [(2020, "realised", 51.2)], [(2020, "realised", 49.3, "Nederland")]),
    ]
