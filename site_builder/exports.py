"""The data products: items.jsonl, indicators.csv, documents.json, themes.csv, entities.csv, codebook.json, build.json."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from common.links import block_url, item_url, page_path


def item_record(item, doc, similar: list[dict]) -> dict:
    """One line of items.jsonl, in the format of docs/extraction.md."""
    m = doc.meta
    return {
        "id": item.id,
        "doc_id": doc.id,
        "doc_sha256": doc.sha256,
        "municipality": m.municipality,
        "year": m.year,
        "doc_type": m.doc_type,
        "kind": item.kind,
        "title": item.title,
        "start": item.start,
        "end": item.end,
        "section": list(item.section),
        "values": item.values,
        "benchmark": item.benchmark,
        "bbv_code": item.bbv_code,
        "unit": item.unit,
        "themes": item.themes,
        "evidence": item.evidence,
        "similar": similar,
        "url": item_url(doc, item),
    }


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def write_csv(path: Path, header: list[str], rows) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def number_of(value: dict) -> float | None:
    """The numeric value of an indicator value ('75%' has number 75.0), if it has one."""
    v = value.get("number", value["value"])
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _plain(number: float | None) -> str | int | float:
    """A number for CSV: 3700 rather than 3700.0; empty when there is none."""
    if number is None:
        return ""
    return int(number) if number == int(number) else number


def write_exports(data_dir: Path, documents, analyses, comparison, build) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    docs = {d.id: d for d in documents}
    with open(data_dir / "items.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for analysis in analyses:
            for item in analysis.items:
                f.write(json.dumps(item_record(item, docs[analysis.doc_id], comparison.similar.get(item.id, [])), ensure_ascii=False, sort_keys=True) + "\n")
    write_json(data_dir / "documents.json", [
        {
            "id": d.id, "file": d.meta.file, "sha256": d.sha256, "municipality": d.meta.municipality,
            "year": d.meta.year, "doc_type": d.meta.doc_type, "title": d.meta.title, "source": d.meta.source,
            "language": d.meta.language, "characters": len(d.text), "blocks": len(d.blocks),
            "url": page_path(d.id),
        }
        for d in documents
    ])
    rows = []
    for analysis in analyses:
        doc = docs[analysis.doc_id]
        for item in analysis.items:
            if item.kind != "indicator":
                continue
            for v in item.values + item.benchmark:
                rows.append([doc.meta.municipality, doc.meta.year, item.title, item.bbv_code or "", v.get("year") or "", v["kind"],
                             v.get("of", ""), v.get("printed", v["value"]), _plain(number_of(v)),
                             v.get("unit") or item.unit or "", doc.id, item_url(doc, item)])
    write_csv(data_dir / "indicators.csv",
              ["municipality", "document_year", "indicator", "bbv_code", "value_year", "kind", "benchmark_of", "value_printed", "value",
               "unit", "document", "link"], rows)
    write_comparison(data_dir, documents, comparison)
    write_json(data_dir / "build.json", build.to_json())


def theme_rows(comparison) -> list[list]:
    """themes.csv: item counts per theme, municipality and year (item ids space-separated)."""
    labels = {t["code"]: t["label_nl"] for t in comparison.codebook}
    return [[c["theme"], labels.get(c["theme"], ""), c["municipality"], c["year"], c["priority"], c["activity"], c["indicator"],
             " ".join(c["item_ids"])] for c in comparison.matrix]


def entity_rows(documents, comparison) -> list[list]:
    """entities.csv: one row per mention, grouped by entity, with a link to its paragraph."""
    docs = {d.id: d for d in documents}
    return [[e["name"], e["label"], docs[m["doc_id"]].meta.municipality, m["doc_id"], docs[m["doc_id"]].meta.year,
             m["start"], m["end"], block_url(docs[m["doc_id"]], m["block"])]
            for e in comparison.entities for m in e["mentions"]]


def write_comparison(data_dir: Path, documents, comparison) -> None:
    write_csv(data_dir / "themes.csv", ["theme", "label", "municipality", "year", "priorities", "activities", "indicators", "item_ids"],
              theme_rows(comparison))
    write_csv(data_dir / "entities.csv", ["name", "label", "municipality", "doc_id", "year", "start", "end", "link"],
              entity_rows(documents, comparison))
    write_json(data_dir / "codebook.json", {"version": comparison.codebook_version, "themes": comparison.codebook})
