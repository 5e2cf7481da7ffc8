"""Whoosh's segment writer with its costs per posting cut down: Whoosh's segment files, but for short blocks.

Whoosh keeps each posting of a new segment as a (field, term, docnum, weight,
value) tuple in a pool, sorts the pool (spilling sorted runs to disk when it is
over `limitmb`), and then feeds the postings one by one to the codec's postings
writer, which checks each one and reads its document's field length from disk.

- `TermPool` keeps the postings per term as they arrive. Documents come in
  increasing number, so each term's postings are already in order and only the
  terms are sorted; a spilled run holds whole terms, and runs merge term by term.
- `write_postings` writes each term's blocks and term info in one loop, as the
  whoosh3 postings writer and field writer would, with each field's lengths read
  once (`FieldLengths`); a block whose pickle is shorter than RAW_BLOCK bytes is
  stored uncompressed (Whoosh's reader takes each block's compression from the
  block), which saves a zlib call per term and bytes.
- `Writer.add_document` indexes a field with `field_indexer` (no analyzer chain
  for plain IDs, values that repeat analysed once) and adds its postings at once.
- `Writer` lists each segment's spelling words in a file (WORD_LISTS, read by
  index.search) and keeps its pool's files in a folder of its own, so that
  segments of one index can be written at once (index.write_segments).
- `paused_gc` keeps the garbage collector from walking the pool again and again.

tests/test_index.py checks the files against Whoosh's writer, for new and merged
segments: the same bytes but for the postings and terms files, whose postings and
statistics read back the same. (When the pool spills to disk, the postings are the
same but the values of a block may pickle differently, as with Whoosh's own pool:
pickle writes a value object shared by several postings once.)
"""
from __future__ import annotations

import contextlib
import gc
import heapq
import os
import pickle
import zlib
from array import array
from contextlib import contextmanager
from hashlib import md5
from itertools import groupby, islice

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.fields import ID
from whoosh.filedb.filetables import _lengths as KEY_VALUE_LENGTHS
from whoosh.formats import Existence
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from .analysis import FastText

RUN_TERMS = 2_000  # terms per pickle in a run
POSTING_BYTES = 120  # memory estimate of a posting in the pool (two list slots, its tuple, weight and value)
TERM_POSTINGS = 3  # a term's own memory (key, dict slot, list) as a number of postings
TERM_INFO = W3TermInfo._struct
# a block's pickle shorter than this is written as it is: zlib makes it longer, at 10-50 us a call (most terms have
# one short block); Whoosh meant to skip blocks under 20 bytes, but overwrites its decision (W3PostingsWriter._write_block)
RAW_BLOCK = 128
WORD_LISTS = ("words",)  # fields whose terms a segment also lists in a file of its own, for spelling suggestions


def word_list_ext(fieldname: str) -> str:
    """The extension of a segment's file listing the terms of `fieldname` (removed with the segment by Whoosh)."""
    return f".{fieldname}_list"


