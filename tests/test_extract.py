"""Extraction with the shipped statement model on small Dutch texts, one statement style at a time."""
import pytest
from conftest import text_document

from nlp.analyse import analyse_document
from nlp.pipeline import load_pipeline
from nlp.roles import heading_role


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")[0]


def extract(nlp, text, doc_type="jaarverslag", year=2020, markdown=False):
    doc = text_document(text, "test", year=year, doc_type=doc_type, markdown=markdown)
    return [(i.kind, text[i.start:i.end], i.values) for i in analyse_document(doc, nlp).items]


def kinds(items, kind):
    return [t for k, t, _ in items if k == kind]


def test_role_headings_give_bullets_their_kind(nlp):
    text = "Verslag\n\nPrioriteiten\n  • Schulden eerder signaleren\n  • Meer bereik onder minima\nWat hebben we gedaan?\n  • Een nieuwe pas uitgegeven;\n"
    items = extract(nlp, text)
    assert kinds(items, "priority") == ["Schulden eerder signaleren", "Meer bereik onder minima"]
    assert kinds(items, "activity") == ["Een nieuwe pas uitgegeven"]


def test_a_bullets_own_commitment_outweighs_its_sections_role(nlp):
    text = ("Begroting\n\nWat willen we bereiken?\n  • Minder kinderen groeien op in armoede\n"
            "  • We zetten sterker in op preventie van schulden.\n")
    items = extract(nlp, text, doc_type="begroting")
    assert kinds(items, "priority") == ["Minder kinderen groeien op in armoede"]
    assert kinds(items, "activity") == ["We zetten sterker in op preventie van schulden."]


def test_goal_sentence_in_a_plan_and_realised_action_in_a_report(nlp):
    plan = "Begroting\n\nArmoede\n\nWij willen dat elk kind meedoet. Het weer was slecht.\n"
    assert kinds(extract(nlp, plan, doc_type="begroting"), "priority") == ["Wij willen dat elk kind meedoet."]
    report = "Verslag\n\nArmoede\n\nIn 2020 heeft de gemeente een convenant met de bibliotheek gesloten. Het weer was slecht.\n"
    assert [k for k, _t, _v in extract(nlp, report)] == ["activity"]


def test_first_person_commitments_in_a_plan(nlp):
    text = "Programma\n\nSchulden\n\nWe breiden het loket uit. We gaan daarom samenwerken met de kredietbank.\n"
    assert kinds(extract(nlp, text, doc_type="begroting"), "activity") == [
        "We breiden het loket uit.", "We gaan daarom samenwerken met de kredietbank."]


def test_negated_and_ongoing_passives_are_not_activities(nlp):
    text = "Verslag\n\nSchulden\n\nDe regeling is niet ingevoerd. De regeling wordt uitgevoerd. In 2020 wordt het budget verhoogd.\n"
    assert kinds(extract(nlp, text), "activity") == ["In 2020 wordt het budget verhoogd."]


@pytest.mark.parametrize("heading, role", [
    ("Wat willen we bereiken?", "priority"), ("Wat willen we op lange termijn bereiken", "priority"),
    ("Strategische doelen", "priority"), ("Programmadoelstelling", "priority"),
    ("Wat hebben we daarvoor gedaan in 2018 ?", "activity"), ("Wij hebben dit gedaan door", "activity"),
    ("Wat is in 2015 gerealiseerd", "activity"), ("Indicatoren", "indicator"), ("Wat mag het kosten?", "no_items"),
    ("Doelen van het armoedebeleid zijn dat iedereen meedoet", None), ("Doorbraak naar werk", None),
])
def test_headings_that_name_a_role(heading, role):
    assert heading_role(heading) == role


def test_role_headings_are_never_items(nlp):
    text = ("Jaarverslag\n\nWat hebben we bereikt?\n\nIn 2020 hebben we 400 huishoudens geholpen.\n\n"
            "Ambities\n\nDoelen\n\nInspanningen\n\nBetere toegang\n\nOns doel is een eenvoudige toegang.\n")
    titles = [t for _k, t, _v in extract(nlp, text, doc_type="jaarverslag")]
    assert titles and not {"Wat hebben we bereikt?", "Ambities", "Doelen", "Inspanningen"} & set(titles)


