"""What the rules need of each block, from spaCy Docs of many blocks at a time, streamed.

Consecutive blocks are joined (blank line between) into chunks of up to CHUNK_CHARS
characters; each chunk is one spaCy Doc with a sentence start preset at every block,
so per-Doc costs are paid per chunk, not per block. A chunk's Doc is reduced to
`BlockFeatures` (sentences with their cues, theme hits, mentions) and dropped, so
memory stays bounded however long the document is.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple
from weakref import WeakKeyDictionary

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START

from .arrays import sentence_bounds
from .model import Mention

CHUNK_CHARS = 50_000
PIECE_CHARS = 5_000_000  # a longer document is analysed in pieces of this many characters (see `pieces`)
SEPARATOR = "\n\n"
CUES = ("goal", "plan", "done")


class Sentence(NamedTuple):
    """A sentence's offsets in the document text and whether it holds goal, plan or done language."""

    start: int
    end: int
    goal: bool
    plan: bool
    done: bool


@dataclass(slots=True)
class BlockFeatures:
    sentences: list[Sentence] = field(default_factory=list)
    cues: frozenset[str] = frozenset()  # cue labels found anywhere in the block
    theme_hits: list[tuple[int, int, str, str]] = field(default_factory=list)  # (start, end, code, words)
    mentions: list[Mention] = field(default_factory=list)


def block_features(doc, nlp, blocks: range | None = None) -> list[BlockFeatures]:
    """The features of every block of `doc` (or of a range of its blocks), in block order."""
    out: list[BlockFeatures] = []
    for text, parts, sdoc in chunk_docs(doc, nlp, blocks):
        out += _features(doc, sdoc, text, parts)
    return out


def pieces(doc) -> list[range]:
    """The document's blocks in ranges of about PIECE_CHARS characters: a long document is analysed piece by
    piece, with progress, and its pieces in parallel with --jobs (a block's features do not depend on others)."""
    out, first = [], 0
    for n in range(1, len(doc.blocks) + 1):
        if n == len(doc.blocks) or doc.blocks[n].start - doc.blocks[first].start >= PIECE_CHARS:
            out.append(range(first, n))
            first = n
    return out or [range(0)]


def chunk_docs(doc, nlp, blocks: range | None = None):
    """(chunk text, [(block index, start, end in the text)], processed spaCy Doc) of every chunk, streamed."""
    chunks = list(_chunks(doc, range(len(doc.blocks)) if blocks is None else blocks))
    for (text, parts), sdoc in zip(chunks, nlp.pipe(
            _chunk_doc(nlp, text, parts, [(c0, c1) for n, c0, c1 in parts if doc.blocks[n].kind == "heading"]) for text, parts in chunks)):
        yield text, parts, sdoc


def _chunks(doc, blocks: range):
    """(text, [(block index, start, end in the text)]) of consecutive blocks, up to CHUNK_CHARS a chunk."""
    texts, parts, size = [], [], 0
    for n in blocks:
        block = doc.blocks[n]
        if parts and size + block.end - block.start > CHUNK_CHARS:
            yield SEPARATOR.join(texts), parts
            texts, parts, size = [], [], 0
        parts.append((n, size, size + block.end - block.start))
        texts.append(doc.text[block.start:block.end])
        size += block.end - block.start + len(SEPARATOR)
    if parts:
        yield SEPARATOR.join(texts), parts


def _chunk_doc(nlp, text: str, parts, headings: list[tuple[int, int]]):
    """One Doc of the chunk's blocks, with a sentence starting at every block and the token ranges of the
    headings (character ranges `headings`) in `_.heading_tokens` (no bare capitalised names there: nlp.entities).

    spaCy's tokenizer stops caching for the rest of a text once a special case (an apostrophe, an
    abbreviation) occurs in it, so words first seen in a long text would be tokenised afresh every
    time. Each whitespace-delimited string not seen before is therefore tokenised alone first, which
    caches it (while the cache has room: see nlp.pipeline); the chunk's text is then tokenised whole,
    from the cache. Tokens never cross whitespace, so a block's words are tokenised as they would be
    alone; space at a block's edge (a table with an empty first or last cell) joins the separator's
    token, and every offset is the chunk text's. The sentencizer and the parser keep the preset starts.
    """
    tokenizer = nlp.tokenizer
    seen = _SEEN.setdefault(nlp, set())
    if len(seen) < tokenizer.max_cache_size:
        for string in set(text.split()) - seen:
            tokenizer(string)
            seen.add(string)
    sdoc = tokenizer(text)
    idx = sdoc.to_array(IDX)
    preset = numpy.zeros((len(sdoc), 1), dtype="uint64")
    preset[numpy.searchsorted(idx, [c0 for _, c0, _ in parts])] = 1
    sdoc = sdoc.from_array([SENT_START], preset)
    sdoc._.heading_tokens = [tuple(numpy.searchsorted(idx, span).tolist()) for span in headings]
    return sdoc


_SEEN: WeakKeyDictionary = WeakKeyDictionary()  # pipeline -> the strings its tokenizer was given alone


def _features(doc, sdoc, text: str, parts) -> list[BlockFeatures]:
    idx = sdoc.to_array(IDX)
    ends = (idx + sdoc.to_array(LENGTH)).tolist()
    tokens = numpy.searchsorted(idx, [(c0, c1) for _, c0, c1 in parts]).tolist()  # token range of every block
    idx = idx.tolist()
    sent_starts = sentence_bounds(sdoc)
    flags: dict[int, set[str]] = {}  # sentence number -> cue labels of the spans inside it
    cue_starts = []  # (token, label) of every cue span
    for label in CUES:
        for span in sdoc.spans.get(label, ()):
            k = bisect_right(sent_starts, span.start) - 1
            if span.end <= sent_starts[k + 1]:
                flags.setdefault(k, set()).add(label)
            cue_starts.append((span.start, label))
    cue_starts.sort()
    hits, mentions = [(s, e, code, text[s:e]) for s, e, code in sdoc._.theme_hits], sdoc._.mentions
    out = []
    for (t0, t1), (n, c0, c1) in zip(tokens, parts):
        base = doc.blocks[n].start - c0
        sentences = []
        for k in range(bisect_left(sent_starts, t0), bisect_left(sent_starts, t1)):
            a, b = sent_starts[k], min(sent_starts[k + 1], t1)
            f = flags.get(k, ())
            sentences.append(Sentence(base + idx[a], base + min(ends[b - 1], c1), "goal" in f, "plan" in f, "done" in f))
        out.append(BlockFeatures(
            sentences,
            frozenset(label for _, label in _between(cue_starts, t0, t1)),
            [(base + s, base + e, code, words) for s, e, code, words in _between(hits, c0, c1)],
            [Mention(name, label, base + s, base + e, n) for s, e, name, label in _between(mentions, c0, c1)],
        ))
    return out


def _between(starts_first: list[tuple], start: int, end: int) -> list[tuple]:
    """The tuples of a sorted list whose first value is in [start, end)."""
    return starts_first[bisect_left(starts_first, (start,)):bisect_left(starts_first, (end,))]
