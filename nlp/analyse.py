"""Analyse documents with spaCy, one at a time, with a cache keyed by content and pipeline version."""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import NamedTuple

from common.code import code_hash
from common.files import write_atomic
from common.processes import can_fork, die_with_parent, forked_pool, shared, sharing
from common.progress import counting, logger
from corpus import CorpusError, Document

from .extract import extract_items
from .features import block_features, pieces
from .model import DocAnalysis
from .pipeline import TRAINED, load_pipeline
from .themes import assign_themes

DESCRIPTION_FILE = "pipeline-description.json"
_thread = threading.local()  # a Dask worker thread's pipeline
log = logger(__name__)


def pipeline_version(description: str) -> str:
    """Changes whenever the base pipeline, the extraction code or the codebook/gazetteer data change."""
    return hashlib.sha256(f"{description}\0{code_hash(('nlp',))}".encode()).hexdigest()[:16]


def analyse_document(doc: Document, nlp, jobs: int = 1) -> DocAnalysis:
    """Every block through spaCy once (see nlp.features); items, mentions and themes from its features.

    A long document is analysed in pieces (nlp.features.pieces), with progress; with `jobs` > 1, its
    pieces in that many forked processes, which inherit the pipeline and the document.
    """
    ranges = pieces(doc)
    if jobs > 1 and len(ranges) > 1 and can_fork():
        with sharing(nlp=nlp, doc=doc), forked_pool(jobs) as pool:
            features = _joined(doc, ranges, pool.map(_features_in_worker, ranges))
    else:
        features = _joined(doc, ranges, (block_features(doc, nlp, blocks) for blocks in ranges))
    items = extract_items(doc, features)
    mentions = sorted((m for f in features for m in f.mentions), key=lambda m: (m.start, m.end, m.name))
    block_themes = assign_themes(doc, features, items)
    return DocAnalysis(doc.id, items, mentions, block_themes)


def _joined(doc: Document, ranges: list[range], parts) -> list:
    """The features of the pieces in order, with progress for a document of several pieces."""
    features = []
    for blocks, part in zip(ranges, parts):
        features += part
        if len(ranges) > 1:
            log.info("  %s: analysed %.0f/%.0f MB", doc.id, doc.blocks[blocks[-1]].end / 1e6, len(doc.text) / 1e6)
    return features


def _init_worker(model: str, parent: int) -> None:
    die_with_parent(parent)
    shared()["nlp"] = load_pipeline(model)[0]


def _analyse_in_worker(doc: Document) -> str:
    """The analysis as JSON text: serialised in the worker, so the main process only parses and stores it."""
    return json.dumps(analyse_document(doc, shared()["nlp"]).to_json(), ensure_ascii=False)


def _features_in_worker(blocks: range) -> list:
    return block_features(shared()["doc"], shared()["nlp"], blocks)


def _analyse_task(doc: Document, model: str) -> tuple[str, str]:
    """A Dask task: (the worker's pipeline version, the analysis as JSON text); the pipeline is loaded once
    per worker thread."""
    if getattr(_thread, "model", None) != model:
        _thread.nlp, _thread.description = load_pipeline(model)
        _thread.model = model
    return pipeline_version(_thread.description), json.dumps(analyse_document(doc, _thread.nlp).to_json(), ensure_ascii=False)


def _on_dask(documents: list[Document], todo: list[int], model: str, version: str, jobs: int):
    """(document number, (analysis, JSON text)) from Dask tasks, as they finish: the largest documents are
    sent first, so that no long report is left running alone at the end."""
    from .on_dask import map_on_dask

    order = sorted(todo, key=lambda n: (-len(documents[n].text), n))
    for k, (worker_version, text) in map_on_dask(_analyse_task, [documents[n] for n in order], (model,), jobs):
        if worker_version != version:
            raise CorpusError("--executor dask", f"the Dask workers run another pipeline or other code (version {worker_version}, "
                              f"here {version}): install the same beleidsvergelijker, spaCy and model on them")
        yield order[k], (DocAnalysis.from_json(json.loads(text)), text)


class Analysed(NamedTuple):
    analyses: list[DocAnalysis]  # in document order
    pipeline: str  # the pipeline's description
    reanalysed: int  # documents analysed afresh (the others came from the cache)


