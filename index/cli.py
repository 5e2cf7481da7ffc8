"""`python build.py search`: ranked hits of the last build's index, as text or JSON."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from whoosh import index as whoosh_index

from .search import QuerySyntaxError, search

BOLD = ("\033[1m", "\033[0m")


def run_search(args) -> int:
    index_dir = Path(args.build_dir) / "index"
    if not whoosh_index.exists_in(index_dir):
        print(f"error: no search index in {index_dir}; run python build.py first", file=sys.stderr)
        return 2
    filters = dict(municipality=args.municipality, year=args.year, doc_type=args.doc_type, kind=args.kind, themes=args.theme)
    mark = BOLD if sys.stdout.isatty() and not args.json else ("»", "«")
    try:
        hits, total, suggestion = search(index_dir, args.query, filters, args.limit, mark)
    except QuerySyntaxError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    base = args.site_url.rstrip("/") + "/" if args.site_url else ""
    for hit in hits:
        hit.url = base + hit.url
    if args.json:
        print(json.dumps({"query": args.query, "total": total, "hits": [asdict(h) for h in hits]}, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print(f"No hits for {args.query!r}." + (f" Did you mean: {suggestion}" if suggestion else ""))
        return 0
    print(f"{total} hit{'s' * (total != 1)} for {args.query!r}" + (f", showing {len(hits)}" if len(hits) < total else "") + ":")
    for n, hit in enumerate(hits, 1):
        kind = "" if hit.kind == "passage" else f" [{hit.kind}]"
        print(f"\n{n}. {hit.municipality} {hit.year} · {hit.doc_id}{kind}")
        if hit.section:
            print(f"   {hit.section}")
        print(f"   {hit.snippet}")
        print(f"   {hit.url}")
    return 0
