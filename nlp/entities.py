"""Named instruments, organisations, laws, motions and programmes (issue 4 fills this in)."""


def find_mentions(doc, spacy_docs) -> list:
    return []
