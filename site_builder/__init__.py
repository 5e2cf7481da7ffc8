"""Site stage: HTML pages (Jinja2), data exports and the Pagefind search index."""
from __future__ import annotations

import os
from pathlib import Path

from .datapackage import write_datapackage
from .document import document_blocks
from .exports import write_exports
from .method import method_html
from .pagefind import write_search_index
from .pages import KIND_PLURALS, SiteData
from .charts import kind_name
from .render import Pages, slug

SITE_TITLE = "Beleidsvergelijker"
# Sitemaps need absolute URLs; without SITE_URL (e.g. https://example.org/beleid/) the <loc>s are host-less paths from the site root.
SITE_URL_ENV = "SITE_URL"


def write_site(out: Path, documents, analyses, comparison, report) -> None:
    """Write the whole site into `out` (an empty folder)."""
    write_exports(out / "data", documents, analyses, comparison, report)
    package = write_datapackage(out / "data", documents, SITE_TITLE)
    data = SiteData(documents, analyses, comparison)
    entities = data.entity_views()
    municipalities = data.municipality_views(entities)
    pages = Pages(out, {"site_title": SITE_TITLE, "kind_plurals": KIND_PLURALS, "theme_label": data.theme_label, "kind_name": kind_name,
                        "munis": [(m["name"], m["slug"]) for m in municipalities]})
    pages.copy_static()
    pages.write("index.html", "index.html", grid=data.corpus_grid(), data=data, report=report)
    for m in municipalities:
        pages.write(f"municipalities/{m['slug']}.html", "municipality.html", m=m)
    for doc in data.documents:
        analysis = data.analyses.get(doc.id)
        pages.write(f"documents/{doc.id}.html", "document.html", doc=doc, blocks=document_blocks(doc, analysis),
                    items=[v for v in data.items if v["doc"] is doc],
                    themes=sorted({t for v in data.items if v["doc"] is doc for t in v["themes"]}))
    themes = data.theme_views()
    pages.write("compare.html", "compare.html", matrix=data.matrix(), themes=themes, municipalities=data.municipalities)
    for t in themes:
        pages.write(f"themes/{slug(t['code'])}.html", "theme.html", t=t)
    pages.write("indicators.html", "indicators.html", groups=data.indicator_groups())
    pages.write("entities.html", "entities.html", entities=entities)
    pages.write("search.html", "search.html")
    pages.write("data.html", "data.html", package=package)
    pages.write("method.html", "method.html", method=method_html(), report=report, codebook=comparison.codebook,
                codebook_version=comparison.codebook_version)
    pages.write("build.html", "build.html", report=report, package=package)
    pages.write("404.html", "404.html")
    write_sitemap(out, pages.paths, os.environ.get(SITE_URL_ENV, "/"))
    write_search_index(out)


def write_sitemap(out: Path, paths: list[str], base: str) -> None:
    base = base if base.endswith("/") else base + "/"
    urls = "".join(f"<url><loc>{base}{p}</loc></url>\n" for p in sorted(paths) if p != "404.html")
    (out / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n",
                                     encoding="utf-8")
