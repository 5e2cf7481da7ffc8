"""Priorities, activities and indicators from a document's blocks (issue 3)."""


def extract_items(doc, spacy_docs) -> list:
    return []