def analyse_documents(documents: list[Document], model: str, cache_dir: Path | None, jobs: int = 1,
                      executor: str = "local") -> Analysed:
    """The documents' analyses, from the cache where their content and the pipeline are unchanged.

    The executor "local" analyses in this process, or in `jobs` processes; "dask" as Dask tasks (see
    nlp.on_dask), with the same results.

    Loading the pipeline takes seconds (tokenizer exceptions, lookup tables), so it
    is loaded only when a document needs analysing in this process: the description
    that keys the cache is remembered in the cache folder, keyed by everything it
    depends on (see `_pipeline_probe`).

    Why our own process pool and not `nlp.pipe(n_process=N)`: the unit of work is a document (spaCy, the
    rules and the model together), forked workers inherit the loaded pipeline instead of each loading it,
    and a worker returns the analysis as JSON text rather than pickled Docs. Why a JSON cache of the analyses
    and not DocBin files: it holds what the later stages read (items, mentions, block themes), so a cached
    document loads without spaCy and without running the rules again.
    """
    nlp = None
    probe = _pipeline_probe(model)
    description = _remembered_description(cache_dir, probe)
    if description is None:
        nlp, description = load_pipeline(model)
        _remember_description(cache_dir, probe, description)
    version = pipeline_version(description)
    results: list[DocAnalysis | None] = [None] * len(documents)
    todo = []
    for n, doc in enumerate(documents):
        path = cache_dir / f"{doc.id}.json" if cache_dir else None
        if path and path.is_file():
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("key") == [doc.sha256, version]:
                results[n] = DocAnalysis.from_json(cached["analysis"])
                log.debug("  %s: analysis from the cache", doc.id)
                continue
        todo.append(n)
    if executor == "dask" and todo:
        _collect(documents, _on_dask(documents, todo, model, version, jobs), len(todo), results, cache_dir, version)
        return Analysed(results, description, len(todo))
    long = [n for n in todo if len(pieces(documents[n])) > 1]  # in pieces, in parallel with --jobs
    short = sorted(set(todo) - set(long))
    if long and nlp is None:
        nlp = load_pipeline(model)[0]
    fresh = (analyse_document(documents[n], nlp, jobs) for n in long)
    _collect(documents, zip(long, ((a, json.dumps(a.to_json(), ensure_ascii=False)) for a in fresh)), len(long), results, cache_dir, version)
    if jobs > 1 and len(short) > 1:
        if nlp is not None and can_fork():  # loaded here already: forked workers inherit it instead of loading it again
            context, pool = sharing(nlp=nlp), forked_pool(jobs)
        else:
            context, pool = nullcontext(), ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(model, os.getpid()))
        with context, pool:
            texts = pool.map(_analyse_in_worker, [documents[n] for n in short], chunksize=4)
            _collect(documents, zip(short, ((DocAnalysis.from_json(json.loads(t)), t) for t in texts)), len(short), results, cache_dir, version)
    elif short:
        if nlp is None:
            nlp = load_pipeline(model)[0]
        fresh = (analyse_document(documents[n], nlp) for n in short)
        _collect(documents, zip(short, ((a, json.dumps(a.to_json(), ensure_ascii=False)) for a in fresh)), len(short), results, cache_dir, version)
    return Analysed(results, description, len(todo))


def _pipeline_probe(model: str) -> list[str] | None:
    """What `load_pipeline(model)`'s description depends on, cheaply; None when unsure (then it is loaded)."""
    import spacy

    resolved = model
    if model == "auto":
        resolved = next((name for name in TRAINED if importlib.util.find_spec(name)), "blank")
    probe = [model, resolved, spacy.__version__, _dist_version("spacy-lookups-data"), pipeline_version("")]
    if resolved == "blank":
        return probe
    path = Path(resolved)
    if path.exists():  # a saved pipeline folder: its meta and config
        files = [path / "meta.json", path / "config.cfg"]
        if not all(f.is_file() for f in files):
            return None
        return probe + [str(path.resolve())] + [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    version = _dist_version(resolved)
    return probe + [version] if version else None


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _remembered_description(cache_dir: Path | None, probe) -> str | None:
    if not cache_dir or probe is None or not (cache_dir / DESCRIPTION_FILE).is_file():
        return None
    try:
        stored = json.loads((cache_dir / DESCRIPTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored.get("description") if stored.get("probe") == probe else None


def _remember_description(cache_dir: Path | None, probe, description: str) -> None:
    if not cache_dir or probe is None:
        return
    write_atomic(cache_dir / DESCRIPTION_FILE, json.dumps({"probe": probe, "description": description}, ensure_ascii=False))


def _collect(documents, fresh, total: int, results, cache_dir, version) -> None:
    """Store each (document number, (analysis, its JSON text)) of `total` in `results` and in the cache."""
    with counting(log, total, lambda count: f"  analysed {count}/{total} documents", every=10) as advance:
        for n, (analysis, text) in fresh:
            results[n] = analysis
            doc = documents[n]
            if cache_dir:
                key = json.dumps([doc.sha256, version])
                write_atomic(cache_dir / f"{doc.id}.json", f'{{"key": {key}, "analysis": {text}}}')
            advance()
