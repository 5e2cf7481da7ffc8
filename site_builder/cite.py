"""'Cite this' files per document: cite/{id}.bib (BibTeX) and cite/{id}.json (CSL-JSON), with the permalink."""
from __future__ import annotations

import json
import re
from pathlib import Path

from common.links import page_path

BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def permalink(doc, site_url: str) -> str:
    """The document's address: absolute with --site-url, else its path from the site root."""
    return (site_url.rstrip("/") + "/" if site_url else "") + page_path(doc.id)


def csl_json(doc, site_url: str) -> list[dict]:
    m = doc.meta
    return [{"id": doc.id, "type": "report", "title": m.title, "author": [{"literal": f"Gemeente {m.municipality}"}],
             "publisher": f"Gemeente {m.municipality}", "genre": m.doc_type, "issued": {"date-parts": [[m.year]]},
             "language": m.language, "URL": permalink(doc, site_url), "note": m.source}]


def _bib(text: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def bibtex(doc, site_url: str) -> str:
    m = doc.meta
    fields = [("title", f"{{{_bib(m.title)}}}"), ("author", f"{{Gemeente {_bib(m.municipality)}}}"),
              ("institution", f"Gemeente {_bib(m.municipality)}"), ("type", _bib(m.doc_type)), ("year", str(m.year)),
              ("url", permalink(doc, site_url)), ("note", _bib(m.source))]
    key = re.sub(r"[^A-Za-z0-9_-]", "-", doc.id)
    return f"@techreport{{{key},\n" + "".join(f"  {name} = {{{value}}},\n" for name, value in fields) + "}\n"


def write_citations(out: Path, documents, site_url: str) -> None:
    folder = out / "cite"
    folder.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        (folder / f"{doc.id}.bib").write_text(bibtex(doc, site_url), encoding="utf-8")
        (folder / f"{doc.id}.json").write_text(json.dumps(csl_json(doc, site_url), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
