"""Document text as HTML: items highlighted in place, safely nested, with soft hyphens in compounds."""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from nlp.compounds import compound_boundaries

from .kinds import KIND_NAMES

WORD = re.compile(r"\w{8,}")


def hyphenate(text: str) -> Markup:
    """Escape `text`, with &shy; at the compound boundaries of long words (so Pagefind indexes the parts)."""
    out, pos = [], 0
    for m in WORD.finditer(text):
        hyphenated = _hyphenated(m.group())
        if hyphenated is None:
            continue
        out.append(escape(text[pos:m.start()]))
        out.append(hyphenated)
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@lru_cache(maxsize=200_000)
def _hyphenated(word: str) -> Markup | None:
    """The escaped word with &shy; at its compound boundaries; None when it has none."""
    cuts = [c for c in sorted(set(compound_boundaries(word))) if 0 < c < len(word)]
    if not cuts:
        return None
    return Markup("&shy;").join(escape(word[a:b]) for a, b in zip([0, *cuts], [*cuts, len(word)]))


def _open(item, first: bool) -> str:
    kind = escape(item.kind)
    if not first:
        return f'<mark class="item item-{kind} item-cont" data-item="{escape(item.id)}">'
    return (f'<mark class="item item-{kind}" id="{escape(item.id)}">'
            f'<span class="kind-label" data-pagefind-ignore>{KIND_NAMES[item.kind].icon}&nbsp;'
            f'{KIND_NAMES[item.kind].singular.capitalize()}:</span> ')


def render_span(text: str, start: int, end: int, items, shown: set[str]) -> Markup:
    """`text[start:end]` as HTML with every overlapping item as a <mark>.

    Overlapping (not nested) items are closed and reopened at boundaries, so the
    HTML is always well formed; an item's id and label go on its first piece
    only (`shown` collects the ids already placed on the page).
    """
    spans = sorted(((max(i.start, start), min(i.end, end), i) for i in items if i.start < end and i.end > start),
                   key=lambda s: (s[0], -s[1], s[2].id))
    cuts = sorted({start, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out, stack = [], []  # stack of (end, item)
    for a, b in zip(cuts, cuts[1:]):
        depth = next((n for n, x in enumerate(stack) if x[0] <= a), len(stack))
        out.append("</mark>" * (len(stack) - depth))
        reopen = [x for x in stack[depth:] if x[0] > a]
        stack = stack[:depth] + reopen
        out.extend(_open(x[1], False) for x in reopen)
        for s, e, item in spans:
            if s == a:
                stack.append((e, item))
                out.append(_open(item, item.id not in shown))
                shown.add(item.id)
        out.append(hyphenate(text[a:b]))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))
