"""Index stage: one Whoosh index of passages and items, updated incrementally.

Schema (one Whoosh document per passage and per item):

    id            unique key: "{doc_id}#p{block+1}", "{doc_id}#p{block+1}.{row}" for a table row, "{doc_id}#{item_id}"
    kind          passage | priority | activity | indicator
    municipality  document's municipality (matched case- and accent-insensitively)
    year          document's year (numeric; one term, no range tiers: a corpus has few years)
    doc_type      jaarverslag, begroting, ... (case-insensitive)
    doc_id        manifest id of the document
    themes        theme codes, comma separated (KEYWORD)
    section       enclosing headings joined by " > " (stored, analysed)
    start, end    character offsets of the text in the document's canonical text (stored)
    block         index of the block in the document (stored)
    url           link relative to the site root (common.links): documents/{doc_id}.html#p{block+1} or #{item_id}
    title         item title, or the document title for passages (stored, analysed)
    text          the passage or item text (stored, Dutch analysis: see index.analysis)
    words         the text unstemmed, the vocabulary for spelling suggestions: a passage's words and those of
                  the items in its block, an item's own when its block is a heading, nothing for other items
    place         "{doc_id}#p{block+1}": search shows one hit per place, the passage rather than its items
    version       "{doc_id} {content hash}{analysis hash}": what the document was indexed from

A passage is every non-heading block (paragraph, list item) and every row of a
table. `build_index` reindexes only documents whose content or analysis
changed, deletes removed ones, and starts afresh when the index code changed.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, Schema

from common.code import code_hash
from common.links import block_url, item_url
from common.progress import logger

from .analysis import DutchText, FoldFilter, PlainText
from .writing import Writer, paused_gc

CODE_VERSION_FILE = "code-version"
SECTION_SEPARATOR = " > "
PROGRESS_RECORDS = 25_000  # a document with this many passages and items reports every this many
PARALLEL_RECORDS = 5_000  # new passages and items (about) from which segments are written in parallel
log = logger(__name__)


def schema() -> Schema:
    folded = IDTokenizer() | LowercaseFilter() | FoldFilter()
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        municipality=ID(stored=True, analyzer=folded),
        year=NUMERIC(int, stored=True, signed=False, shift_step=0),
        doc_type=ID(stored=True, analyzer=folded),
        doc_id=ID(stored=True),
        themes=KEYWORD(stored=True, commas=True, lowercase=True),
        section=DutchText(),
        start=STORED(),
        end=STORED(),
        block=STORED(),
        url=STORED(),
        title=DutchText(),
        text=DutchText(),
        words=PlainText(),
        version=ID(),
        place=ID(stored=True, sortable=True),
    )


def code_version() -> str:
    """Changes whenever the index code, the compound splitter, the site's links or the lookup data change."""
    return code_hash(("index", "nlp/compounds.py", "common/links.py"), ("spacy-lookups-data",))[:16]


def document_version(doc, analysis) -> str:
    """What a document was indexed from: its content and its analysis."""
    return f"{doc.id} {doc.sha256[:16]}{analysis.sha256()[:16]}"


def open_or_create(index_dir: Path):
    """The index in `index_dir`, recreated empty when missing or written by other index code."""
    marker = index_dir / CODE_VERSION_FILE
    version = code_version()
    if whoosh_index.exists_in(index_dir) and marker.is_file() and marker.read_text() == version:
        return whoosh_index.open_dir(index_dir)
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(index_dir, schema())
    marker.write_text(version)
    return ix


def build_index(documents, analyses, index_dir, workers: int | None = None) -> int:
    """Index the documents; returns how many were (re)indexed. New documents of PARALLEL_RECORDS passages and
    items or more are written as `workers` segments at once (default: one per core), in document order."""
    ix = open_or_create(Path(index_dir))
    with ix.reader() as reader:
        # a replaced version stays in the lexicon (its records deleted) until its segment is merged
        indexed = {term.decode().split(" ")[0]: term.decode() for term in reader.lexicon("version")
                   if reader.postings("version", term).is_active()}
    wanted = {doc.id: (doc, analysis, document_version(doc, analysis)) for doc, analysis in zip(documents, analyses)}
    stale = [doc_id for doc_id in indexed if wanted.get(doc_id, (None, None, None))[2] != indexed[doc_id]]
    fresh = [entry for doc_id, entry in wanted.items() if indexed.get(doc_id) != entry[2]]
    if not stale and not fresh:
        return 0
    if workers is None:
        records_about = sum(len(doc.blocks) + len(analysis.items) for doc, analysis, _ in fresh)
        workers = (os.cpu_count() or 1) if records_about >= PARALLEL_RECORDS else 1
    with paused_gc():
        # each segment in files of its own, not one compound file: Whoosh reads a compound file's parts by
        # copying them into memory whenever a searcher opens them (the stored texts too), on every search
        writer = Writer(ix, compound=False)
        for doc_id in stale:
            writer.delete_by_term("doc_id", doc_id)
        parts = split_evenly(fresh, max(1, min(workers, len(fresh))))
        if len(parts) <= 1:
            add_documents(writer, fresh)
            writer.commit()
        else:
            segments = write_segments(ix, parts)
            writer.commit(mergetype=lambda _, existing: existing + segments)
    return len(fresh)


