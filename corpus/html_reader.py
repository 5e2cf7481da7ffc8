"""Read exported report pages (.html): the report's headings, paragraphs, list items and tables as plain text.

Navigation, page headers and footers, scripts, styles, forms, comments and
hidden elements are dropped; markup is never kept.
"""
from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from .encoding import decode
from .model import CorpusError
from .textbuilder import TextBuilder

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
DROPPED = {"head", "script", "style", "nav", "form", "noscript", "template", "svg", "math", "iframe", "object",
           "button", "select", "textarea", "canvas", "dialog", "menu"}
DROPPED_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
CONTENT = {"main", "article"}  # a header or footer inside these belongs to the report
BLOCK_KINDS = {"p": "paragraph", "li": "list_item", "dt": "paragraph", "dd": "paragraph", "blockquote": "paragraph",
               "pre": "paragraph", "figcaption": "paragraph", "caption": "paragraph", "address": "paragraph",
               **{f"h{n}": "heading" for n in range(1, 7)}}
CONTAINERS = {"div", "section", "article", "main", "aside", "header", "footer", "body", "html", "ul", "ol", "dl",
              "figure", "center", "details", "summary", "fieldset", "hgroup", "hr"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
INVISIBLE = dict.fromkeys(map(ord, "\xad\u200b\u200c\u200d\ufeff"))
# (tag being opened, open tags it closes implicitly, tags that stop the search)
IMPLIED_END = [
    ({"li"}, {"li"}, {"ul", "ol", "menu"}),
    ({"dt", "dd"}, {"dt", "dd"}, {"dl"}),
    ({"td", "th"}, {"td", "th"}, {"tr", "table"}),
    ({"tr"}, {"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    ({"thead", "tbody", "tfoot"}, {"thead", "tbody", "tfoot", "tr", "td", "th"}, {"table"}),
]
CLOSES_P = set(BLOCK_KINDS) | CONTAINERS | {"table", "form", "nav"}
MAX_DEPTH = 256  # deeper visible elements are flattened into their parent (as browsers do), so reading never recurses too deep


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []


class TreeBuilder(HTMLParser):
    """A forgiving element tree: void elements, implied end tags and stray end tags handled."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def _close(self, tags: set, stop: set) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return

    def handle_starttag(self, tag, attrs):
        for opened, closes, stop in IMPLIED_END:
            if tag in opened:
                self._close(closes, stop)
        if tag in CLOSES_P:
            self._close({"p"}, CLOSES_P - {"p"} | {"td", "th"})
        node = Node(tag, {k: v or "" for k, v in attrs})
        if len(self.stack) > MAX_DEPTH and tag not in VOID and not _hidden(node, in_content=True):
            return  # too deep: its content joins the parent's (a hidden element is kept, its subtree is never walked)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag == "p" and all(n.tag != "p" for n in self.stack):
            self.stack[-1].children.append(Node("br", {}))  # a stray </p> is a break, as in browsers
        self._close({tag}, set())

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _hidden(node: Node, in_content: bool) -> bool:
    a = node.attrs
    return (node.tag in DROPPED or "hidden" in a or a.get("aria-hidden", "").lower() == "true"
            or a.get("role", "").lower() in DROPPED_ROLES or bool(HIDDEN_STYLE.search(a.get("style", "")))
            or (node.tag in ("header", "footer") and not in_content) or (node.tag == "input" and a.get("type") == "hidden"))


def _inline_text(node: Node, in_content: bool) -> str:
    """All visible text below `node`, block structure flattened."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        elif child.tag == "br":
            out.append("\n")
        elif not _hidden(child, in_content):
            spaced = child.tag in BLOCK_KINDS or child.tag in CONTAINERS or child.tag in ("td", "th", "tr")
            out.append(" " + _inline_text(child, in_content) + " " if spaced else _inline_text(child, in_content))
    return "".join(out)


def _clean(text: str) -> str:
    """Collapse white space within lines; keep line breaks from <br>."""
    lines = (" ".join(line.split()) for line in text.translate(INVISIBLE).split("\n"))
    return "\n".join(line for line in lines if line)


class _Walker:
    def __init__(self):
        self.out = TextBuilder()
        self.open: list[tuple[str, int, list[str]]] = [("paragraph", 0, [])]  # (kind, level, text pieces)

    def flush(self) -> None:
        kind, level, pieces = self.open[-1]
        self.out.add(kind, _clean("".join(pieces)), level=level)
        pieces.clear()

    def walk(self, node: Node, in_content: bool) -> None:
        for child in node.children:
            if isinstance(child, str):
                self.open[-1][2].append(child)
            elif child.tag == "br":
                self.open[-1][2].append("\n")
            elif _hidden(child, in_content):
                continue
            elif child.tag == "table":
                self.flush()
                self.table(child, in_content)
            elif child.tag in BLOCK_KINDS:
                self.flush()
                kind = BLOCK_KINDS[child.tag]
                self.open.append((kind, int(child.tag[1]) if kind == "heading" else 0, []))
                self.walk(child, in_content)
                self.flush()
                self.open.pop()
            elif child.tag in CONTAINERS:
                self.flush()
                self.walk(child, in_content or child.tag in CONTENT)
                self.flush()
            else:
                self.walk(child, in_content)

    def table(self, table: Node, in_content: bool) -> None:
        rows, header, body_seen = [], 0, False
        for tr, in_head in _rows(table):
            if _hidden(tr, in_content):
                continue
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th") and not _hidden(c, in_content)]
            if not cells:
                continue
            texts = [" ".join(_clean(_inline_text(c, in_content)).split()) for c in cells]
            if not body_seen and (in_head or all(c.tag == "th" for c in cells)):
                header += 1
            else:
                body_seen = True
            rows.append(texts)
        for caption in (c for c in table.children if isinstance(c, Node) and c.tag == "caption"):
            self.out.add("paragraph", _clean(_inline_text(caption, in_content)))
        self.out.add_table(rows, header)


def _rows(table: Node):
    """(tr, is in <thead>) in document order, not descending into nested tables."""
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                yield child, False
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from ((tr, child.tag == "thead") for tr in child.children if isinstance(tr, Node) and tr.tag == "tr")


def decode_html(data: bytes, path) -> tuple[str, list[str]]:
    """Text in the page's declared charset (<meta charset>), else UTF-8 with the Windows-1252 fallback."""
    m = META_CHARSET.search(data[:4096])
    if m and not data.startswith(b"\xef\xbb\xbf"):
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            codec = None
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"  # what browsers do with these labels
        if codec and codec != "utf-8":
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                pass
    return decode(data, path)


def read_html(path, data: bytes):
    text, warnings = decode_html(data, path)
    if "\x00" in text:
        raise CorpusError(path, "looks like a binary file, not HTML")
    parser = TreeBuilder()
    parser.feed(text)
    parser.close()
    walker = _Walker()
    walker.walk(parser.root, in_content=False)
    walker.flush()
    return walker.out.text, walker.out.blocks, warnings
