"""Whoosh's segment writer, with two costs per posting taken out.

Whoosh keeps the postings of a new segment in a pool, and when the pool is
over `limitmb` sorts it into a run on disk, pickling each posting on its own;
`Pool` pickles runs in chunks. When it writes the postings, Whoosh reads the
document's field length for each one from disk; `FieldLengths` reads them once.
"""
from __future__ import annotations

import pickle
from itertools import islice

from whoosh.writing import PostingPool, SegmentWriter

RUN_CHUNK = 10_000  # postings per pickle in a run


class Pool(PostingPool):
    def add(self, item):
        """PostingPool.add without its type assertions (the same size estimate)."""
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items):
        items = iter(items)
        while chunk := list(islice(items, RUN_CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class FieldLengths:
    """A segment's per-document reader whose field lengths are read once per field (Whoosh reads
    one from disk per posting, for an unscored field after checking that a file exists)."""

    def __init__(self, reader, schema):
        self._reader, self._lengths = reader, {}
        self._scored = {name for name, field in schema.items() if field.scorable}

    def __getattr__(self, name):
        return getattr(self._reader, name)

    def doc_field_length(self, docnum, fieldname, default=0):
        if fieldname not in self._scored:
            return default
        if fieldname not in self._lengths:
            self._lengths[fieldname] = [self._reader.doc_field_length(n, fieldname, default) for n in range(self._reader.doc_count_all())]
        return self._lengths[fieldname][docnum]


class Writer(SegmentWriter):
    def __init__(self, ix, limitmb: int = 256, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = Pool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def per_document_reader(self):
        return FieldLengths(super().per_document_reader(), self.schema)