def test_coordinated_clauses_are_items_of_their_own(nlp):
    text = ("Begroting\n\nBestaanszekerheid\n\nDaarbij richten we ons op het vergroten van het bereik van regelingen, "
            "helpen we mensen aan het werk en zetten we in op het voorkomen van schulden.\n")
    assert [t for _k, t, _v in extract(nlp, text, doc_type="begroting")] == [
        "richten we ons op het vergroten van het bereik van regelingen", "helpen we mensen aan het werk",
        "zetten we in op het voorkomen van schulden"]


def test_enumeration_is_split_into_priorities(nlp):
    text = ("Verslag\n\nWat wilden we bereiken?\n\nSpeerpunten waren onder meer het bereik vergroten, de signalering en preventie "
            "verbeteren (vooral bij jongeren) en aandacht voor effecten.\n")
    assert kinds(extract(nlp, text), "priority") == [
        "het bereik vergroten", "de signalering en preventie verbeteren (vooral bij jongeren)", "aandacht voor effecten"]


def test_flattened_table_with_year_and_kind_headers(nlp):
    text = ("Verslag\n\nPrestatie-indicatoren\n\nNulmeting 2015\n\nBehaald\n\n2016\n\nBegroting 2017\n\n"
            "Aantal huishoudens met een regeling.\n\n8.586\n\n9.319\n\nStabiel\n\nAantal deelnemers.\n\n-\n\n75,0 %\n\nStijging\n")
    items = extract(nlp, text, year=2017)
    assert [(t, v) for k, t, v in items if k == "indicator"] == [
        ("Aantal huishoudens met een regeling.", [
            {"year": 2015, "kind": "baseline", "value": 8586, "printed": "8.586"},
            {"year": 2016, "kind": "realised", "value": 9319, "printed": "9.319"},
            {"year": 2017, "kind": "target", "value": "Stabiel", "printed": "Stabiel"}]),
        ("Aantal deelnemers.", [
            {"year": 2016, "kind": "realised", "value": "75,0%", "number": 75.0, "unit": "%", "printed": "75,0 %"},
            {"year": 2017, "kind": "target", "value": "Stijging", "printed": "Stijging"}]),
    ]


def test_pipe_table_indicators(nlp):
    text = "Indicatoren\n\n| Indicator | Realisatie 2019 | Streefwaarde 2021 |\n|---|---|---|\n| Bereik kindpakket | 1.200 | 1.500 |\n"
    items = extract(nlp, text, doc_type="begroting", year=2021, markdown=True)
    assert [(t, [(v["year"], v["kind"], v["value"]) for v in vs]) for k, t, vs in items if k == "indicator"] == [
        ("Bereik kindpakket", [(2019, "realised", 1200), (2021, "target", 1500)])]


def test_niet_van_toepassing_means_no_indicators(nlp):
    text = "Verslag\n\nIndicatoren\n\nNiet van toepassing.\n"
    assert extract(nlp, text) == []


def test_summary_sections_state_no_items(nlp):
    text = "Verslag\n\nConclusie\n\nIn 2020 is het bereik vergroot. Wij willen doorgaan.\n"
    assert extract(nlp, text) == []


