#!/usr/bin/env python3
"""beleidsvergelijker: build the comparison site of Dutch municipal policy texts, and query it.

    python build.py                      build _site/ from the embedded corpus
    python build.py --corpus DIR --out X build another corpus folder into X
    python build.py search QUERY         search the index of the last build
    python build.py evaluate --gold DIR  score the last build's items against a gold set
    python build.py evaluate --cross-validate   the model's leave-one-municipality-out scores
    python build.py train                retrain the statement model from the annotated corpora
    python build.py init-corpus DIR      draft a manifest.toml for a folder of reports
    python build.py serve                serve the built site on 127.0.0.1
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder.options import DEFAULT_BUILD_DIR, DEFAULT_OUT, BuildOptions
from common.progress import show_progress
from corpus import DEFAULT_CORPUS, CorpusError
from nlp.model import KINDS

if TYPE_CHECKING:
    from builder.report import BuildReport


def run_build(options: BuildOptions) -> BuildReport:
    """corpus -> documents -> nlp -> comparison -> index beside site; the site and the index are swapped in
    together, only when both are complete. `options.force` replaces an --out folder that this tool did not build."""
    start = time.perf_counter()
    from builder.fingerprint import input_fingerprint, remember, up_to_date
    from builder.report import BuildReport
    from corpus import corpus_settings, load_corpus, unlisted_warnings
    from site_builder.staging import check_output

    check_output(options.out, options.corpus, options.build_dir, options.force)
    report = BuildReport()
    with report.stage("read"):
        options = replace(options, model=options.model or corpus_settings(options.corpus).get("model", "auto"))
        corpus = load_corpus(options.corpus, keep_going=options.keep_going)
        documents, report.skipped = corpus.documents, corpus.skipped
        report.documents = len(documents)
        report.warnings += [w for d in documents for w in d.warnings] + unlisted_warnings(options.corpus)
        fingerprint = input_fingerprint(documents, options.corpus, options.fingerprint(), report.warnings, report.skipped)
        report.up_to_date = up_to_date(options.build_dir, options.out, fingerprint)
    if report.up_to_date:
        report.total_s = round(time.perf_counter() - start, 3)
        return report

    from index.beside import index_beside  # the heavy stages load only once the corpus is known to be good
    from nlp.analyse import analyse_documents
    from nlp.compare import compare
    from nlp.evaluate import score_build
    from nlp.extract import model_summary
    from nlp.model import item_counts
    from site_builder import SiteContent, write_site
    from site_builder.staging import staged_output
    with report.stage("nlp"):
        analysed = analyse_documents(documents, options.model, options.build_dir / "cache", options.jobs, options.executor)
        report.pipeline, report.reanalysed = analysed.pipeline, analysed.reanalysed
        report.model = model_summary()
        report.items = item_counts(analysed.analyses)
    with report.stage("compare"):
        comparison = compare(documents, analysed.analyses, options.jobs, options.build_dir / "similar")
    if (options.corpus / "gold").is_dir():
        with report.stage("evaluate"):
            report.scores = score_build(documents, analysed.analyses, options.corpus / "gold", options.corpus)
    report.begin("index")
    index_dir = options.build_dir / "index"
    with staged_output(options.out, index_dir, linked=(index_dir,)) as (tmp, tmp_index), \
            index_beside(documents, analysed.analyses, tmp_index) as indexed:
        with report.stage("site"):
            content = SiteContent(documents, analysed.analyses, comparison, report.info(), options.site_url)
            pages = write_site(tmp, content, options.out, options.build_dir)
            report.rendered = pages.rendered
        index = indexed()
        report.reindexed = index.reindexed
        report.done("index", index.seconds)
    pages.save()
    report.total_s = round(time.perf_counter() - start, 3)
    remember(options.build_dir, options.out, fingerprint, report.summary())
    return report


def cmd_build(args) -> int:
    print(run_build(BuildOptions.from_args(args)).summary())
    return 0


def cmd_search(args) -> int:
    from index.cli import run_search

    return run_search(args)


def cmd_evaluate(args) -> int:
    if args.cross_validate:
        from nlp.train import run_cross_validate

        return run_cross_validate(args.gold, args.json, args.verbose)
    from nlp.evaluate import run_evaluate

    if not args.gold or len(args.gold) > 1:
        raise CorpusError("--gold", "name one gold folder to score the last build against (or use --cross-validate)")
    return run_evaluate(Path(args.out) / "data" / "items.jsonl", Path(args.gold[0]), args.sources, args.verbose, args.json)


def cmd_train(args) -> int:
    from nlp.train import run_train

    return run_train(args.gold)


def cmd_init_corpus(args) -> int:
    from corpus.init_corpus import draft_manifest

    path = draft_manifest(Path(args.folder), overwrite=args.force)
    print(f"Drafted {path}. Check every line marked CHECK, then build with: python build.py --corpus {args.folder}")
    return 0


def cmd_serve(args) -> int:
    from site_builder.serve import serve

    return serve(Path(args.out), args.port, args.base)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=cmd_build)
    add_build_options(p)
    sub = p.add_subparsers(title="commands", metavar="COMMAND")

    b = sub.add_parser("build", help="build the site (the default command)")
    add_build_options(b)
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("search", help="full-text search with Dutch stemming and compound parts")
    s.add_argument("query", help="Whoosh query: words, \"phrases\", AND/OR/NOT, field:value, wildcards*")
    s.add_argument("--municipality", help="only this municipality")
    s.add_argument("--year", type=int, help="only documents of this year")
    s.add_argument("--type", dest="doc_type", help="only this document type (jaarverslag, begroting, ...)")
    s.add_argument("--kind", choices=["passage", *KINDS], help="only passages or items of this kind")
    s.add_argument("--theme", help="only this theme code (see the codebook)")
    s.add_argument("--limit", type=at_least_one, default=10, help="number of hits (default 10)")
    s.add_argument("--json", action="store_true", help="print machine-readable hits with offsets")
    s.add_argument("--build-dir", default=str(DEFAULT_BUILD_DIR), help="folder holding the index (default .build)")
    s.add_argument("--site-url", default="", help="base URL of the published site, for links (default: relative)")
    s.set_defaults(func=cmd_search)

    e = sub.add_parser("evaluate", help="precision, recall and F1 of the built items against a gold folder, or cross-validated")
    e.add_argument("--gold", action="append", help="folder of gold *.json files (format in docs/extraction.md); with "
                   "--cross-validate an annotated corpus folder (manifest.toml and gold/), repeatable (default: the project's own)")
    e.add_argument("--cross-validate", action="store_true",
                   help="train on all municipalities but one, score the one left out, for each in turn; print the pooled scores")
    e.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    e.add_argument("--sources", default=None, help="folder with the gold documents' source files (default: the built corpus)")
    e.add_argument("--out", default=str(DEFAULT_OUT), help="the built site (default _site)")
    e.add_argument("--verbose", action="store_true", help="list misses and false positives")
    e.set_defaults(func=cmd_evaluate)

    t = sub.add_parser("train", help="retrain the statement model (nlp/statement_model.json) from annotated corpora")
    t.add_argument("--gold", action="append", help="annotated corpus folder (manifest.toml and gold/), repeatable "
                   "(default: corpus/default and corpus/devset)")
    t.set_defaults(func=cmd_train)

    i = sub.add_parser("init-corpus", help="draft manifest.toml for a folder of report files")
    i.add_argument("folder", help="folder with .txt, .md, .html, .pdf or .docx reports")
    i.add_argument("--force", action="store_true", help="overwrite an existing manifest.toml")
    i.set_defaults(func=cmd_init_corpus)

    v = sub.add_parser("serve", help="serve the built site on 127.0.0.1 (for a quick look)")
    v.add_argument("--out", default=str(DEFAULT_OUT), help="the built site (default _site)")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--base", default="/", help="sub-path to serve the site under, e.g. /beleid/")
    v.set_defaults(func=cmd_serve)
    return p


def at_least_one(text: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    number = int(text) if text.lstrip("-").isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return number


def add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="corpus folder with a manifest.toml (default: the embedded corpus)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="where to write the site (default _site)")
    p.add_argument("--build-dir", default=str(DEFAULT_BUILD_DIR), help="analysis cache and search index (default .build)")
    p.add_argument("--model", default=None, help="spaCy pipeline: auto (default), blank, a package name such as nl_core_news_md, or a path")
    p.add_argument("--jobs", type=int, default=1, help="analyse documents in N processes (default 1)")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="analyse documents here (local, the default) or as Dask tasks (dask): on the scheduler at "
                        "$DASK_SCHEDULER_ADDRESS, or without it on a local cluster of --jobs worker processes (needs .[cluster])")
    p.add_argument("--keep-going", action="store_true", help="skip documents that cannot be read and list them in the report")
    p.add_argument("--site-url", default="", help="the address the site will be published at (e.g. https://example.org/beleid/), for sitemap.xml")
    p.add_argument("--force", action="store_true", help="replace an --out folder that is not a site this tool built")
    loudness = p.add_mutually_exclusive_group()
    loudness.add_argument("--quiet", dest="log_level", action="store_const", const=logging.WARNING, default=logging.INFO,
                          help="no progress on stderr, only warnings and errors")
    loudness.add_argument("--verbose", dest="log_level", action="store_const", const=logging.DEBUG,
                          help="more progress on stderr: every document read from the cache or copied from the last site")


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    show_progress(getattr(args, "log_level", logging.INFO))
    terminate = signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM (kill, timeout) cleans up as Ctrl-C does
    try:
        code = args.func(args)
        sys.stdout.flush()  # inside the try: a reader that left shows here
        return code
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        print(f"interrupted; {str(err) or 'the previous site is untouched'}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of the output left (search ... | head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        signal.signal(signal.SIGTERM, terminate)


if __name__ == "__main__":
    sys.exit(main())
