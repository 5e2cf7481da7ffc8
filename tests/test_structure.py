"""Structure recovery on plain text: offsets, headings, bullets, tables, boilerplate."""
from corpus import DEFAULT_CORPUS, load_corpus
from corpus.structure import parse_text


def texts(text, blocks, kind=None):
    return [text[b.start:b.end] for b in blocks if kind is None or b.kind == kind]


def test_offsets_point_at_block_text():
    docs, problems = load_corpus(DEFAULT_CORPUS)
    assert len(docs) == 5 and not problems
    for doc in docs:
        for b in doc.blocks:
            s = doc.text[b.start:b.end]
            assert s and s == s.strip()


def test_headings_bullets_and_last_line_of_paragraph():
    text = ("Titel van het verslag\n\nPrioriteiten\n  • Eerste punt\n  - Tweede punt dat\n    doorloopt\nEen alinea.\n"
            "Ook zijn de regels vastgesteld\n\nKopje\nTekst.\n")
    blocks = parse_text(text)
    assert texts(text, blocks, "heading") == ["Titel van het verslag", "Prioriteiten", "Kopje"]
    assert texts(text, blocks, "list_item") == ["Eerste punt", "Tweede punt dat\n    doorloopt"]
    assert "Ook zijn de regels vastgesteld" in texts(text, blocks, "paragraph")
    assert [b.level for b in blocks if b.kind == "heading"] == [1, 2, 2]


def test_flattened_table_with_kind_and_year_headers():
    text = ("Indicatoren\n\nBehaald\n\n 2016\n\nBegroting\n\n2017\n\nRealisatie 2017\n\n"
            "Aantal deelnemers aan de regeling.\n\n6.470\n\nStabiel\n\n6.058\n\n"
            "Aantal kinderen bereikt.\n\nLichte daling\n\n-\n\n1.200\n\nConclusie\n\nKlaar.\n")
    blocks = parse_text(text)
    (table,) = [b for b in blocks if b.kind == "table"]
    rows = [[" ".join(text[c.start:c.end].split()) for c in r] for r in table.rows]
    assert rows == [["Behaald 2016", "Begroting 2017", "Realisatie 2017"],
                    ["Aantal deelnemers aan de regeling.", "6.470", "Stabiel", "6.058"],
                    ["Aantal kinderen bereikt.", "Lichte daling", "-", "1.200"]]
    assert texts(text, blocks, "heading") == ["Indicatoren", "Conclusie"]


def test_pipe_table_and_one_column_layout_table():
    text = "Kop\n| Indicator | 2020 | 2021 |\n|---|---|---|\n| Bereik | 10 | 12 |\n\nLange alinea. |\n---|\n"
    blocks = parse_text(text, markdown=True)
    (table,) = [b for b in blocks if b.kind == "table"]
    assert [[text[c.start:c.end] for c in r] for r in table.rows] == [["Indicator", "2020", "2021"], ["Bereik", "10", "12"]]
    assert texts(text, blocks, "paragraph") == ["Lange alinea."]


def test_footer_boilerplate_dropped_but_kept_in_text():
    text = "Kop\nTekst van de alinea.\n\nDeze pagina is gebouwd op 11/17/2020 14:20:45 met de export van 11/17/2020\n"
    blocks = parse_text(text)
    assert all("gebouwd" not in s for s in texts(text, blocks))


def test_hard_wrapped_paragraph_is_one_block():
    text = ("Kop\n\nDe gemeente heeft in 2020 samen met de woningcorporaties en het\n"
            "UWV een nieuwe aanpak voor schulden ontwikkeld en uitgevoerd in alle\nwijken van de stad.\n\nVolgende kop\n\nTekst.\n")
    blocks = parse_text(text)
    assert texts(text, blocks, "heading") == ["Kop", "Volgende kop"]
    assert texts(text, blocks, "paragraph")[0].endswith("wijken van de stad.")


def test_space_aligned_table():
    text = ("Indicatoren\n\nIndicator                         Realisatie 2021   Begroting 2022   Realisatie 2022\n"
            "Aantal meldingen vroegsignalering  900   1.000   1.200\nBereik minimaregelingen   65%   70 %   Stabiel\n\nTekst erna.\n")
    blocks = parse_text(text)
    (table,) = [b for b in blocks if b.kind == "table"]
    assert [[text[c.start:c.end] for c in r] for r in table.rows] == [
        ["Realisatie 2021", "Begroting 2022", "Realisatie 2022"],
        ["Aantal meldingen vroegsignalering", "900", "1.000", "1.200"],
        ["Bereik minimaregelingen", "65%", "70 %", "Stabiel"]]
    assert texts(text, blocks, "paragraph") == ["Tekst erna."]


def test_over_long_blocks_are_split_at_sentences_or_words():
    from corpus.structure import split_long_blocks

    sentences = " ".join(f"Zin {n} over schulden en armoede in de wijk." for n in range(400))
    words = "woord " * 2000
    text = f"Kop\n\n{sentences}\n\n{words.strip()}\n\n{'x' * 12_000}\n\nKort."
    blocks, warnings = split_long_blocks(text, parse_text(text), limit=1000)
    assert warnings == ["3 blocks of more than 1,000 characters without a paragraph break (the first at offset 5) split at sentence "
                        "or word boundaries"]
    assert all(b.end - b.start <= 1000 and text[b.start:b.end].strip() == text[b.start:b.end] for b in blocks)
    assert "".join(text[b.start:b.end] for b in blocks).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    pieces = [text[b.start:b.end] for b in blocks]
    assert pieces[0] == "Kop" and pieces[-1] == "Kort." and all(p.endswith("wijk.") for p in pieces[1:8])
    assert split_long_blocks("Kop\n\nKort.", parse_text("Kop\n\nKort.")) == (parse_text("Kop\n\nKort."), [])
