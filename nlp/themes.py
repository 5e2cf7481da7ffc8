"""Themes from the codebook (issue 4 fills this in)."""


def assign_themes(doc, spacy_docs, items) -> list[list[str]]:
    """Themes of every block; also sets `themes` and `evidence` on the items."""
    return [[] for _ in doc.blocks]
