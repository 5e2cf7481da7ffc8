"""Gold annotations matched in the reader's canonical text (`Document.text`), where item offsets point.

One loader for `train`, `evaluate` and the build's own scores: a gold file names its
document's source file; the document is read by the same reader as in a build, so
gold for HTML, PDF, Word and cp1252 sources is in the build's coordinates.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus import CorpusError, DocumentMeta, read_document, read_manifest

from .model import KINDS

ANNOTATED_CORPORA = (Path(__file__).parent.parent / "corpus" / "default", Path(__file__).parent.parent / "corpus" / "devset")


@dataclass
class GoldDocument:
    document: object  # corpus.Document
    items: list[dict]  # gold items, each with "spans": [(start, end), ...] in document.text
    path: Path  # the gold file

    @property
    def municipality(self) -> str:
        return self.document.meta.municipality


def load_gold(gold_dir: Path, sources: Path) -> list[GoldDocument]:
    """The gold of every *.json file in `gold_dir`, matched in the documents under `sources`.

    With a manifest.toml in `sources`, documents are read with their manifest entries;
    otherwise each named file is read with the gold file's municipality, year and doc_type.
    """
    gold_dir, sources = Path(gold_dir), Path(sources)
    if not gold_dir.is_dir():
        raise CorpusError(gold_dir, "gold folder not found")
    if not sources.is_dir():
        raise CorpusError(sources, "source folder not found", field="--sources")
    entries = {}
    if (sources / "manifest.toml").is_file():
        entries = {Path(meta.file).name: (meta, path) for meta, path in read_manifest(sources)}
    files = None
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = _read_json(path)
        name = gold["document"]
        if name in entries:
            meta, source = entries[name]
        else:
            if files is None:
                files = {p.name: p for p in sorted(sources.rglob("*")) if p.is_file()}
            if name not in files:
                raise CorpusError(path, f"source file {name!r} not found under {sources}", field="document")
            source = files[name]
            meta = DocumentMeta(Path(name).stem, name, str(gold.get("municipality", "")), _year(gold, path),
                                str(gold.get("doc_type", "")), name, name)
        document = read_document(source, meta)
        items = gold["items"]
        for k, item in enumerate(items):
            if item.get("kind") not in KINDS:
                raise CorpusError(path, f"kind {item.get('kind')!r} is not one of {', '.join(KINDS)}", field=f"items[{k}].kind")
            item["spans"] = _spans(document.text, item, path, k)
        out.append(GoldDocument(document, items, path))
    if not out:
        raise CorpusError(gold_dir, "contains no gold *.json files")
    return out


def load_annotated(folders) -> list[GoldDocument]:
    """The gold documents of annotated corpus folders (a manifest.toml and a gold/ folder each)."""
    out = []
    for folder in folders:
        folder = Path(folder)
        if not (folder / "gold").is_dir():
            raise CorpusError(folder, "has no gold/ folder of annotations", field="--gold")
        out += load_gold(folder / "gold", folder)
    return out


def _read_json(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CorpusError(path, f"is not a readable JSON gold file: {err}") from None
    for key, kind in (("document", str), ("items", list)):
        if not isinstance(gold.get(key), kind):
            raise CorpusError(path, f"needs a {kind.__name__} here", field=key)
    return gold


def _year(gold: dict, path: Path) -> int:
    year = gold.get("year")
    if not isinstance(year, int):
        raise CorpusError(path, "must be a number such as 2021", field="year")
    return year


def _spans(text: str, item: dict, path: Path, k: int) -> list[tuple[int, int]]:
    quote, occurrence = item.get("quote"), item.get("occurrence")
    if not isinstance(quote, str) or not quote:
        raise CorpusError(path, "needs a non-empty quote", field=f"items[{k}].quote")
    spans, i = [], text.find(quote)
    while i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    if not spans:
        raise CorpusError(path, f"quote not found in the document's text: {quote[:60]!r}", field=f"items[{k}].quote")
    if occurrence in (None, "any"):
        return spans
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(spans):
        raise CorpusError(path, f"occurrence {occurrence!r} of {quote[:40]!r} does not exist", field=f"items[{k}].occurrence")
    return [spans[occurrence - 1]]