@contextmanager
def paused_gc():
    """No cyclic garbage collection while writing: the pool's millions of postings are live objects
    that each collection would walk again (a third of the time of adding documents), and writing
    leaves no cycles behind but the writer's own."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class TermPool:
    """The postings of a segment being written, per field and term, spilled to disk in sorted runs."""

    def __init__(self, tempstore, limitmb: float):
        self.tempstore = tempstore
        self.limit = limitmb * 1024 * 1024 / POSTING_BYTES  # in postings
        self.size = 0
        # field -> term -> [docnum, posting, docnum, posting, ...], a posting being the field's
        # (term, frequency, weight, value) tuple as its index() gave it
        self.fields: dict[str, dict[bytes, list]] = {}
        self.runs: list[str] = []
        self.saved = 0
        self.fieldnames: set[str] = set()  # what Whoosh's PostingPool also keeps

    def add_field(self, fieldname: str, docnum: int, postings) -> int:
        """Adds a document's (term, frequency, weight, value) postings of a field; returns the frequencies' sum."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        length = count = 0
        for posting in postings:
            entry = terms.get(posting[0])
            if entry is None:
                terms[posting[0]] = [docnum, posting]
                count += TERM_POSTINGS
            else:
                entry += (docnum, posting)
            length += posting[1]
            count += 1
        self.size += count
        if self.size > self.limit:
            self.save()
        return length

    def add(self, item):
        """One (field, term, docnum, weight, value) posting, as Whoosh adds those of a merged segment."""
        fieldname, term, docnum, weight, value = item
        self.add_field(fieldname, docnum, ((term, 0, weight, value),))

    def _sorted(self):
        """The terms in memory, sorted, as (field, term, docnums, weights, values); the pool is emptied."""
        fields, self.fields, self.size = self.fields, {}, 0
        for fieldname in sorted(fields):
            terms = fields[fieldname]
            for term in sorted(terms):
                entry = terms[term]
                postings = entry[1::2]
                yield fieldname, term, array("I", entry[0::2]), array("d", [p[2] for p in postings]), [p[3] for p in postings]

    def save(self):
        if not self.fields:
            return
        path = f"run{self.saved}.terms"
        self.saved += 1
        with self.tempstore.create_file(path).raw_file() as f:
            terms = self._sorted()
            while chunk := list(islice(terms, RUN_TERMS)):
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        self.runs.append(path)

    def _read_run(self, path):
        with self.tempstore.open_file(path).raw_file() as f:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    break
                yield from chunk
        self.tempstore.delete_file(path)

    def terms(self):
        """Every term, sorted by (field, term), with its postings in document order."""
        if not self.runs:
            yield from self._sorted()
            return
        self.save()
        runs, self.runs = self.runs, []
        # heapq.merge is stable: a term's postings from earlier runs (lower document numbers) come first
        merged = heapq.merge(*map(self._read_run, runs), key=lambda entry: (entry[0], entry[1]))
        for (fieldname, term), entries in groupby(merged, key=lambda entry: (entry[0], entry[1])):
            _, _, docnums, weights, values = next(entries)
            for entry in entries:
                docnums.extend(entry[2])
                weights.extend(entry[3])
                values.extend(entry[4])
            yield fieldname, term, docnums, weights, values

    def iter_postings(self):
        """The postings as Whoosh's PostingPool gives them: (field, term, docnum, weight, value), sorted."""
        for fieldname, term, docnums, weights, values in self.terms():
            for docnum, weight, value in zip(docnums, weights, values):
                yield fieldname, term, docnum, weight, value

    def cleanup(self):
        for path in self.runs:
            self.tempstore.delete_file(path)
        self.runs, self.fields = [], {}


class FieldLengths:
    """A segment's per-document reader whose field lengths are read once per field (Whoosh reads
    one from disk per posting, for an unscored field after checking that a file exists)."""

    def __init__(self, reader, schema):
        self._reader, self._lengths = reader, {}
        self._scored = {name for name, field in schema.items() if field.scorable}

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def lengths(self, fieldname):
        """Every document's length in the field (None or 0 where it has none), or None for an unscored field."""
        if fieldname not in self._scored:
            return None
        if fieldname not in self._lengths:
            self._lengths[fieldname] = [self._reader.doc_field_length(n, fieldname, 0) for n in range(self._reader.doc_count_all())]
        return self._lengths[fieldname]

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self.lengths(fieldname)
        return default if lengths is None else lengths[docnum]


def write_postings(fieldwriter, schema, lengths: FieldLengths, terms, listed=()) -> dict[str, list[bytes]]:
    """Whoosh's FieldWriter.add_postings for the whoosh3 codec with W3Codec's defaults (blocks of 128
    postings, zlib level 3, nothing inlined), term by term in one loop: the bytes W3PostingsWriter and
    W3FieldWriter.finish_term write, without their method calls and checks per block and per term.
    Returns the terms of the `listed` fields."""
    term_lists = {name: [] for name in listed}
    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    post_write, index_write = postfile.file.write, tindex.dbfile.file.write
    post_pos, index_pos = postfile.tell(), tindex.dbfile.tell()
    buckets, key_positions = tindex.buckets, tindex.index
    field = None
    for fieldname, term, docnums, weights, values in terms:
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            field = fieldname
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = lengths.lengths(fieldname)
            postwriter = fieldwriter._postwriter
            blocklimit, compression = postwriter._blocklimit, postwriter._compression
            fixedsize = schema[fieldname].format.fixed_value_size()
            key_prefix = pack_ushort(fieldwriter._fieldid)
            term_list = term_lists.get(fieldname)
        if term_list is not None:
            term_list.append(term)
        count = len(docnums)
        start_offset = post_pos
        out = [WHOOSH3_HEADER_MAGIC]
        total_weight, max_weight, min_length, max_length = 0, 0, None, 0
        for start in range(0, count, blocklimit):
            end = min(start + blocklimit, count)
            ids = docnums[start:end]
            block_weights = array("f", weights[start:end])
            block_values = [v for v in values[start:end] if v]
            top = max(weights[start:end])
            block_max_weight = top if top > 0 else 0
            block_min, block_max = None, 0
            if field_lengths is not None:
                block_lengths = [n for n in map(field_lengths.__getitem__, ids) if n]
                if block_lengths:
                    block_min, block_max = min(block_lengths), max(block_lengths)
            total_weight += sum(block_weights)
            min_length = block_min if min_length is None else min(min_length, block_min)
            max_length = max(max_length, block_max)
            max_weight = max(max_weight, block_max_weight)
            deltas = tuple(b - a for a, b in zip((0, *ids), ids))
            if all(w == 1.0 for w in block_weights):
                mini_weights = None
            elif all(w == block_weights[0] for w in block_weights):
                mini_weights = block_weights[0]
            else:
                mini_weights = tuple(block_weights)
            mini_values = tuple(block_values) if fixedsize is None else None if fixedsize == 0 else b"".join(block_values)
            data = pickle.dumps((deltas, mini_weights, mini_values), 2)
            block_compression = compression if len(data) >= RAW_BLOCK else 0
            if block_compression:
                data = zlib.compress(data, block_compression)
            info = pickle.dumps((len(ids), ids[-1], block_max_weight, block_compression, length_to_byte(block_min),
                                 length_to_byte(block_max)), 2)
            size = len(info) + len(data)
            out += (pack_int(-size if end == count else size), info, data)
        chunk = b"".join(out)
        post_write(chunk)
        post_pos += len(chunk)
        key = key_prefix + term
        value = TERM_INFO.pack(False, total_weight, count, 0 if min_length is None else length_to_byte(min_length),
                               length_to_byte(max_length), max_weight, docnums[0], docnums[-1]) + pack_long(start_offset) \
            + pack_int(post_pos - start_offset)
        key_positions.append(index_pos)
        index_write(KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value)
        h = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")
        buckets[h & 255].append((h, index_pos))
        index_pos += 8 + len(key) + len(value)
        tindex.lastkey = key
    if field is not None:
        fieldwriter.finish_field()
    return term_lists


