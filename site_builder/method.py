"""The method page's Markdown (docs/method.md) as HTML, with raw HTML shown as text."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

DOCS = Path(__file__).resolve().parent.parent / "docs"
SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|/|\.{0,2}/|[\w.-]+(?:[/#?]|$))", re.IGNORECASE)


class DropUnsafeLinks(Treeprocessor):
    """Links and images whose address is not http(s), mailto or relative lose that address."""

    def run(self, root):
        for el in root.iter():
            for attr in ("href", "src"):
                if attr in el.attrib and not SAFE_URL.match(el.attrib[attr].strip()):
                    del el.attrib[attr]


def render_markdown(text: str) -> Markup:
    """Markdown to HTML; raw HTML in the source is escaped, never passed through; unsafe link targets dropped."""
    md = markdown.Markdown(extensions=["tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(DropUnsafeLinks(md), "drop_unsafe_links", 0)
    return Markup(md.convert(text))


def method_html() -> Markup:
    path = DOCS / "method.md"
    return render_markdown(path.read_text(encoding="utf-8")) if path.is_file() else Markup("")
