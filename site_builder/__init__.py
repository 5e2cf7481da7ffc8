"""Site stage: HTML pages (Jinja2), data exports and the Pagefind search index."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from common import links
from common.links import document_pages, page_of, page_path
from common.progress import counting, logger
from nlp.model import KINDS

from .changes import CSV_HEADER, change_rows, policy_changes
from .charts import kind_name
from .cite import write_citations
from .content import SiteContent
from .datapackage import write_datapackage
from .document import BlockViews
from .exports import write_csv, write_exports
from .kinds import KIND_NAMES
from .method import method_html
from .pagefind import bundle_groups, search_index_alongside
from .pages import BUSY_LIMIT, LIST_LIMIT, SiteData, kind_name_nl
from .render import Pages, slug
from .reuse import DocumentPages
from .staging import MARKER, MARKER_TEXT

SITE_TITLE = "Beleidsvergelijker"
PROGRESS_PAGES = 25  # a document of this many pages or more reports every this many
log = logger(__name__)


def write_site(out: Path, content: SiteContent, previous: Path | None = None, build_dir: Path | None = None) -> DocumentPages:
    """Write the whole site into `out` (an empty folder). `content.site_url` (e.g. https://example.org/beleid/)
    makes the sitemap's addresses absolute, as sitemaps want; without it they are paths from the site root.

    Document pages whose inputs are unchanged are copied from the `previous` site (see .reuse); the
    returned record is to be saved once `out` has replaced it. Pagefind indexes the document pages
    while the overview pages are written.
    """
    documents, analyses, comparison, build, site_url = (content.documents, content.analyses, content.comparison, content.build,
                                                        content.site_url)
    data = SiteData(documents, analyses, comparison)
    entities = data.entity_views()
    changes = policy_changes(documents, analyses)
    municipalities = data.municipality_views(entities, data.history_views(changes))
    munis = [(m["name"], m["slug"]) for m in municipalities]
    pages = Pages(out, {"site_title": SITE_TITLE, "kind_names": KIND_NAMES, "theme_label": data.theme_label, "kind_name": kind_name,
                        "list_limit": LIST_LIMIT, "busy_limit": BUSY_LIMIT, "munis": munis})
    pages.copy_static()
    write_citations(out, data.documents, site_url)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    record = DocumentPages(previous, build_dir, [munis, sorted(data.theme_labels.items()), LIST_LIMIT, links.PAGE_CHARS])
    items_of: dict[str, list[dict]] = {}
    for v in data.items:
        items_of.setdefault(v["doc"].id, []).append(v)
    total = len(data.documents)
    with counting(log, total, lambda count: f"  wrote the pages of {count}/{total} documents ({record.rendered} rendered, "
                  "the others unchanged)", every=100) as advance:
        for doc in data.documents:
            analysis = data.analyses.get(doc.id)
            key = record.key(doc, analysis)
            reused = record.reuse(doc.id, key, out)
            if reused is None:
                record.written(doc.id, key, out, write_document_pages(pages, doc, analysis, items_of.get(doc.id, [])))
            else:
                pages.paths += reused
                log.debug("  %s: pages copied from the last site", doc.id)
            advance()
    log.info("  indexing %d documents' pages for the site's search (Pagefind), meanwhile the overview pages", len(data.documents))
    groups = {m["slug"]: [page_path(doc.id, page) for doc in m["documents"] for page, _ in document_pages(doc)] for m in municipalities}
    with search_index_alongside(out, groups, previous):
        write_exports(out / "data", documents, analyses, comparison, build)
        write_csv(out / "data" / "changes.csv", CSV_HEADER, change_rows(changes, data.item_by_id))
        package = write_datapackage(out / "data", documents, SITE_TITLE)
        pages.write("index.html", "index.html", grid=data.corpus_grid(), data=data, build=build)
        for m in municipalities:
            pages.write(f"municipalities/{m['slug']}.html", "municipality.html", m=m)
        themes = data.theme_views()
        pages.write("compare.html", "compare.html", overview=data.overview(), themes=themes)
        for t in themes:
            pages.write(f"themes/{slug(t['code'])}.html", "theme.html", t=t)
        measures = data.measure_views()
        pages.write("indicators.html", "indicators.html", groups=data.indicator_groups(), measures=measures)
        for ind in measures:
            pages.write(f"indicators/{ind['slug']}.html", "bbv_indicator.html", ind=ind)
        pages.write("entities.html", "entities.html", entities=entities)
        pages.write("search.html", "search.html", search_bundles=sorted(bundle_groups(groups))[1:])  # merged into the first
        pages.write("data.html", "data.html", package=package)
        pages.write("method.html", "method.html", method=method_html(), build=build, codebook=comparison.codebook,
                    codebook_version=comparison.codebook_version)
        pages.write("build.html", "build.html", build=build, package=package)
        pages.write("404.html", "404.html")
        write_sitemap(out, pages.paths, site_url or "/")
    return record


def write_document_pages(pages: Pages, doc, analysis, items: list[dict]) -> list[str]:
    """The document's pages (one, or several for a long document: see common.links), each with its own items;
    their paths."""
    items_on: dict[int, list[dict]] = {}
    for v in items:
        items_on.setdefault(page_of(doc, v["item"].block), []).append(v)
    doc_pages = document_pages(doc)
    parts = [page_path(doc.id, page).removeprefix("documents/") for page, _ in doc_pages]
    per_kind = Counter(v["kind"] for v in items)
    views = BlockViews(doc, analysis)
    for part, (page, numbers) in enumerate(doc_pages, 1):
        blocks = views.groups(numbers)
        on_page = items_on.get(page, [])
        kinds_here = {v["kind"] for v in on_page}
        counts = [(kind_name_nl(kind), per_kind[kind], kind in kinds_here) for kind in KINDS if per_kind[kind]]
        pages.write(page_path(doc.id, page), "document.html", doc=doc, blocks=blocks, items=on_page, counts=counts,
                    themes=sorted({t for v in on_page for t in v["themes"]}), part=part, parts=parts)
        if len(parts) >= PROGRESS_PAGES and (part % PROGRESS_PAGES == 0 or part == len(parts)):
            log.info("  %s: wrote page %d/%d", doc.id, part, len(parts))
    return [page_path(doc.id, page) for page, _ in doc_pages]


def write_sitemap(out: Path, paths: list[str], base: str) -> None:
    base = base if base.endswith("/") else base + "/"
    urls = "".join(f"<url><loc>{base}{p}</loc></url>\n" for p in sorted(paths) if p != "404.html")
    (out / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n",
                                     encoding="utf-8")
