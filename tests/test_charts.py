"""site_builder.charts: the SVG line charts of indicator values (axes, series looks, legend, escaping)."""
import re

from nlp.model import Item
from site_builder.charts import BENCHMARK_COLOUR, COLOURS, Series, indicator_chart, line_chart, numeric_points, ticks


def indicator(values, title="Bereik minimaregelingen", unit="%"):
    return Item("i1", "d", "indicator", title, 0, 10, [], 0, values=values, unit=unit)


VALUES = [{"kind": "target", "year": 2023, "value": 60, "printed": "60"},
          {"kind": "realised", "year": 2021, "value": 52.5, "printed": "52,5"},
          {"kind": "realised", "value": 55, "printed": "55"},  # no year: the document's
          {"kind": "realised", "year": 2020, "value": "Stabiel", "printed": "Stabiel"}]  # no number: not drawn


def test_numeric_points_are_sorted_and_take_the_documents_year():
    assert numeric_points(indicator(VALUES), 2022) == [("realised", 2021, 52.5, "52,5%"), ("realised", 2022, 55.0, "55%"),
                                                       ("target", 2023, 60.0, "60%")]


def test_ticks_are_round_and_cover_the_range():
    assert ticks(0, 60) == [0, 20, 40, 60]
    assert ticks(3, 7.2) == [3, 4, 5, 6, 7, 8]
    for lo, hi in [(0, 0.84), (0, 4.5e7), (-12, 130), (1, 1.01)]:
        t = ticks(lo, hi)
        assert t[0] <= lo and t[-1] >= hi and len({round(b - a, 9) for a, b in zip(t, t[1:])}) == 1


def test_indicator_chart_draws_a_line_per_value_kind():
    chart = str(indicator_chart(indicator(VALUES), 2022, "c-1"))
    assert chart.startswith('<figure class="chart-box"><svg class="chart"') and 'aria-labelledby="c-1-t"' in chart
    assert '<title id="c-1-t">Bereik minimaregelingen (%)</title>' in chart
    legend = re.findall(r"</svg> ([^<]+)</li>", chart)
    assert legend == ["gerealiseerd", "streefwaarde"]  # Dutch names, in the order of the kinds
    assert chart.count("<polyline") == 1  # the target has one point: a marker, no line
    assert [t for t in re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', chart) if len(t) == 4] == ["2021", "2022", "2023"]
    assert "gerealiseerd 2021: 52,5%" in chart and "streefwaarde 2023: 60%" in chart


def test_series_looks_links_and_escaping():
    series = [Series("Delft <b>", [(2020, 4500, "4.500", "documents/delft.html#i1"), (2021, 8000, "8.000", "")], 0),
              Series("Delft streef", [(2021, 9000, "9.000", "")], 0, "target"),
              Series("Nederland", [(2020, 5000, "5.000", ""), (2021, 5100, "5.100", "")], 1, "benchmark")]
    chart = str(line_chart(series, "c-2", 'Banen "per" 1.000', root="../"))
    assert "<b>" not in chart and "Delft &lt;b&gt;" in chart and "Banen &#34;per&#34; 1.000" in chart
    assert '<a href="../documents/delft.html#i1" aria-label="Delft &lt;b&gt; 2020: 4.500">' in chart
    groups = re.findall(r'<g stroke="([^"]+)" fill="([^"]+)" stroke-width="2">', chart.split("</svg>")[0])
    assert groups == [(COLOURS[0], COLOURS[0]), (COLOURS[0], "#fff"), (BENCHMARK_COLOUR, "#fff")]  # targets and benchmarks hollow
    assert 'stroke-dasharray="2 3"' in chart  # the benchmark dotted
    labels = re.findall(r'<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="end">([^<]+)</text>', chart)
    assert labels and all(float(x) - 6.6 * len(text) >= 0 for x, text in labels)  # no axis label cut off on the left