FIELD_CACHE = 10_000  # values of a field whose postings a writer remembers


def field_indexer(field):
    """A function giving what `field.index(value)` gives for a string or number value: directly for an
    ID field with no analysis, remembered per value for other Whoosh fields (their values repeat:
    municipalities, years, themes), the field's own for our FastText fields."""
    if isinstance(field, FastText):
        return field.index
    if type(field) is ID and type(field.analyzer) is IDTokenizer and type(field.format) is Existence:
        boost = field.format.field_boost
        return lambda value: ((value.encode("utf-8"), 1, boost, b""),) if type(value) is str else field.index(value)
    cache = {}

    def index(value):
        postings = cache.get(value) if type(value) in (str, int) else None
        if postings is None:
            postings = tuple(field.index(value))
            if type(value) in (str, int) and len(cache) < FIELD_CACHE:
                cache[value] = postings
        return postings
    return index


class Writer(SegmentWriter):
    def __init__(self, ix, limitmb: float = 256, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        # the pool's files in a folder of this segment's own: Whoosh's, named after the index, is removed with
        # everything in it when a writer finishes, and segments of one index can be written at once
        # (index.write_segments); the columns' temporary files, randomly named, stay in Whoosh's
        self._shared_tempstorage = self._tempstorage
        self._tempstorage = self.storage.temp_storage(f"writing-{self.newsegment.segid}.tmp")
        self.pool = TermPool(self._tempstorage, limitmb)
        # fields add_document handles itself: all but those with vectors or separate spelling words
        self._indexers = {name: field_indexer(field) if field.indexed else None for name, field in self.schema.items()
                          if not field.vector and not field.separate_spelling()}

    def add_document(self, **fields):
        """SegmentWriter.add_document for documents without boosts or _stored_ values and without fields
        with vectors or separate spelling words, its postings added to the pool a field at a time."""
        indexers = self._indexers
        if not indexers.keys() >= fields.keys():
            return super().add_document(**fields)
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        perdocwriter = self.perdocwriter
        add_field = self.pool.add_field
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in sorted(fields):
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                indexer = indexers[fieldname]
                if indexer is not None:
                    length = add_field(fieldname, docnum, indexer(value))
                    if not field.scorable:
                        length = 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _finish(self):
        super()._finish()
        with contextlib.suppress(OSError):  # the last writer to finish removes it, empty
            os.rmdir(self._shared_tempstorage.folder)

    def per_document_reader(self):
        return FieldLengths(super().per_document_reader(), self.schema)

    def _flush_segment(self):
        """SegmentWriter._flush_segment with `write_postings` for the whoosh3 codec (Whoosh's default)."""
        if type(self.codec) is not W3Codec or type(self.fieldwriter) is not W3FieldWriter or self.codec._inlinelimit != 1:
            return super()._flush_segment()  # through the pool's iter_postings
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        listed = [name for name in WORD_LISTS if name in self.schema]
        term_lists = write_postings(self.fieldwriter, self.schema, lengths, self.pool.terms(), listed)
        self.fieldwriter.close()
        lengths.close()
        for name, term_list in term_lists.items():
            with self.storage.create_file(self.newsegment.make_filename(word_list_ext(name))) as f:
                f.write(b"\n".join(term_list))
