"""Index stage: Whoosh index of passages and items (issue 5 fills this in)."""


def build_index(documents, analyses, index_dir) -> int:
    """Index the documents; returns how many were (re)indexed."""
    return 0
