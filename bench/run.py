#!/usr/bin/env python3
"""Throughput benchmark of the build. Run by hand; not part of the test suite.

    python bench/run.py --scale 200 [--jobs N] [--jobs-compare]
    python bench/run.py --corpus DIR [--jobs N] [--jobs-compare]

`--jobs-compare` also times the analysis and `compare` with --jobs 1 and 2 and, with the .[cluster] extra,
the analysis with `--executor dask` on a local cluster of 2 worker processes.

`--scale N` writes a synthetic corpus of N documents into bench/work/corpus by
repeating the seed documents of corpus/default/ under distinct ids,
municipalities and years. Repeated seeds measure THROUGHPUT (time, memory,
bytes), not extraction quality: the items, comparison pairs and search hits of
a synthetic corpus are copies of each other, and every word after the first
copies is in spaCy's tokenizer cache. `--corpus DIR` copies a real corpus
folder to bench/work/corpus (the original is never touched); for one with the
vocabulary of real text, write it with `bench/varied_corpus.py`.

Every build runs in a fresh subprocess (`bench/run.py _build ...`) with fresh
build/out dirs under bench/work/, so peak RSS, import time and the --jobs pool
are isolated from this process. Writes a table to stdout and bench/results.json.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
sys.path.insert(0, str(ROOT))

QUERIES = [  # fixed list: plain words, compounds, phrases, boolean, fields, wildcards, a misspelling
    "schuldhulpverlening", "armoede", "minimaregeling", "vroegsignalering", "kinderen", "participatie",
    '"bijzondere bijstand"', "schulden AND jongeren", "inkomen OR bijstand", "energiearmoede NOT Rotterdam",
    "municipality:Arnhem armoede", "kind:indicator", "schuld*", "doelgroep", "armoedde",
]
NOTE = ("Synthetic corpus of repeated seed documents: these figures measure throughput "
        "(time, memory, bytes), not extraction quality.")


# ---------------------------------------------------------------- corpus

def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def municipalities() -> list[str]:
    lines = (ROOT / "corpus" / "gemeenten.txt").read_text(encoding="utf-8").splitlines()
    return [line.split(":")[0].strip() for line in lines if line.strip() and not line.startswith("#")]


def make_synthetic(n: int, dest: Path) -> None:
    """N documents: seed i % len(seeds) under id seed-sNNNNN, a municipality and year of its own."""
    from corpus import DEFAULT_CORPUS, read_manifest

    seeds = read_manifest(DEFAULT_CORPUS)
    names = municipalities()
    dest.mkdir(parents=True)
    out = ['[corpus]\nname = "bench: synthetic corpus of repeated seeds (throughput only)"\nmodel = "auto"\n']
    for i in range(n):
        meta, path = seeds[i % len(seeds)]
        doc_id = f"{meta.id}-s{i:05d}"[:80]
        file = f"{doc_id}{path.suffix}"
        shutil.copyfile(path, dest / file)
        municipality = names[(i * 7) % len(names)]
        year = 2015 + (i // len(seeds)) % 10
        out.append(
            f"[[document]]\nid = {toml_str(doc_id)}\nfile = {toml_str(file)}\nmunicipality = {toml_str(municipality)}\n"
            f"year = {year}\ndoc_type = {toml_str(meta.doc_type)}\ntitle = {toml_str(f'{meta.title} ({municipality} {year})')}\n"
            f"source = {toml_str('bench: copy of ' + meta.id)}\nlanguage = \"nl\"\n")
    (dest / "manifest.toml").write_text("\n".join(out), encoding="utf-8")


def copy_corpus(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("gold"))  # no gold: the evaluate stage is not timed


# ---------------------------------------------------------------- subprocess helpers

def _maxrss_mb(who) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: KiB


def child_build(args) -> int:
    """Hidden `_build` command: one run_build in this process, its report as JSON on the last stdout line."""
    import contextlib

    import build
    from builder.options import BuildOptions

    start = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        report = build.run_build(BuildOptions(args.corpus, args.out, args.build_dir, args.model, args.jobs))
    wall = time.perf_counter() - start
    print(json.dumps({"stage_s": report.stage_s, "total_s": report.total_s, "wall_s": round(wall, 3), "reanalysed": report.reanalysed,
                      "reindexed": report.reindexed, "rendered": report.rendered, "pipeline": report.pipeline, "items": report.items,
                      "rss_self_mb": _maxrss_mb(resource.RUSAGE_SELF), "rss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN)}))
    return 0


def child_analyse(args) -> int:
    """Hidden `_analyse` command: the nlp stage's analyse_documents, with a fresh cache, then the compare stage."""
    from corpus import load_corpus
    from nlp.analyse import analyse_documents
    from nlp.compare import compare

    documents, _ = load_corpus(Path(args.corpus))
    start = time.perf_counter()
    analyses = analyse_documents(documents, args.model or "auto", Path(args.build_dir) / "cache", args.jobs, args.executor)[0]
    analysed = time.perf_counter()
    compare(documents, analyses, args.jobs)
    print(json.dumps({"analyse_s": round(analysed - start, 3), "compare_s": round(time.perf_counter() - analysed, 3),
                      "rss_self_mb": _maxrss_mb(resource.RUSAGE_SELF), "rss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN)}))
    return 0


def child_pipeline(args) -> int:
    """Hidden `_pipeline` command: after loading the pipeline, the words/s of its spaCy part alone (tokenizer and
    pipes over the same chunk Docs the nlp stage makes) and of the whole analysis (spaCy, rules, themes, entities)."""
    from corpus import load_corpus
    from nlp.analyse import analyse_document
    from nlp.features import chunk_docs
    from nlp.pipeline import load_pipeline

    documents, _ = load_corpus(Path(args.corpus))
    start = time.perf_counter()
    nlp, _ = load_pipeline(args.model or "auto")
    analyse_document(documents[0], nlp)  # matchers compiled on first use
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    for doc in documents:
        for _ in chunk_docs(doc, nlp):
            pass
    spacy_s = time.perf_counter() - start
    start = time.perf_counter()
    for doc in documents:
        analyse_document(doc, nlp)
    print(json.dumps({"load_s": round(load_s, 3), "spacy_s": round(spacy_s, 3), "analysis_s": round(time.perf_counter() - start, 3)}))
    return 0


def run_child(command: str, corpus: Path, build_dir: Path, out: Path | None = None, jobs: int = 1, model: str | None = None,
              executor: str = "local") -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), command, "--corpus", str(corpus), "--build-dir", str(build_dir), "--jobs", str(jobs),
            "--executor", executor]
    if out:
        argv += ["--out", str(out)]
    if model:
        argv += ["--model", model]
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench: {command} failed ({proc.returncode})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - start, 3)
    return result


