"""Cross-municipality comparison (issue 4 fills this in)."""


def compare(documents, analyses) -> dict:
    """Theme matrix and similar approaches; sets `similar` on items."""
    return {}
