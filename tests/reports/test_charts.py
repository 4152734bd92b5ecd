"""reports.charts: well-formed SVG, labels present and escaped, bars to scale, safe on empty, zero and negative data."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports.charts import (
    Band,
    Bar,
    Cell,
    GridRow,
    Marker,
    Series,
    bar_chart,
    five_colour_grid,
    grouped_bar_chart,
    line_chart,
    progress_bar,
)
from reports.charts.svg import nice_scale, text_width, wrap

NS = {"svg": "http://www.w3.org/2000/svg"}
BANDS = [
    Band("green", "绿", "#2e7d32", "#ffffff", "完成全年目标"),
    Band("red", "红", "#c0392b", "#ffffff", "滞后30个百分点以上"),
]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def texts(svg) -> list[str]:
    return [t.text or "" for t in parse(svg).iter("{http://www.w3.org/2000/svg}text")]


def bars_of(svg) -> list[ET.Element]:
    """The data bars: rects that are neither the background nor pattern tiles nor legend swatches."""
    root = parse(svg)
    return [r for r in root.findall("svg:rect", NS) if float(r.get("height")) == 13]


def every_chart():
    return {
        "horizontal": bar_chart([Bar("县文化旅游委", Decimal("12.3456")), Bar("县交通局", Decimal("3"))]),
        "vertical": bar_chart([Bar("生态旅游", 5), Bar("生态农业", 2)], orientation="vertical"),
        "grouped": grouped_bar_chart(["生态旅游", "生态农业"], [Series("目标", [75, 14]), Series("完成", [60, 9])]),
        "line": line_chart(["1月", "2月", "3月"], [Series("累计", [1, 2, None]), Series("节点", [1, 3, 7])]),
        "progress": progress_bar(Decimal("227.92"), Decimal("300"), progress=Decimal("0.8333"), label="正式合同额"),
        "grid": five_colour_grid(
            [GridRow("县交通局", [Cell("green", "51.00")], group="商贸物流")], ["正式合同额"], BANDS
        ),
    }


@pytest.mark.parametrize("name", list(every_chart()))
def test_every_chart_is_well_formed_svg_with_a_viewbox_and_no_script(name):
    svg = every_chart()[name]
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert "<script" not in svg and " on" not in svg.split(">", 1)[0]


@pytest.mark.parametrize("name", list(every_chart()))
def test_the_same_input_gives_the_same_svg(name):
    assert every_chart()[name] == every_chart()[name]


def test_horizontal_bars_carry_their_labels_and_formatted_values():
    svg = bar_chart([Bar("县文化旅游委", Decimal("12.3456")), Bar("县交通局", Decimal("3"))], label="各单位签约")
    assert {"县文化旅游委", "县交通局", "12.35", "3.00"} <= set(texts(svg))
    assert parse(svg).find("svg:title", NS).text == "各单位签约"


def test_bar_lengths_are_proportional_to_values():
    svg = bar_chart([Bar("甲", 10), Bar("乙", 5), Bar("丙", Decimal("2.5"))])
    widths = [float(r.get("width")) for r in bars_of(svg)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)
    assert widths[1] == pytest.approx(2 * widths[2], rel=0.01)


def test_markers_are_drawn_at_their_value_on_the_same_scale_as_bars():
    svg = bar_chart([Bar("甲", 100), Bar("乙", 50)], markers=[Marker(Decimal("83.3"), "序时进度 83.3%", "progress")])
    root = parse(svg)
    first_bar = bars_of(svg)[0]
    zero_x = float(first_bar.get("x"))
    full = float(first_bar.get("width"))
    dashed = [line for line in root.findall("svg:line", NS) if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert float(dashed[0].get("x1")) - zero_x == pytest.approx(full * 0.833, rel=0.01)
    assert "序时进度 83.3%" in texts(svg)


def test_negative_values_extend_left_of_zero_and_keep_their_sign():
    svg = bar_chart([Bar("甲", 10), Bar("乙", -5)])
    positive, negative = bars_of(svg)
    assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(float(positive.get("x")), abs=0.2)
    assert "-5.00" in texts(svg)


@pytest.mark.parametrize(
    "chart",
    [
        lambda: bar_chart([]),
        lambda: bar_chart([Bar("甲", 0), Bar("乙", 0)]),
        lambda: bar_chart([Bar("甲", None)]),
        lambda: bar_chart([Bar("甲", None)], orientation="vertical"),
        lambda: grouped_bar_chart([], []),
        lambda: grouped_bar_chart(["甲"], [Series("a", [None])]),
        lambda: line_chart([], []),
        lambda: line_chart(["1月"], [Series("a", [None])]),
        lambda: line_chart(["1月", "2月"], [Series("a", [0, 0])]),
        lambda: progress_bar(0, 0),
        lambda: progress_bar(None, Decimal("10")),
        lambda: progress_bar(Decimal("-1"), Decimal("10"), progress=Decimal("0.5")),
        lambda: five_colour_grid([], [], BANDS),
        lambda: five_colour_grid([GridRow("甲", [])], ["1月", "2月"], BANDS),
    ],
)
def test_empty_zero_and_missing_data_give_a_valid_chart(chart):
    root = parse(chart())
    assert float(root.get("width")) > 0 and float(root.get("height")) > 0
    for rect in root.iter("{http://www.w3.org/2000/svg}rect"):
        assert float(rect.get("width", 0)) >= 0 and float(rect.get("height", 0)) >= 0


def test_an_empty_chart_says_there_is_no_data():
    assert "暂无数据" in texts(bar_chart([]))


def test_labels_are_escaped():
    svg = bar_chart([Bar("<b>甲&乙</b>", 1)], label='"引号" & <标签>')
    assert "<b>" not in svg
    assert "<b>甲&乙</b>" in texts(svg)


def test_bars_behind_time_progress_are_hatched_so_they_read_in_greyscale():
    svg = bar_chart([Bar("甲", 90), Bar("乙", 40, tone="alert")], legend=[("normal", "达到"), ("alert", "滞后")])
    root = parse(svg)
    patterns = root.findall("svg:defs/svg:pattern", NS)
    assert len(patterns) == 1
    hatched = [r for r in bars_of(svg) if r.get("fill", "").startswith("url(#")]
    assert len(hatched) == 1 and hatched[0].get("fill") == f"url(#{patterns[0].get('id')})"
    assert {"达到", "滞后"} <= set(texts(svg))


def test_grouped_series_differ_by_pattern_not_only_colour():
    svg = grouped_bar_chart(["甲", "乙"], [Series("目标", [3, 4]), Series("完成", [1, 2])])
    fills = {r.get("fill") for r in parse(svg).findall("svg:rect", NS) if float(r.get("height")) > 10}
    assert any(f.startswith("url(#") for f in fills) and any(f.startswith("#") for f in fills)


def test_pattern_ids_differ_between_charts_so_several_can_share_a_page():
    a = bar_chart([Bar("甲", 1, tone="alert")])
    b = bar_chart([Bar("乙", 2, tone="alert")])
    id_a = parse(a).find("svg:defs/svg:pattern", NS).get("id")
    id_b = parse(b).find("svg:defs/svg:pattern", NS).get("id")
    assert id_a != id_b


def test_vertical_bar_heights_are_to_scale():
    svg = bar_chart([Bar("甲", 40), Bar("乙", 20)], orientation="vertical")
    heights = [float(r.get("height")) for r in parse(svg).findall("svg:rect", NS)]
    assert heights[0] == pytest.approx(2 * heights[1], rel=0.01)


def test_line_chart_stops_at_missing_months_and_labels_the_last_point():
    svg = line_chart(
        [f"{m}月" for m in range(1, 7)],
        [
            Series("累计到位", [Decimal("1"), Decimal("2.5"), Decimal("4"), None, None, None]),
            Series("节点", [1, 2, 3, 4, 5, 6]),
        ],
    )
    root = parse(svg)
    paths = root.findall("svg:path", NS)
    actual_points = paths[0].get("d").count(",")
    assert actual_points == 3
    assert "4.00" in texts(svg) and "6.00" in texts(svg)
    assert {"1月", "6月", "累计到位", "节点"} <= set(texts(svg))
    assert paths[1].get("stroke-dasharray")


def test_progress_bar_reports_completion_from_decimals_and_flags_lag():
    svg = progress_bar(Decimal("227.92"), Decimal("300"), progress=Decimal("0.8333"), label="正式合同额")
    summary = [t for t in texts(svg) if "完成" in t][0]
    assert "227.92 / 300.00 亿元" in summary and "完成 76.0%" in summary and "序时进度 83.3%" in summary
    assert "url(#" in svg  # hatched: behind time progress


def test_progress_bar_over_target_is_capped_to_the_track():
    svg = progress_bar(Decimal("150"), Decimal("100"))
    rects = parse(svg).findall("svg:rect", NS)
    assert float(rects[1].get("width")) == pytest.approx(float(rects[0].get("width")), abs=0.01)
    assert "完成 150.0%" in " ".join(texts(svg))


def test_five_colour_grid_fills_cells_with_the_bands_and_marks_them():
    rows = [
        GridRow("县文化旅游委", [Cell("green", "31.00", "103.3%｜+20.0"), Cell("red", "0.80")], group="生态旅游"),
        GridRow("旅发集团", [Cell("red", "2.00"), Cell(None, "")], group="生态旅游"),
    ]
    svg = five_colour_grid(rows, ["正式合同额", "到位资金"], BANDS, label="五色图")
    fills = [r.get("fill") for r in parse(svg).findall("svg:rect", NS)]
    assert fills.count("#2e7d32") == 2  # a cell and its legend swatch
    assert fills.count("#c0392b") == 3
    words = texts(svg)
    assert {"县文化旅游委", "31.00", "103.3%｜+20.0", "—", "绿：完成全年目标"} <= set(words)
    assert words.count("绿") >= 2  # the mark in the cell and in the legend
    assert (words.count("生态"), words.count("旅游")) == (1, 1)  # one merged group cell, its name on two lines


def test_nice_scale_includes_zero_and_covers_the_data():
    assert nice_scale(0, 83.3) == (0, 100, 20)
    low, high, step = nice_scale(-7, 12)
    assert low <= -7 and high >= 12 and low < 0 < high
    assert nice_scale(0, 0) == (0, 1, 0.2)


def test_text_width_counts_cjk_wider_than_digits_and_wrap_breaks_long_labels():
    assert text_width("县交通局", 10) > text_width("1234", 10)
    assert wrap("劳动密集型商务代表队", 40, 10) == ["劳动密集", "型商务代", "表队"]