# ---------------------------------------------------------------- measurements

def text_stats(corpus: Path):
    """(documents, words, block texts): the same block texts the nlp stage sends through spaCy."""
    from corpus import load_corpus

    documents, _ = load_corpus(corpus)
    texts = [d.block_text(b) for d in documents for b in d.blocks]
    return len(documents), sum(len(d.text.split()) for d in documents), texts


def blank_tokenizer_s(texts: list[str]) -> float:
    import spacy

    nlp = spacy.blank("nl")
    list(nlp.tokenizer.pipe(texts[:50]))  # warm-up
    start = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - start


def stock_pipeline_s(texts: list[str]) -> float:
    """The same texts through spaCy's own stock components, spacy.blank('nl') + sentencizer + lookup lemmatizer:
    a reference for what spaCy pipes cost over the raw tokenizer before any rules run."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    list(nlp.pipe(texts[:50]))  # warm-up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - start


def tree_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def search_latency(build_dir: Path) -> dict:
    from index.search import open_index, search

    index_dir = build_dir / "index"
    open_index(index_dir)  # opened once
    for query in QUERIES:  # warm-up round (segment files in the page cache, parser caches)
        search(index_dir, query, {}, 10)
    times = []
    for _ in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            search(index_dir, query, {}, 10)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    start = time.perf_counter()
    subprocess.run([sys.executable, "build.py", "search", "schuldhulpverlening", "--build-dir", str(build_dir)],
                   cwd=ROOT, check=True, capture_output=True)
    command_ms = (time.perf_counter() - start) * 1000
    return {"search_p50_ms": round(statistics.median(times), 2), "search_p95_ms": round(p95, 2),
            "search_max_ms": round(times[-1], 2), "search_queries": len(times), "search_command_ms": round(command_ms, 1)}


def browser_bytes(site: Path) -> dict:
    """Bytes Chromium fetches for the search page, a first and a second query (bench/search_bytes.py), if it is installed."""
    from bench.search_bytes import CHROMIUM, search_bytes

    if not CHROMIUM.exists() or not importlib.util.find_spec("playwright"):
        return {}
    measured = search_bytes(site)
    return {"browser_load_bytes": measured["load"], "browser_first_query_bytes": measured["first_query"],
            "browser_second_query_bytes": measured["second_query"]}


def touch_one_document(corpus: Path) -> str:
    """Change one document's bytes (append a sentence to the first file)."""
    manifest = tomllib.loads((corpus / "manifest.toml").read_text(encoding="utf-8"))
    entry = manifest["document"][0]
    path = corpus / entry["file"]
    if path.suffix.lower() not in (".txt", ".md"):
        raise SystemExit(f"bench: cannot edit {path.name} for the one-document rebuild (needs .txt or .md first)")
    with path.open("a", encoding="utf-8") as f:
        f.write("\n\nDe gemeente blijft de uitvoering van het armoedebeleid jaarlijks evalueren.\n")
    return entry["id"]


