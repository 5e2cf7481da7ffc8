"""The item kinds as the site names them: one row per kind of nlp.model.KINDS, in that order."""
from __future__ import annotations

from typing import NamedTuple


class KindNames(NamedTuple):
    singular: str  # a tag beside an item; capitalised, the label of a highlighted item
    plural: str  # a heading over a list of items
    icon: str  # before the label of a highlighted item
    meaning: str  # the legend's explanation


KIND_NAMES = {
    "priority": KindNames("prioriteit", "Prioriteiten", "◆", "wat de gemeente wil bereiken"),
    "activity": KindNames("activiteit", "Activiteiten", "▶", "wat de gemeente doet"),
    "indicator": KindNames("indicator", "Indicatoren", "▲", "waarmee de gemeente meet"),
}
