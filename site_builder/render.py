"""Jinja2 environment and page writing: every page knows its depth, so all links are relative."""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .numbers import format_count, format_nl, value_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: 's-Hertogenbosch -> s-hertogenbosch."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["csp"] = CSP
    env.filters["slug"] = slug
    env.filters["nl"] = lambda n, decimals=None: format_count(n) if isinstance(n, int) else format_nl(n, decimals)
    env.globals["value_text"] = value_text
    return env


class Pages:
    """Writes pages into the output folder and remembers their paths (for the sitemap)."""

    def __init__(self, out: Path, globals_: dict):
        self.out, self.env, self.paths = out, environment(), []
        self.env.globals.update(globals_)

    def write(self, path: str, template: str, **context) -> None:
        root = "../" * path.count("/")
        html = self.env.get_template(template).render(root=root, path=path, **context)
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.paths.append(path)

    def copy_static(self) -> None:
        shutil.copytree(TEMPLATES / "static", self.out / "static")