def main_bench(args) -> int:
    if WORK.exists():
        shutil.rmtree(WORK)
    corpus = WORK / "corpus"
    if args.corpus:
        copy_corpus(Path(args.corpus), corpus)
        label = f"corpus {args.corpus}"
    else:
        make_synthetic(args.scale, corpus)
        label = f"synthetic --scale {args.scale}"
        print(NOTE)
    load_before = os.getloadavg()
    documents, words, texts = text_stats(corpus)
    print(f"bench: {label}: {documents} documents, {words} words; load average {load_before[0]:.2f} on {os.cpu_count()} cores", file=sys.stderr)

    build_dir, out = WORK / "build", WORK / "out"
    full = run_child("_build", corpus, build_dir, out, jobs=args.jobs, model=args.model)
    site_bytes, site_files = tree_bytes(out)
    pagefind_bytes, pagefind_files = tree_bytes(out / "pagefind") if (out / "pagefind").is_dir() else (0, 0)
    browser = browser_bytes(out)
    noop = run_child("_build", corpus, build_dir, out, jobs=args.jobs, model=args.model)
    search = search_latency(build_dir)
    touched = touch_one_document(corpus)
    one = run_child("_build", corpus, build_dir, out, jobs=args.jobs, model=args.model)
    search_after = search_latency(build_dir)  # the index now has a second segment, as after any incremental build

    blank_s = blank_tokenizer_s(texts)
    stock_s = stock_pipeline_s(texts)
    parts = run_child("_pipeline", corpus, WORK / "pipeline", model=args.model)
    results = {
        "label": label, "build_jobs": args.jobs, "synthetic": not args.corpus, "note": NOTE if not args.corpus else "",
        "documents": documents, "words": words, "pipeline": full["pipeline"], "items": full["items"],
        "full_build_s": full["total_s"], "full_build_sum_of_stages_s": round(sum(full["stage_s"].values()), 3),
        "full_build_process_s": full["process_s"],
        "stage_s": full["stage_s"],
        "nlp_words_per_s": round(words / full["stage_s"]["nlp"]),
        "nlp_and_compare_words_per_s": round(words / (full["stage_s"]["nlp"] + full["stage_s"]["compare"])),
        "blank_tokenizer_s": round(blank_s, 3), "blank_tokenizer_words_per_s": round(words / blank_s),
    }
    results["nlp_to_blank_ratio"] = round(results["blank_tokenizer_words_per_s"] / results["nlp_words_per_s"], 1)
    results.update({
        "pipeline_load_s": parts["load_s"],
        "spacy_pipeline_words_per_s": round(words / parts["spacy_s"]), "analysis_words_per_s": round(words / parts["analysis_s"]),
        "nlp_stage_share_of_blank": round(results["nlp_words_per_s"] / results["blank_tokenizer_words_per_s"], 3),
        "nlp_and_compare_share_of_blank": round(results["nlp_and_compare_words_per_s"] / results["blank_tokenizer_words_per_s"], 3),
        "spacy_pipeline_share_of_blank": round(words / parts["spacy_s"] / results["blank_tokenizer_words_per_s"], 3),
        "analysis_share_of_blank": round(words / parts["analysis_s"] / results["blank_tokenizer_words_per_s"], 3),
        "stock_pipeline_words_per_s": round(words / stock_s),
        "stock_pipeline_share_of_blank": round(words / stock_s / results["blank_tokenizer_words_per_s"], 3),
        "build_words_per_s": round(words / full["total_s"]),
        "build_share_of_stock": round(words / full["total_s"] / (words / stock_s), 3),
        **browser,
    })
    if args.jobs_compare:
        j1 = run_child("_analyse", corpus, WORK / "jobs1", jobs=1, model=args.model)
        j2 = run_child("_analyse", corpus, WORK / "jobs2", jobs=2, model=args.model)
        results.update({"analyse_jobs1_s": j1["analyse_s"], "analyse_jobs2_s": j2["analyse_s"],
                        "analyse_words_per_s": round(words / j1["analyse_s"]),
                        "jobs2_nlp_speedup": round(j1["analyse_s"] / j2["analyse_s"], 2),
                        "compare_jobs1_s": j1["compare_s"], "compare_jobs2_s": j2["compare_s"],
                        "jobs2_compare_speedup": round(j1["compare_s"] / j2["compare_s"], 2),
                        "jobs2_peak_rss_mb": max(j2["rss_self_mb"], j2["rss_children_mb"])})
        if importlib.util.find_spec("distributed"):  # the .[cluster] extra
            d2 = run_child("_analyse", corpus, WORK / "dask2", jobs=2, model=args.model, executor="dask")
            results.update({"analyse_dask2_s": d2["analyse_s"], "dask2_vs_jobs2": round(j2["analyse_s"] / d2["analyse_s"], 2)})
    else:
        results["jobs2_nlp_speedup"] = None
    results.update({
        "peak_rss_mb": max(full["rss_self_mb"], full["rss_children_mb"]),
        "peak_rss_build_process_mb": full["rss_self_mb"], "peak_rss_build_children_mb": full["rss_children_mb"],
        "site_bytes": site_bytes, "site_files": site_files, "pagefind_bytes": pagefind_bytes, "pagefind_files": pagefind_files,
        "index_bytes": tree_bytes(build_dir / "index")[0], "cache_bytes": tree_bytes(build_dir / "cache")[0],
        "noop_rebuild_s": noop["total_s"], "noop_rebuild_process_s": noop["process_s"], "noop_stage_s": noop["stage_s"],
        "one_doc_rebuild_s": one["total_s"], "one_doc_rebuild_process_s": one["process_s"],
        "one_doc_stage_s": one["stage_s"], "one_doc_reanalysed": one["reanalysed"], "one_doc_reindexed": one["reindexed"],
        "one_doc_rendered": one["rendered"], "one_doc_id": touched,
        **search,
        "search_after_one_doc_p50_ms": search_after["search_p50_ms"], "search_after_one_doc_p95_ms": search_after["search_p95_ms"],
        "search_after_one_doc_max_ms": search_after["search_max_ms"],
        "cpu_count": os.cpu_count(), "load_avg_start": [round(x, 2) for x in load_before],
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
    })
    if RESULTS.is_file():  # kept from bench/similar_candidates.py
        results["similar_recall_vs_exact"] = json.loads(RESULTS.read_text(encoding="utf-8")).get("similar_recall_vs_exact", {})
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def table(r: dict) -> str:
    st = r["stage_s"]
    rows = [
        ("corpus", r["label"]), ("builds run with", f"--jobs {r['build_jobs']}"), ("documents / words", f"{r['documents']} / {r['words']:,}"),
        ("pipeline", r["pipeline"]),
        ("full build (run_build, wall)", f"{r['full_build_s']:.2f} s (sum of stages {r['full_build_sum_of_stages_s']:.2f} s: index and site "
                                         f"run side by side; process incl. start-up imports {r['full_build_process_s']:.2f} s)"),
        ("  stages", ", ".join(f"{k} {v:.2f}" for k, v in st.items()) + " s"),
        ("nlp words/s (nlp stage)", f"{r['nlp_words_per_s']:,}"),
        ("blank tokenizer words/s", f"{r['blank_tokenizer_words_per_s']:,} (nlp stage is {r['nlp_to_blank_ratio']}x slower: "
                                    f"{r['nlp_stage_share_of_blank']:.1%} of it)"),
        ("nlp and compare stages", f"{r['nlp_and_compare_words_per_s']:,} words/s ({r['nlp_and_compare_share_of_blank']:.1%} of blank)"),
        ("  spaCy pipeline alone", f"{r['spacy_pipeline_words_per_s']:,} words/s ({r['spacy_pipeline_share_of_blank']:.1%} of blank)"),
        ("  whole analysis, loaded", f"{r['analysis_words_per_s']:,} words/s ({r['analysis_share_of_blank']:.1%} of blank; "
                                     f"pipeline load {r['pipeline_load_s']:.2f} s)"),
        ("  reference: stock spaCy", f"{r['stock_pipeline_words_per_s']:,} words/s ({r['stock_pipeline_share_of_blank']:.1%} of blank) for "
                                     "spacy.blank('nl') + sentencizer + lookup lemmatizer"),
        ("whole build, end to end", f"{r['build_words_per_s']:,} words/s ({r['build_share_of_stock']:.1%} of stock spaCy)"),
    ]
    if r.get("jobs2_nlp_speedup") is not None:
        rows += [("analyse --jobs 1 / --jobs 2", f"{r['analyse_jobs1_s']:.2f} s / {r['analyse_jobs2_s']:.2f} s = {r['jobs2_nlp_speedup']}x"),
                 ("analyse --executor dask --jobs 2", f"{r['analyse_dask2_s']:.2f} s (a local cluster of 2 worker processes, started and "
                                                      f"loading the pipeline within the time; {r['dask2_vs_jobs2']}x the speed of --jobs 2)"
                  if "analyse_dask2_s" in r else "not run (needs .[cluster])"),
                 ("compare --jobs 1 / --jobs 2", f"{r['compare_jobs1_s']:.2f} s / {r['compare_jobs2_s']:.2f} s = {r['jobs2_compare_speedup']}x")]
    rows += [
        ("peak RSS", f"{r['peak_rss_mb']} MB (build process {r['peak_rss_build_process_mb']}, children {r['peak_rss_build_children_mb']})"),
        ("site bytes", f"{r['site_bytes']:,} in {r['site_files']} files (pagefind {r['pagefind_bytes']:,} in {r['pagefind_files']})"),
        ("index / cache bytes", f"{r['index_bytes']:,} / {r['cache_bytes']:,}"),
        ("no-op rebuild", f"{r['noop_rebuild_s']:.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in r["noop_stage_s"].items()) + ")"),
        ("one-doc rebuild", f"{r['one_doc_rebuild_s']:.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in r["one_doc_stage_s"].items())
         + f"; reanalysed {r['one_doc_reanalysed']}, reindexed {r['one_doc_reindexed']}, rendered {r['one_doc_rendered']})"),
        ("search p50 / p95 (in-process)", f"{r['search_p50_ms']} / {r['search_p95_ms']} ms over {r['search_queries']} queries"),
        ("  after the one-doc rebuild", f"{r['search_after_one_doc_p50_ms']} / {r['search_after_one_doc_p95_ms']} ms "
                                        f"(max {r['search_after_one_doc_max_ms']} ms; the index has a second segment)"),
        ("search command (whole process)", f"{r['search_command_ms']} ms"),
        ("browser search bytes", f"page {r['browser_load_bytes']:,}, first query {r['browser_first_query_bytes']:,} (with the page: "
                                 f"{r['browser_load_bytes'] + r['browser_first_query_bytes']:,}), second query {r['browser_second_query_bytes']:,}"
         if "browser_load_bytes" in r else "not measured (needs /usr/bin/chromium and playwright)"),
        ("load average start / end", f"{r['load_avg_start'][0]} / {r['load_avg_end'][0]} on {r['cpu_count']} cores"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"| {k.ljust(width)} | {v}" for k, v in rows)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("_build", "_analyse", "_pipeline"):
        p = argparse.ArgumentParser()
        p.add_argument("--corpus"), p.add_argument("--build-dir"), p.add_argument("--out"), p.add_argument("--model")
        p.add_argument("--jobs", type=int, default=1)
        p.add_argument("--executor", default="local")
        args = p.parse_args(argv[1:])
        os.chdir(ROOT)
        return {"_build": child_build, "_analyse": child_analyse, "_pipeline": child_pipeline}[argv[0]](args)
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--corpus", help="a real corpus folder (copied to bench/work/corpus)")
    g.add_argument("--scale", type=int, default=5, help="synthetic corpus of N documents from the seeds (default 5)")
    p.add_argument("--jobs", type=int, default=1, help="the full build and the rebuilds run with --jobs N (default 1)")
    p.add_argument("--jobs-compare", action="store_true",
                   help="also time the analysis and the compare stage with --jobs 1 and --jobs 2 on fresh caches")
    p.add_argument("--model", default=None, help="spaCy pipeline (default: the corpus's, i.e. auto)")
    args = p.parse_args(argv)
    if not args.corpus and args.scale < 1:
        p.error("--scale must be at least 1")
    return main_bench(args)


if __name__ == "__main__":
    sys.exit(main())
