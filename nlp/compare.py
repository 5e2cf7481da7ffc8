"""Cross-municipality comparison: theme matrix, named entities and similar approaches (issue 4 fills this in)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Comparison:
    """What the site and the exports show across documents.

    codebook: [{"code", "label_nl", "label_en", "definition", "signals": [...]}], in codebook order
    matrix:   [{"theme", "municipality", "year", "priority": n, "activity": n, "indicator": n, "item_ids": [...]}]
    pairs:    [{"a": item_id, "b": item_id, "score": float}], across municipalities, best first
    entities: [{"name", "label", "mentions": [{"doc_id", "start", "end", "block"}]}], by name
    topics:   [{"id", "terms": [...]}] (optional topic model)
    """

    codebook_version: str = ""
    codebook: list[dict] = field(default_factory=list)
    matrix: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)


def compare(documents, analyses) -> Comparison:
    """Theme matrix, entities and similar approaches; sets `similar` on items."""
    return Comparison()
