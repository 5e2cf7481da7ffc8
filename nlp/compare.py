"""Cross-municipality comparison: theme matrix, named entities and similar approaches."""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from spacy.lang.nl.stop_words import STOP_WORDS

from . import known_terms
from .lexicon import lemma_of
from .model import KINDS
from .text_pairs import text_keys, text_pairs
from .themes import load_codebook

SIMILAR_KINDS = ("priority", "activity")
# Cosine similarity a cross-municipality item pair needs to count as a similar
# approach. Themes alone give at most 0.2 (WEIGHTS), so 0.25 also asks for shared
# wording. On the seeds with the gold items (about 3,700 cross pairs) 0.25 keeps
# 56 pairs (1.5%): early detection of arrears (Rotterdam 'Vindplaats schulden' -
# Zaanstad vroegsignaleringsaanpak 0.33 - Arnhem 'Intensiveren van preventie'
# 0.27), debt help, income support, children in poverty. At 0.2 it keeps 150,
# padded with pairs that share only the generic words of any poverty report
# (inwoners, ondersteuning, gemeente). See docs/comparison.md.
THRESHOLD = 0.25
TOP_SIMILAR = 5
WEIGHTS = (0.4, 0.4, 0.2)  # lemmas, character n-grams, themes
WORD = re.compile(r"theme:\w+|[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@dataclass
class Comparison:
    """What the site and the exports show across documents.

    codebook: [{"code", "label_nl", "label_en", "definition_nl", "definition_en", "signals": [...]}], in codebook order
    matrix:   [{"theme", "municipality", "year", "priority": n, "activity": n, "indicator": n, "item_ids": [...]}]
    pairs:    [{"a": item_id, "b": item_id, "score": float}], each item's best matches in other municipalities, best first
    similar:  {item_id: [{"id": item_id, "score": float}]}, a priority's or activity's best matches, best first
    entities: [{"name", "label", "mentions": [{"doc_id", "start", "end", "block"}]}], by name

    The analyses stay as the nlp stage made them: what one document says never depends on the others.
    """

    codebook_version: str = ""
    codebook: list[dict] = field(default_factory=list)
    matrix: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    similar: dict[str, list[dict]] = field(default_factory=dict)
    entities: list[dict] = field(default_factory=list)


def compare(documents, analyses, jobs: int = 1, state: Path | None = None) -> Comparison:
    """Theme matrix, entities and similar approaches (in `jobs` processes, updated from what an earlier build
    kept in the `state` folder if there is one: see `similar_items`)."""
    codebook = load_codebook()
    docs = {d.id: d for d in documents}
    pairs, similar = similar_items(docs, analyses, jobs, state)
    return Comparison(
        codebook_version=str(codebook["version"]),
        codebook=[{k: t[k] for k in ("code", "label_nl", "label_en", "definition_nl", "definition_en", "signals")} for t in codebook["theme"]],
        matrix=theme_matrix(docs, analyses, [t["code"] for t in codebook["theme"]]),
        pairs=pairs,
        similar=similar,
        entities=entity_index(analyses),
    )


def theme_matrix(docs, analyses, codes: list[str]) -> list[dict]:
    """Item counts per kind for every theme, municipality and year that has items; codebook order."""
    cells: dict[tuple, dict] = {}
    for analysis in analyses:
        meta = docs[analysis.doc_id].meta
        for item in analysis.items:
            for code in item.themes:
                cell = cells.setdefault((code, meta.municipality, meta.year), {
                    "theme": code, "municipality": meta.municipality, "year": meta.year,
                    **{kind: 0 for kind in KINDS}, "item_ids": []})
                cell[item.kind] += 1
                cell["item_ids"].append(item.id)
    order = {code: n for n, code in enumerate(codes)}
    return [cells[key] for key in sorted(cells, key=lambda k: (order.get(k[0], len(order)), k[0], k[1], k[2]))]


def entity_index(analyses) -> list[dict]:
    """Mentions grouped by canonical name and label, sorted by name."""
    groups: dict[tuple, list] = {}
    for analysis in analyses:
        for m in analysis.mentions:
            groups.setdefault((m.name, m.label), []).append({"doc_id": analysis.doc_id, "start": m.start, "end": m.end, "block": m.block})
    return [{"name": name, "label": label, "mentions": groups[name, label]}
            for name, label in sorted(groups, key=lambda k: (k[0].casefold(), k[0], k[1]))]


def lemmas(text: str) -> list[str]:
    """Lemmas of the content words of a text (Dutch stop words left out), split at white space (the lookup
    table has "gemoed " for gemoederen)."""
    return [part for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1 for part in lemma_of(w).split()]


def item_text(doc, analysis, item) -> str:
    """What an item is compared by: its statement to the end of its sentence (for a heading: with the
    blocks under it, up to the next heading), and its themes as words of their own ("theme:schulden")."""
    block = doc.blocks[item.block]
    end = SENTENCE_END.search(doc.text, item.end - 1, block.end)
    parts = [doc.text[item.start:end.end() if end and item.end < block.end else item.end]]
    themes = set(item.themes)
    if block.kind == "heading":
        for n in doc.body_of(item.block):
            parts.append(doc.block_text(doc.blocks[n]))
            themes.update(analysis.block_themes[n])
    return " ".join(parts + [f"theme:{code}" for code in sorted(themes)])


def similarity_vectors(texts: list[str], weights=WEIGHTS, known: Path | None = None):
    """Rows whose dot products are the texts' similarities: tf-idf of their lemmas, of character 3-5-grams
    of the lemmas (so compounds meet their parts) and of their theme codes, weighted by WEIGHTS; the
    columns of the character n-grams, as a slice; and the columns' names ("l", "c" or "t" for lemma,
    character n-gram or theme, and the term), in order.

    A text's n-grams are those of its lemmas, each n-gram inside one lemma, so they are counted once per
    distinct lemma of the corpus and summed per text: the same counts as counting them in every text.
    With a `known` file, the texts' lemmas and the lemmas' n-gram counts kept there by the last build are
    reused (`nlp.known_terms`), and this build's kept."""
    kept, keys = known_terms.load(known), text_keys(texts)
    words = [kept.words[k] if k in kept.words else lemmas(t) for k, t in zip(keys, texts)]
    lemma_counts, vocabulary = _word_counts([[w for w in ws if not w.startswith("theme:")] for ws in words])
    lemma_ngrams, ngrams = known_terms.lemma_ngrams(vocabulary, kept, partial(_counts, analyzer="char_wb", ngram_range=(3, 5)))
    if known:
        known_terms.save(known, keys, words, vocabulary, ngrams, lemma_ngrams)
    ngram_counts = lemma_counts @ lemma_ngrams
    ngram_counts.sort_indices()
    theme_counts, themes = _word_counts([[w for w in ws if w.startswith("theme:")] for ws in words])
    blocks = [_tfidf(lemma_counts, sublinear_tf=True), _tfidf(ngram_counts, sublinear_tf=True), _tfidf(theme_counts)]
    blocks = [block * w ** 0.5 for block, w in zip(blocks, weights)]
    terms = [f"l{t}" for t in vocabulary] + [f"c{t}" for t in ngrams] + [f"t{t}" for t in themes]
    return hstack(blocks).tocsr(), slice(blocks[0].shape[1], blocks[0].shape[1] + blocks[1].shape[1]), terms


def _counts(texts: list[str], **options):
    """(term counts of the texts by CountVectorizer, their terms in column order); no columns when no text has a term."""
    if not any(text.strip() for text in texts):
        return csr_matrix((len(texts), 0), dtype=numpy.int64), []
    vectorizer = CountVectorizer(**options)
    return vectorizer.fit_transform(texts), vectorizer.get_feature_names_out()


def _word_counts(word_lists: list[list[str]]):
    """(counts of the words of each list, the words in column order): CountVectorizer's counts of the lists
    joined by spaces, without joining and splitting them again (the words hold no white space)."""
    vocabulary = sorted({w for ws in word_lists for w in ws})
    column = {w: n for n, w in enumerate(vocabulary)}
    indices = numpy.fromiter((column[w] for ws in word_lists for w in ws), dtype=numpy.int64)
    indptr = numpy.cumsum([0] + [len(ws) for ws in word_lists])
    counts = csr_matrix((numpy.ones(len(indices), dtype=numpy.int64), indices, indptr), shape=(len(word_lists), len(vocabulary)))
    counts.sum_duplicates()
    return counts, vocabulary


def _tfidf(counts, **options):
    """TfidfTransformer's rows of the counts; the counts themselves when they have no columns."""
    return TfidfTransformer(**options).fit_transform(counts) if counts.shape[1] else counts.astype(float)


def similar_items(docs, analyses, jobs: int = 1, state: Path | None = None) -> tuple[list[dict], dict[str, list[dict]]]:
    """The pairs of every priority and activity with its TOP_SIMILAR best matches in other municipalities above
    THRESHOLD (best first, ties by id), each pair once, best first; and each such item's matches by its id.

    Identical texts (an item repeated in next year's report, say) are compared once: the similarity
    matrix is over distinct texts, so its size follows the variety of the corpus, not its volume. The pairs
    of texts that reach THRESHOLD are found in `jobs` processes, or updated from those an earlier build kept
    in the `state` folder (`nlp.text_pairs`, `nlp.known_terms`): the same pairs and scores either way."""
    items = [(item, docs[a.doc_id], a) for a in analyses for item in a.items if item.kind in SIMILAR_KINDS]
    if len(items) < 2:
        return [], {}
    texts = [item_text(doc, analysis, item) for item, doc, analysis in items]
    distinct = sorted(set(texts))
    text_index = {t: n for n, t in enumerate(distinct)}
    holders: list[list[tuple[str, str, object]]] = [[] for _ in distinct]  # per text: (id, municipality, item), by id
    for (item, doc, _), text in zip(items, texts):
        holders[text_index[text]].append((item.id, doc.meta.municipality, item))
    for group in holders:
        group.sort(key=lambda h: h[0])
    only = [group[0][1] if len({h[1] for h in group}) == 1 else None for group in holders]  # a text's one municipality
    vectors = similarity_vectors(distinct, known=state / "terms.npz" if state else None)
    found = text_pairs(*vectors, distinct, THRESHOLD, jobs, state / "pairs.npz" if state else None)
    pairs, similar = _pairs(_ranked(*found, len(distinct)), holders, only)
    return [{"a": a, "b": b, "score": score} for (a, b), score in sorted(pairs.items(), key=lambda p: (-p[1], p[0]))], similar


def _ranked(u, v, score, texts: int):
    """Per text, in order: the texts it reaches THRESHOLD with as (score rounded to 3 decimals, texts in
    order), best score first; from the upper triangle's (u, v, score) and their mirror images."""
    mirror = u != v
    u, v, score = numpy.concatenate([u, v[mirror]]), numpy.concatenate([v, u[mirror]]), numpy.concatenate([score, score[mirror]])
    order = numpy.lexsort((v, u))
    u, v, score = u[order], v[order].tolist(), score[order].tolist()
    bounds = numpy.searchsorted(u, numpy.arange(texts + 1)).tolist()
    for a, b in zip(bounds, bounds[1:]):
        by_score: dict[float, list[int]] = {}
        for other, value in zip(v[a:b], score[a:b]):
            by_score.setdefault(round(value, 3), []).append(other)
        yield sorted(by_score.items(), reverse=True)


def _pairs(ranked, holders, only) -> tuple[dict[tuple[str, str], float], dict[str, list[dict]]]:
    """{(id, id): score} of every item's best matches, from its text's; and each item's matches by its id."""
    pairs, similar = {}, {}
    for u, matches in enumerate(ranked):
        best_for: dict[str, list[dict]] = {}  # the items of a text in one municipality share their matches
        for item_id, municipality, _ in holders[u]:
            if municipality not in best_for:
                best_for[municipality] = _best_matches(matches, holders, only, municipality)
            similar[item_id] = [dict(s) for s in best_for[municipality]]
            for s in similar[item_id]:
                pairs[min(item_id, s["id"]), max(item_id, s["id"])] = s["score"]
    return pairs, similar


def _best_matches(ranked, holders, only, municipality: str) -> list[dict]:
    """The TOP_SIMILAR items of other municipalities, from (score, texts) best first; ties by id."""
    best = []
    for score, texts in ranked:
        texts = [v for v in texts if only[v] != municipality]
        for other_id, other_municipality, _ in heapq.merge(*(holders[v] for v in texts), key=lambda h: h[0]):
            if other_municipality != municipality:
                best.append({"id": other_id, "score": score})
                if len(best) == TOP_SIMILAR:
                    return best
    return best
