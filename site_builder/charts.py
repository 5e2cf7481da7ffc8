"""Inline SVG charts of indicator values over the years, drawn at build time."""
from __future__ import annotations

from markupsafe import Markup, escape

from .exports import number_of

KIND_NAMES = {"realised": "gerealiseerd", "target": "streefwaarde", "baseline": "nulmeting", "budget": "begroot"}
MARKERS = ("circle", "square", "diamond", "triangle")
W, H, LEFT, RIGHT, TOP, BOTTOM = 360, 170, 48, 12, 12, 44


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def numeric_points(item, doc_year: int) -> list[tuple[str, int, float, str]]:
    """(kind, year, value, printed) of every numeric value, sorted."""
    points = []
    for v in item.values:
        number = number_of(v)
        if number is not None:
            points.append((str(v.get("kind", "")), int(v.get("year") or doc_year), number, str(v.get("printed", v["value"]))))
    return sorted(points)


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 5-5 5-5-5z"/>'
    return f'<path d="M{x:.1f} {y - 5:.1f}l5 9h-10z"/>'


def indicator_chart(item, doc_year: int, chart_id: str) -> Markup:
    """Lines per value kind (realised, target, ...) over the years; shapes and dashes, not colour alone."""
    points = numeric_points(item, doc_year)
    years = sorted({p[1] for p in points})
    values = [p[2] for p in points]
    lo, hi = min(0.0, min(values)), max(values)
    hi = hi if hi > lo else lo + 1
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (plot_w / 2 if len(years) == 1 else plot_w * years.index(year) / (len(years) - 1))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - lo) / (hi - lo))

    kinds = sorted({p[0] for p in points})
    unit = next((str(v.get("unit")) for v in item.values if v.get("unit")), "")
    desc = "; ".join(f"{kind_name(k)} {yr}: {printed}" for k, yr, _, printed in points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(item.title)}{" (" + escape(unit) + ")" if unit else ""}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{W - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{hi:g}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">{lo:g}</text>',
    ]
    parts += [f'<text class="tick" x="{x(yr):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">{yr}</text>' for yr in years]
    for n, kind in enumerate(kinds):
        series = [(x(p[1]), y(p[2])) for p in points if p[0] == kind]
        shape = MARKERS[n % len(MARKERS)]
        parts.append(f'<g class="series series-{n}">')
        if len(series) > 1:
            parts.append('<polyline points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in series) + '"/>')
        parts += [_marker(shape, a, b) for a, b in series]
        lx = LEFT + n * 110
        parts.append(_marker(shape, lx + 4, H - 10))
        parts.append(f'<text class="legend" x="{lx + 12}" y="{H - 6}">{escape(kind_name(kind))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
