"""Corpus stage: a folder with a manifest becomes Documents (text + blocks with offsets).

The manifest code and the readers load when first used, not with the package: `build.py search` needs
only CorpusError and DEFAULT_CORPUS, and the readers bring the document structure and PDF libraries."""
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from .model import Block, CorpusError, Document, DocumentMeta, Span

DEFAULT_CORPUS = Path(__file__).parent / "default"
_LOADED_ON_USE = {"corpus_settings": "manifest", "missing_file": "manifest", "read_manifest": "manifest",
                  "unlisted_warnings": "manifest", "read_document": "readers"}


def __getattr__(name: str):
    if name in _LOADED_ON_USE:
        return getattr(import_module(f".{_LOADED_ON_USE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class LoadedCorpus(NamedTuple):
    documents: list[Document]
    skipped: list[str]  # the documents that could not be read, with why


def load_corpus(folder, keep_going: bool = False) -> LoadedCorpus:
    """Read every document of the corpus in `folder`.

    With `keep_going`, a document that is missing or cannot be read is reported in `skipped`
    (named relative to `folder`) and left out; otherwise its CorpusError is raised.
    """
    from .manifest import missing_file, read_manifest
    from .readers import read_document

    documents, problems = [], []
    for n, (meta, path) in enumerate(read_manifest(folder), 1):
        try:
            if not path.is_file():
                raise missing_file(folder, meta, n)
            documents.append(read_document(path, meta))
        except CorpusError as err:
            if not keep_going:
                raise
            problems.append(err.relative_to(folder))
    return LoadedCorpus(documents, problems)


__all__ = ["Block", "CorpusError", "DEFAULT_CORPUS", "corpus_settings", "Document", "DocumentMeta", "LoadedCorpus", "Span", "load_corpus",
           "read_document", "read_manifest",
           "unlisted_warnings"]
