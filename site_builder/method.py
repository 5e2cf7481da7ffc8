"""The method page's Markdown (docs/method.md) as HTML, with raw HTML shown as text."""
from __future__ import annotations

from pathlib import Path

import markdown
from markupsafe import Markup

DOCS = Path(__file__).resolve().parent.parent / "docs"


def render_markdown(text: str) -> Markup:
    """Markdown to HTML; raw HTML in the source is escaped, never passed through."""
    md = markdown.Markdown(extensions=["tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return Markup(md.convert(text))


def method_html() -> Markup:
    path = DOCS / "method.md"
    return render_markdown(path.read_text(encoding="utf-8")) if path.is_file() else Markup("")
