"""Charts from hand-made tables: what is drawn, in Danish, and readable without colour."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from borgerraadgiver.reports.data import Row
from borgerraadgiver.reports.renderers import charts
from borgerraadgiver.reports.renderers.charts import ChartData, chart_data, chart_spec, spread

from .samples import TRICKY, sample_report

REPORT = sample_report()


def texts(svg: str) -> list[str]:
    """The text of every <text> element, lines joined with a space, entities as written."""
    found = []
    for element in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S):
        spans = re.findall(r"<tspan[^>]*>(.*?)</tspan>", element, flags=re.S)
        found.append(" ".join(spans) if spans else element)
    return found


def test_a_pie_labels_every_slice_with_its_name_count_and_share():
    svg = charts.chart_svg(REPORT.table("org_unit_share"))
    labels = " | ".join(texts(svg))
    assert "Børn &amp; Familie" in labels
    assert "3.911 (87 %)" in labels
    assert "Udlændingestyrelsen" in labels
    assert "173 (4 %)" in labels


def test_labels_are_escaped_in_the_svg():
    svg = charts.chart_svg(REPORT.table("org_unit_share"))
    assert "<b>" not in svg
    assert "&lt;b&gt;Økonomi&lt;/b&gt;" in svg


def test_a_share_with_more_values_than_a_pie_can_label_is_drawn_as_bars_largest_first():
    data = chart_data(REPORT.table("inquiry_kind"))
    assert data.kind == "hbar"
    assert data.categories[0] == "Vejledning"
    assert list(data.values[0]) == sorted(data.values[0], reverse=True)
    labels = texts(charts.svg(data))
    assert "1.201 (27 %)" in labels
    assert "Ansøgning" in labels


def test_what_has_no_value_stays_last_in_a_bar_chart():
    data = chart_data(REPORT.table("primary_reason:Børn & Familie"))
    assert data.categories == ("Sagsbehandlingstid", "Ikke registreret")


def test_the_theme_chart_draws_the_groups_and_leaves_the_leaves_to_the_table():
    data = chart_data(REPORT.table("themes"))
    assert data.categories == ("Forvaltningsskik", "Forvaltningsloven")
    assert data.values == ((203, 108),)
    assert data.percents == (65, 35)


def test_tabel_1_is_stacked_hovedsag_and_foelgesager_with_the_total_at_the_end():
    data = chart_data(REPORT.table("org_unit_points"))
    assert data.kind == "bar"
    assert data.series == ("Hovedsag", "Følgesager")
    labels = texts(charts.svg(data))
    assert "Hovedsag" in labels and "Følgesager" in labels
    assert "Sager i alt" not in labels
    assert "4.038" in labels  # Børn & Familie's total
    assert "3.911" in labels  # its hovedsager, inside the bar


def test_development_has_a_line_per_row_told_apart_by_dash_and_symbol():
    data = chart_data(REPORT.table("development_org_unit"))
    assert data.kind == "line"
    assert data.series == ("Børn & Familie", TRICKY)
    spec = chart_spec(data)
    lines = [layer for layer in _layers(spec) if _mark(layer) == "line"]
    points = [layer for layer in _layers(spec) if _mark(layer) == "point"]
    assert "strokeDash" in lines[0]["encoding"]
    assert "shape" in points[0]["encoding"]
    labels = texts(charts.svg(data))
    for period in ("2022/23", "2023/24", "2024/25"):
        assert period in labels
    assert "Børn &amp; Familie" in labels


def test_every_figure_is_valid_vega_lite_with_its_data_inline_and_the_local_font():
    for table in REPORT.tables:
        data = chart_data(table)
        if data is None:
            continue
        spec = chart_spec(data, validate=True)
        assert "url" not in _keys(spec), table.id
        assert spec["config"]["font"].startswith("IBM Plex Sans")
        assert spec["config"]["aria"] is False


def test_the_converter_may_fetch_nothing():
    assert charts._convert_options()["allowed_base_urls"] == []


def test_the_shades_get_lighter_step_by_step_so_they_part_in_grey():
    lightness = [_luminance(c) for c in charts.RAMP]
    assert lightness == sorted(lightness)
    assert all(b - a > 0.05 for a, b in zip(lightness, lightness[1:], strict=False))


def test_a_table_without_a_chart_or_without_counts_has_no_figure():
    assert chart_data(REPORT.table("theme_by_org_unit")) is None
    share = REPORT.table("org_unit_share")
    empty = replace(share, rows=(Row("Børn & Familie", (0, None)), Row("I alt", (0, None))))
    assert chart_data(empty) is None
    assert charts.chart_svg(empty) is None


def test_word_gets_a_png_of_the_same_figure():
    png = charts.chart_png(REPORT.table("org_unit_share"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_chart_data_survives_the_round_trip_through_a_signed_payload():
    data = chart_data(REPORT.table("org_unit_points"))
    assert ChartData.from_dict(data.as_dict()) == data


def test_the_screen_copy_is_larger_but_draws_the_same():
    svg = charts.chart_svg(REPORT.table("org_unit_share"))
    bigger = charts.scaled(svg, 2)
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
    assert re.search(r'<svg[^>]* width="([\d.]+)"', bigger)[1] == f"{width * 2:.0f}"
    assert re.search(r'viewBox="[^"]+"', svg)[0] == re.search(r'viewBox="[^"]+"', bigger)[0]


@given(
    st.lists(
        st.tuples(st.floats(-100, 400), st.integers(1, 3)),
        min_size=1,
        max_size=12,
    )
)
def test_spread_labels_never_overlap_and_keep_their_order(labels):
    wanted = [w for w, _ in labels]
    heights = [n * 15.0 for _, n in labels]
    placed = spread(wanted, heights, -80, 10_000)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    for a, b in zip(order, order[1:], strict=False):
        assert placed[a] + heights[a] <= placed[b] + 1e-9


def _layers(spec):
    for layer in spec.get("layer", []):
        yield layer
        yield from _layers(layer)


def _mark(layer):
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_development_legend_writes_a_long_name_on_one_line_with_its_spaces():
    data = ChartData(
        kind="line",
        title="Udvikling",
        categories=("2023/24", "2024/25"),
        series=("Borger, Arbejdsmarked & Erhverv", "Børn & Familie"),
        values=((1, 2), (3, 4)),
    )
    legend = re.findall(r"<text[^>]*>([^<]*)</text>", charts.svg(data))
    assert "Borger, Arbejdsmarked &amp; Erhverv" in legend
