"""Corpus stage: a folder with a manifest becomes Documents (text + blocks with offsets)."""
from .model import Block, CorpusError, Document, DocumentMeta, Span
from .manifest import DEFAULT_CORPUS, corpus_settings, missing_file, read_manifest, unlisted_warnings
from .readers import read_document


def load_corpus(folder, keep_going: bool = False):
    """Read every document of the corpus in `folder`: (documents, problems).

    With `keep_going`, a document that is missing or cannot be read is reported in `problems`
    and skipped (named relative to `folder`); otherwise its CorpusError is raised.
    """
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
    return documents, problems


__all__ = ["Block", "CorpusError", "DEFAULT_CORPUS", "corpus_settings", "Document", "DocumentMeta", "Span", "load_corpus", "read_document", "read_manifest",
           "unlisted_warnings"]
