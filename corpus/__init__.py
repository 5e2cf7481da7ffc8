"""Corpus stage: a folder with a manifest becomes Documents (text + blocks with offsets)."""
from .model import Block, CorpusError, Document, DocumentMeta, Span
from .manifest import DEFAULT_CORPUS, corpus_settings, read_manifest
from .readers import read_document


def load_corpus(folder, keep_going: bool = False):
    """Read every document of the corpus in `folder`: (documents, problems).

    With `keep_going`, a document that cannot be read is reported in `problems`
    and skipped; otherwise its CorpusError is raised.
    """
    documents, problems = [], []
    for meta, path in read_manifest(folder):
        try:
            documents.append(read_document(path, meta))
        except CorpusError as err:
            if not keep_going:
                raise
            problems.append(str(err))
    return documents, problems


__all__ = ["Block", "CorpusError", "DEFAULT_CORPUS", "corpus_settings", "Document", "DocumentMeta", "Span", "load_corpus", "read_document", "read_manifest"]