def test_programmabegroting_layout(nlp):
    text = ("Programma 3 Sociaal domein\n\n3.1 Armoede en schulden\n\nWat willen we bereiken?\n\n"
            "In 2024 hebben minder inwoners problematische schulden. Dat meten we jaarlijks.\n\n"
            "Wat gaan we daarvoor doen?\n\n"
            "• We breiden de vroegsignalering uit naar alle wijken.\n• Uitvoeren van de Wet gemeentelijke schuldhulpverlening.\n\n"
            "Beleidsindicatoren\n\n| Indicator | Realisatie 2022 | Begroting 2024 |\n|---|---|---|\n"
            "| Aantal meldingen vroegsignalering | 1.200 | 2.000 |\n\n"
            "Wat mag het kosten?\n\nDe lasten stijgen in 2024 met 1,2 miljoen euro omdat we meer doen.\n")
    items = extract(nlp, text, doc_type="begroting", year=2024, markdown=True)
    assert "In 2024 hebben minder inwoners problematische schulden." in kinds(items, "priority")
    assert kinds(items, "activity")[-2:] == ["We breiden de vroegsignalering uit naar alle wijken.",
                                             "Uitvoeren van de Wet gemeentelijke schuldhulpverlening."]
    assert [(t, [(v["year"], v["kind"], v["value"]) for v in vs]) for k, t, vs in items if k == "indicator"] == [
        ("Aantal meldingen vroegsignalering", [(2022, "realised", 1200), (2024, "target", 2000)])]


def test_space_aligned_table_indicators(nlp):
    text = ("Jaarverslag\n\nIndicatoren\n\nIndicator                      Realisatie 2021   Begroting 2022   Realisatie 2022\n"
            "Aantal meldingen vroegsignalering   900   1.000   1.200\n")
    items = extract(nlp, text, year=2022)
    assert [(t, [(v["year"], v["kind"], v["value"]) for v in vs]) for k, t, vs in items if k == "indicator"] == [
        ("Aantal meldingen vroegsignalering", [(2021, "realised", 900), (2022, "target", 1000), (2022, "realised", 1200)])]


def test_flattened_table_with_a_label_header(nlp):
    text = ("Jaarverslag\n\nIndicatoren\n\nIndicator\n\nNulmeting 2015\n\nRealisatie 2019\n\n"
            "Percentage huishoudens met problematische schulden\n\n8,2%\n\n6,9%\n\nConclusie\n\nGoed.\n")
    items = extract(nlp, text, year=2019)
    assert [(t, [(v["year"], v["kind"], v["value"]) for v in vs]) for k, t, vs in items if k == "indicator"] == [
        ("Percentage huishoudens met problematische schulden", [(2015, "baseline", "8,2%"), (2019, "realised", "6,9%")])]


def test_columns_headed_by_a_role_give_the_statements_in_their_cells_its_kind(nlp):
    text = ("# Armoede\n\n| Wat willen we bereiken? | Wat gaan we daarvoor doen? |\n| --- | --- |\n"
            "| Minder kinderen groeien op in armoede | We breiden het Kindpakket uit. We bieden elk kind een zwemabonnement. |\n"
            "| Inwoners vinden sneller hulp bij schulden | De schuldhulp krijgt een inloopspreekuur in elke wijk. |\n")
    items = extract(nlp, text, doc_type="begroting", markdown=True)
    assert kinds(items, "priority") == ["Minder kinderen groeien op in armoede", "Inwoners vinden sneller hulp bij schulden"]
    assert kinds(items, "activity") == ["We breiden het Kindpakket uit.", "We bieden elk kind een zwemabonnement.",
                                        "De schuldhulp krijgt een inloopspreekuur in elke wijk."]
    assert not kinds(items, "indicator")


def test_cells_of_a_table_without_values_are_candidates_each(nlp):
    from nlp.candidates import TABLE_CELL, TABLE_ROW, candidates
    from nlp.features import block_features

    text = ("Missie | Coalitieakkoord | Resultaten 2018\n---|---|---|\n"
            "Iedereen aan het werk | Het werkbedrijf wordt betrokken bij de re-integratie. Ondernemers bieden stageplaatsen aan. | "
            "De norm blijft 110% van het minimum. |\n")
    doc = text_document(text, year=2018, doc_type="begroting", markdown=True)
    found = [(c.source, text[c.start:c.end]) for c in candidates(doc, block_features(doc, nlp))]
    assert found == [(TABLE_ROW, "Iedereen aan het werk"),
                     (TABLE_CELL, "Het werkbedrijf wordt betrokken bij de re-integratie."),
                     (TABLE_CELL, "Ondernemers bieden stageplaatsen aan."), (TABLE_CELL, "De norm blijft 110% van het minimum.")]