def add_documents(writer, entries, part: str = "") -> None:
    """Add the records of each (document, analysis, version) to `writer`, with progress messages."""
    added = 0
    for count, (doc, analysis, version) in enumerate(entries, 1):
        rows = list(records(doc, analysis))
        for n, (record, words) in enumerate(zip(rows, spelling_words(rows)), 1):
            writer.add_document(version=version, words=words, place=f"{doc.id}#p{record['block'] + 1}", **record)
            if len(rows) >= PROGRESS_RECORDS and (n % PROGRESS_RECORDS == 0 or n == len(rows)):
                progress(f"{doc.id}: indexed {n:,}/{len(rows):,} passages and items")
        added += len(rows)
        if count % 100 == 0 or count == len(entries):
            progress(f"{part}indexed {count}/{len(entries)} documents")
    if added >= PROGRESS_RECORDS:
        progress(f"{part}writing the index of {added:,} passages and items")


def split_evenly(entries, parts: int) -> list[list]:
    """`entries` in `parts` runs of consecutive entries (at least one each) with about the same amount of text."""
    done, cuts = 0, [0]
    total = sum(len(doc.text) + 1 for doc, _, _ in entries)
    for n, (doc, _, _) in enumerate(entries, 1):
        done += len(doc.text) + 1
        while len(cuts) < parts and done >= total * len(cuts) / parts:
            cuts.append(n)
    cuts += [len(entries)] * (parts - len(cuts))
    for k in range(1, parts):  # no run left empty
        cuts[k] = min(max(cuts[k], cuts[k - 1] + 1), len(entries) - (parts - k))
    return [entries[a:b] for a, b in zip(cuts, cuts[1:] + [len(entries)])]


def write_segments(ix, parts) -> list:
    """Each run of entries written as a new segment of `ix` by a forked process of its own, all at once; the
    segments in the order of the runs, for the caller's writer to commit (it holds the index's lock)."""
    from common.processes import forked_pool, sharing  # here, not on top: a search needs no process pool

    with sharing(index_folder=ix.storage.folder, index_parts=parts), forked_pool(len(parts)) as pool:
        return list(pool.map(_write_part, range(len(parts))))


def _write_part(n: int):
    from common.processes import shared

    folder, parts = shared()["index_folder"], shared()["index_parts"]
    with paused_gc():
        writer = Writer(whoosh_index.open_dir(folder), compound=False, _lk=False)
        add_documents(writer, parts[n], f"segment {n + 1}/{len(parts)}: ")
        segment = writer._finalize_segment()
        writer._finish()
    return segment


def progress(message: str) -> None:
    log.info("  %s", message)


def spelling_words(rows) -> list[str | None]:
    """The `words` value of each record: a passage's text followed by the texts of the items in its
    block, an item's own text when its block has no passage (a heading), None for the other items.
    Every word keeps its frequency in the field (the corrector ranks by it) with fewer postings."""
    first = {}
    for n, row in enumerate(rows):
        if row["kind"] == "passage":
            first.setdefault(row["block"], n)
    words = [[row["text"]] if row["kind"] == "passage" or row["block"] not in first else None for row in rows]
    for row, own in zip(rows, words):
        if own is None:
            words[first[row["block"]]].append(row["text"])
    return [None if texts is None else " ".join(texts) for texts in words]


def records(doc, analysis):
    """The Whoosh documents of one document: its passages, then its items."""
    meta = doc.meta
    common = dict(municipality=meta.municipality, year=meta.year, doc_type=meta.doc_type, doc_id=doc.id)
    paths = doc.section_paths()
    for n, block in enumerate(doc.blocks):
        if block.kind == "heading":
            continue
        section = SECTION_SEPARATOR.join(paths[n])
        themes = ",".join(analysis.block_themes[n]) if n < len(analysis.block_themes) else ""
        spans = [(f"p{n + 1}", block.start, block.end)]
        if block.kind == "table" and block.rows:
            spans = [(f"p{n + 1}.{r + 1}", row[0].start, row[-1].end) for r, row in enumerate(block.rows) if row]
        for key, start, end in spans:
            text = " ".join(doc.text[start:end].split())
            yield dict(common, id=f"{doc.id}#{key}", kind="passage", themes=themes, section=section, start=start, end=end,
                       block=n, url=block_url(doc, n), title=meta.title, text=text)
    for item in analysis.items:
        yield dict(common, id=f"{doc.id}#{item.id}", kind=item.kind, themes=",".join(item.themes),
                   section=SECTION_SEPARATOR.join(item.section), start=item.start, end=item.end, block=item.block,
                   url=item_url(doc, item), title=item.title,
                   text=" ".join(doc.text[item.start:item.end].split()))
