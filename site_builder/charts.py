"""Inline SVG line charts of indicator values over the years, drawn at build time (no script).

Series are told apart by colour, marker shape and line style together; targets are dashed lines with
hollow markers, benchmarks grey dotted lines. Axis labels are Dutch numbers (8,4; 4.500; 45 mln), and
the left margin is as wide as the longest label, so none is clipped."""
from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from .exports import number_of
from .numbers import format_nl, value_text

KIND_NAMES = {"realised": "gerealiseerd", "target": "streefwaarde", "baseline": "nulmeting"}  # nlp.indicators' value kinds
MARKERS = ("circle", "square", "diamond", "triangle")
# eight colours with at least 4.5:1 contrast on white
COLOURS = ("#0d47a1", "#a4133c", "#1b5e20", "#6a1b9a", "#8a4b00", "#00606b", "#4a4a4a", "#ad1457")
BENCHMARK_COLOUR = "#5f5f5f"
H, RIGHT, TOP, BOTTOM, CHAR_W = 190, 20, 14, 26, 6.6


@dataclass
class Series:
    """One line: (year, value, label, href or "") points; `style` picks colour and marker."""

    label: str
    points: list[tuple[int, float, str, str]]
    style: int = 0
    kind: str = "realised"  # realised | target | benchmark | ...


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def numeric_points(item, doc_year: int) -> list[tuple[str, int, float, str]]:
    """(kind, year, value, shown text) of every numeric value, sorted."""
    points = []
    for v in item.values:
        number = number_of(v)
        if number is not None:
            points.append((str(v.get("kind", "")), int(v.get("year") or doc_year), number, value_text(v, item.unit)))
    return sorted(points)


def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering lo..hi."""
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    out, t = [], first
    while t < hi + step - 1e-9:
        out.append(round(t, 10))
        t += step
    return out


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if shape == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}l5 5-5 5-5-5z"/>'
    return f'<path d="M{x:.1f} {y - 5:.1f}l5 9h-10z"/>'


def _look(s: Series) -> tuple[str, str, str, str]:
    """(colour, marker shape, stroke-dasharray, marker fill) of a series."""
    if s.kind == "benchmark":
        return BENCHMARK_COLOUR, MARKERS[(s.style + 1) % len(MARKERS)], "2 3", "#fff"
    colour = COLOURS[s.style % len(COLOURS)]
    dashed = s.kind == "target"
    shape = MARKERS[(s.style // len(COLOURS)) % len(MARKERS)]
    return colour, shape, "6 4" if dashed else "", "#fff" if dashed else colour


def line_chart(series: list[Series], chart_id: str, title: str, width: int = 360, root: str = "") -> Markup:
    """A figure: the SVG chart (each point a link to its source where it has one) and its legend."""
    years = sorted({p[0] for s in series for p in s.points})
    values = [p[1] for s in series for p in s.points]
    lo, hi = min(0.0, min(values)), max(values)
    tick_values = ticks(lo, hi if hi > lo else lo + 1)
    lo, hi = tick_values[0], tick_values[-1]
    labels = [format_nl(t) for t in tick_values]
    left = 10 + CHAR_W * max(len(t) for t in labels)
    plot_w, plot_h = width - left - RIGHT, H - TOP - BOTTOM

    def x(year: int) -> float:
        return left + (plot_w / 2 if len(years) == 1 else plot_w * years.index(year) / (len(years) - 1))

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - lo) / (hi - lo))

    parts = [f'<svg class="chart" viewBox="0 0 {width} {H}" width="{width}" height="{H}" role="group" aria-labelledby="{chart_id}-t">',
             f'<title id="{chart_id}-t">{escape(title)}</title>']
    for t, label in zip(tick_values, labels):
        parts.append(f'<line class="grid" x1="{left:.1f}" y1="{y(t):.1f}" x2="{width - RIGHT}" y2="{y(t):.1f}"/>'
                     f'<text class="tick" x="{left - 5:.1f}" y="{y(t) + 4:.1f}" text-anchor="end">{label}</text>')
    parts.append(f'<line class="axis" x1="{left:.1f}" y1="{TOP + plot_h}" x2="{width - RIGHT}" y2="{TOP + plot_h}"/>')
    parts += [f'<text class="tick" x="{x(yr):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{yr}</text>' for yr in years]
    legend = []
    for s in series:
        colour, shape, dash, fill = _look(s)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g stroke="{colour}" fill="{fill}" stroke-width="2">')
        if len(s.points) > 1:
            parts.append('<polyline fill="none"' + dash_attr + ' points="'
                         + " ".join(f"{x(p[0]):.1f},{y(p[1]):.1f}" for p in s.points) + '"/>')
        for year, value, text, href in s.points:
            name = escape(f"{s.label} {year}: {text}")
            mark = _marker(shape, x(year), y(value))
            parts.append(f'<a href="{escape(root + href)}" aria-label="{name}">{mark}<title>{name}</title></a>' if href
                         else f'<g>{mark}<title>{name}</title></g>')
        parts.append("</g>")
        legend.append(f'<li><svg width="26" height="12" aria-hidden="true"><line x1="1" y1="6" x2="25" y2="6" stroke="{colour}" stroke-width="2"'
                      f'{dash_attr}/><g stroke="{colour}" fill="{fill}" stroke-width="2">{_marker(shape, 13, 6)}</g></svg> {escape(s.label)}</li>')
    parts.append("</svg>")
    return Markup(f'<figure class="chart-box">{"".join(parts)}<ul class="chart-legend" aria-label="Legenda">{"".join(legend)}</ul></figure>')


def indicator_chart(item, doc_year: int, chart_id: str) -> Markup:
    """One indicator of one report: a line per value kind (realised, target, ...)."""
    points = numeric_points(item, doc_year)
    kinds = sorted({p[0] for p in points})
    series = [Series(kind_name(k), [(yr, v, text, "") for kk, yr, v, text in points if kk == k], n, k) for n, k in enumerate(kinds)]
    return line_chart(series, chart_id, item.title + (f" ({item.unit})" if item.unit else ""))
