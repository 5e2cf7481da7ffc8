"""datapackage.json: a Frictionless Data descriptor of every file in data/, its fields, sources and licence."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from .exports import write_json

LICENCE_NOTE = ("Afgeleide gegevens (items, indicatoren, thema's, entiteiten) onder CC BY 4.0; de brondocumenten blijven "
                "van de gemeenten die ze publiceerden (zie sources) en zijn hier alleen als citaat opgenomen.")
# the tables and their fields' types (the others are strings); the .json files are JSON documents, not tables
# (Frictionless cannot check the byte count of a JSON table)
TABLE_TYPES = {
    "items.jsonl": {"year": "integer", "start": "integer", "end": "integer", "section": "array", "values": "array",
                    "benchmark": "array", "themes": "array", "similar": "array", "evidence": "object"},
    "indicators.csv": {"document_year": "integer", "value_year": "integer", "value": "number"},
    "themes.csv": {"year": "integer", "priorities": "integer", "activities": "integer", "indicators": "integer"},
    "entities.csv": {"year": "integer", "start": "integer", "end": "integer"},
    "changes.csv": {"year": "integer", "earlier_year": "integer", "score": "number"},
}
DESCRIPTIONS = {
    "items.jsonl": "Eén regel per geëxtraheerd item (prioriteit, activiteit of indicator), met offsets in de brontekst.",
    "indicators.csv": "Eén regel per waarde van een indicator (gerealiseerd, streefwaarde, ...).",
    "documents.json": "De documenten van het corpus met hun metadata en sha256.",
    "build.json": "Het bouwverslag: aantallen, spaCy-pijplijn, waarschuwingen.",
    "themes.csv": "Aantallen items per thema, gemeente en jaar volgens het codeboek.",
    "codebook.json": "Het codeboek: de thema's met hun labels, definities en signaalwoorden.",
    "entities.csv": "Genoemde instrumenten en partners met hun vindplaatsen.",
    "changes.csv": ("Beleid door de jaren: per gemeente en jaar de prioriteiten en activiteiten die nieuw zijn (new), die een item "
                    "van een eerder jaar voortzetten (continued, met de overeenkomst als score) en die van het jaar ervoor niet meer "
                    "genoemd worden (ended)."),
}


def _fields(path: Path) -> list[str]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as f:
            return next(csv.reader(f), [])
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return sorted(json.loads(first)) if first else []


def resource(path: Path) -> dict:
    fmt = {".csv": "csv", ".jsonl": "jsonl", ".json": "json"}[path.suffix]
    res = {
        "name": path.stem.lower().replace("_", "-"), "path": path.name, "format": fmt,
        "mediatype": {"csv": "text/csv", "jsonl": "application/x-ndjson", "json": "application/json"}[fmt],
        "encoding": "utf-8", "bytes": path.stat().st_size, "description": DESCRIPTIONS.get(path.name, ""),
    }
    types = TABLE_TYPES.get(path.name)
    if types is not None:
        res["profile"] = "tabular-data-resource"
        res["schema"] = {"fields": [{"name": f, "type": types.get(f, "string")} for f in _fields(path)]}
    return res


def write_datapackage(data_dir: Path, documents, title: str) -> dict:
    files = sorted(p for p in data_dir.iterdir() if p.suffix in (".csv", ".jsonl", ".json") and p.name != "datapackage.json")
    descriptor = {
        "profile": "data-package",
        "name": "beleidsvergelijker",
        "title": title,
        "description": "Prioriteiten, activiteiten en indicatoren uit gemeentelijke beleidsdocumenten over armoede, schulden en participatie.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}],
        "licence_note": LICENCE_NOTE,
        "sources": [{"title": d.meta.source, "path": d.meta.file} for d in sorted(documents, key=lambda d: d.id)],
        "resources": [resource(p) for p in files],
    }
    write_json(data_dir / "datapackage.json", descriptor)
    return descriptor
