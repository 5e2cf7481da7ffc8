"""What the nlp stage produces for a document: items, entity mentions and per-block annotations."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

KINDS = ("priority", "activity", "indicator")  # the item kinds, in the order every page and export lists them


@dataclass
class Item:
    """A priority, activity or indicator: a standoff annotation on the document's text."""

    id: str
    doc_id: str
    kind: str
    title: str
    start: int
    end: int
    section: list[str]
    block: int
    values: list[dict] = field(default_factory=list)
    benchmark: list[dict] = field(default_factory=list)  # indicators: comparison values (national, regional) beside its own
    unit: str | None = None  # indicators: the unit its label or table states (%, per 1.000 inwoners, aantal, x € 1.000)
    bbv_code: str | None = None  # indicators: the national BBV indicator it is (nlp/bbv_indicators.toml)
    themes: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # theme -> words that triggered it


@dataclass
class Mention:
    """A named instrument, organisation, law, motion, programme or report in a document."""

    name: str  # canonical name
    label: str  # instrument | organisation | law | motion | programme | report
    start: int
    end: int
    block: int


@dataclass
class DocAnalysis:
    doc_id: str
    items: list[Item]
    mentions: list[Mention]
    block_themes: list[list[str]]  # themes of every block, in block order

    def to_json(self) -> dict:
        """As plain JSON data (shares its lists with the items: serialise it, do not change it)."""
        return {"doc_id": self.doc_id, "items": [vars(i).copy() for i in self.items],
                "mentions": [vars(m).copy() for m in self.mentions], "block_themes": self.block_themes}

    def sha256(self) -> str:
        """SHA-256 of the analysis (what the index version and the page-reuse key are made of)."""
        return hashlib.sha256(json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    @classmethod
    def from_json(cls, data: dict) -> "DocAnalysis":
        return cls(
            data["doc_id"],
            [Item(**i) for i in data["items"]],
            [Mention(**m) for m in data["mentions"]],
            data["block_themes"],
        )


def item_counts(analyses) -> dict[str, int]:
    """{kind: number of items} over the analyses, every kind of KINDS in order."""
    counts = dict.fromkeys(KINDS, 0)
    for analysis in analyses:
        for item in analysis.items:
            counts[item.kind] += 1
    return counts
