#!/usr/bin/env python3
"""Bytes the browser fetches for the site's search: the search page, a first query and a second one.

    python bench/search_bytes.py SITE [--list]

Serves SITE on 127.0.0.1 (under /beleid/), opens search.html in headless Chromium (/usr/bin/chromium) and
sums the response bodies of Playwright's network log: on page load (the page, its styles and Pagefind's
scripts), for a first query ('schulden', with Pagefind's wasm and each bundle's entry, metadata, filters and
index chunks) and for a second one ('armoede'). `--list` prints every response of each step. Used by
bench/run.py.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = Path("/usr/bin/chromium")
QUERIES = ("schulden", "armoede")


def search_bytes(site: Path, queries=QUERIES) -> dict:
    """{"load", "first_query", "second_query": bytes, "responses": {step: [(url, bytes)]}}."""
    from playwright.sync_api import sync_playwright

    from site_builder.serve import served

    fetched = []
    with served(site, "/beleid/") as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                              "--disable-background-networking"])
            page = browser.new_page()
            page.on("response", lambda r: fetched.append((r.url.removeprefix(url), len(r.body()) if r.ok else 0)))
            steps = {}
            page.goto(url + "search.html")
            page.wait_for_selector(".pagefind-ui__search-input")
            page.wait_for_load_state("networkidle")
            steps["load"] = len(fetched)
            for name, query in zip(("first_query", "second_query"), queries):
                page.fill(".pagefind-ui__search-input", query)
                page.wait_for_selector(".pagefind-ui__result-link")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                steps[name] = len(fetched)
            browser.close()
    result, start, responses = {}, 0, {}
    for name, end in steps.items():
        responses[name] = fetched[start:end]
        result[name] = sum(n for _, n in fetched[start:end])
        start = end
    result["responses"] = responses
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("site", type=Path)
    p.add_argument("--list", action="store_true", help="print every response of each step")
    args = p.parse_args()
    result = search_bytes(args.site)
    if args.list:
        for step, responses in result["responses"].items():
            print(f"{step}: {len(responses)} responses")
            for path, n in responses:
                print(f"  {n:>8,}  {path}")
    print(json.dumps({k: v for k, v in result.items() if k != "responses"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
