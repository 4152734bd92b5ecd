"""The five-colour chart's legend, tables and SVG charts, from ``five_colour_data``'s dict alone (a published
snapshot renders again identically)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import mark_safe

from core.formatting import pct, points, score, yi
from core.tables import Column, HeaderCell, Row, Table, Value
from reports import charts
from reports.charts import Cell, GridRow
from reports.charts.svg import GRID, el, svg_root, text, text_width
from reports.five_colour.data import INDICATORS, number


@dataclass(frozen=True)
class FiveColourViews:
    title: str
    legend: tuple[charts.Band, ...]
    indicator_table: Table
    month_table: Table
    indicator_chart: str
    month_chart: str
    notes: tuple[str, ...]
    legend_chart: str = ""  # the legend alone (swatches in the scheme's colours), for the top of a page


def legend_bands(data: dict) -> tuple[charts.Band, ...]:
    return tuple(charts.Band(b["code"], b["name"], b["colour"], b["text_colour"], b["rule"]) for b in data["legend"])


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def five_colour_views(data: dict) -> FiveColourViews:
    """The legend, both tables and both SVG charts, from ``five_colour_data``'s dict only."""
    bands = legend_bands(data)
    by_code = {b.key: b for b in bands}
    as_of = dt.date.fromisoformat(data["as_of"])
    period = f"{data['year']}年1月" if as_of.month == 1 else f"{data['year']}年1—{as_of.month}月"
    title = f"{period}招商引资考核情况五色图"
    cut_off = f"截至{as_of.year}年{as_of.month}月{as_of.day}日"
    tp = data["time_progress"]
    notes = tuple(data["notes"])
    legend_note = "图例：" + "；".join(f"{b.name}（{b.symbol}）{b.description}" for b in bands)

    indicator_table = _indicator_table(data, by_code, title=f"{title}（指标视图）", legend_note=legend_note)
    month_table = _month_table(data, by_code, title=f"{title}（月度视图）", legend_note=legend_note)
    indicator_chart = charts.five_colour_grid(
        [
            GridRow(
                row["unit"],
                [
                    _grid_cell(row["contract"], yi(_d(row["contract"]["value"]))),
                    _grid_cell(row["funds"], yi(_d(row["funds"]["value"]))),
                    Cell(
                        row["score"]["band"],
                        score(_d(row["score"]["value"])),
                        f"较合格线 {points(_d(row['score']['gap_points']), 2)}",
                    ),
                ],
                group=row["group"],
            )
            for row in data["rows"]
        ],
        [
            f"正式合同额（亿元）序时进度 {pct(_d(tp['contract']))}",
            f"到位资金（亿元）序时进度 {pct(_d(tp['funds']))}",
            f"总得分 合格线 {number(data['score_reference']['pass_score'])}分",
        ],
        bands,
        label=f"{title}（指标视图，{cut_off}）",
        min_cell_width=160,
    )
    short = {"contract": "合同", "funds": "到位"}
    month_rows = [
        GridRow(
            f"序时进度·{short[key]}", [Cell(None, pct(_d(m[f"{key}_progress"]))) for m in data["months"]], group="序时"
        )
        for key, _label in INDICATORS
    ]
    for row in data["rows"]:
        for key, _label in INDICATORS:
            month_rows.append(
                GridRow(
                    f"{row['unit']}·{short[key]}",
                    [Cell(c["band"], pct(_d(c["completion"]))) for c in row["months"][key]],
                    group=row["group"],
                )
            )
    month_chart = charts.five_colour_grid(
        month_rows,
        [f"{m['month']}月" for m in data["months"]],
        bands,
        label=f"{title}（月度视图：各月累计完成率对照当月序时进度，{cut_off}）",
        min_cell_width=50,
    )
    return FiveColourViews(
        title, bands, indicator_table, month_table, indicator_chart, month_chart, notes, legend_chart(bands)
    )


def legend_chart(bands, width: float = 1200) -> str:
    """Every band as a swatch in its colour, its mark and its rule, on one line when it fits ``width``."""
    parts, x, y, widest = [], 0.5, 0.5, 0.0
    for band in bands:
        caption = f"{band.name}：{band.description}"
        needed = 30 + text_width(caption, 12) + 22
        if x + needed > width and x > 0.5:
            x, y = 0.5, y + 22
        parts.append(el("rect", x=x, y=y, width=24, height=16, fill=band.colour, stroke=GRID, stroke_width=0.8))
        parts.append(text(x + 12, y + 8, band.symbol, size=10, anchor="middle", fill=band.text_colour, weight=700))
        parts.append(text(x + 30, y + 8, caption, size=12))
        x += needed
        widest = max(widest, x - 22)
    return mark_safe(
        svg_root("".join(parts), widest + 1, y + 17, label="五色图图例", extra_class="wx-five-colour-legend")
    )


def _grid_cell(cell: dict, text: str) -> Cell:
    return Cell(cell["band"], text, f"{pct(_d(cell['completion']))}｜{points(_d(cell['gap_points']))}")


def _filled(value, band: charts.Band | None, text: str | None = None) -> Value:
    if band is None:
        return Value(value, text=text)
    return Value(value, text=text, fill=band.colour, font_colour=band.text_colour)


def _groups_spans(rows: list[dict], per_row: int = 1) -> dict[int, int]:
    """Index of each group's first row → the number of table rows it spans."""
    spans, start = {}, 0
    for i, row in enumerate(rows):
        if i == 0 or row["group"] != rows[i - 1]["group"]:
            start = i
            spans[start] = 0
        spans[start] += per_row
    return spans


def _indicator_table(data: dict, by_code: dict, *, title: str, legend_note: str) -> Table:
    tp = data["time_progress"]
    columns = [Column("group", "类别", "center", width=8), Column("unit", "单位", width=20)]
    for key, _label in INDICATORS:
        columns += [
            Column(f"{key}_value", "完成", "amount"),
            Column(f"{key}_rate", "完成率", "pct"),
            Column(f"{key}_gap", "较序时进度", "points"),
            Column(f"{key}_band", "颜色", "center", width=5),
        ]
    columns += [
        Column("score", "总得分", "score"),
        Column("score_gap", "较合格线", "score"),
        Column("score_band", "颜色", "center", width=5),
    ]
    header = [
        [HeaderCell("类别", rowspan=2), HeaderCell("单位", rowspan=2)]
        + [HeaderCell(f"{label}（序时进度{pct(_d(tp[key]))}）", colspan=4) for key, label in INDICATORS]
        + [HeaderCell(f"总得分（合格线{number(data['score_reference']['pass_score'])}分）", colspan=3)],
        [HeaderCell(t) for t in ("完成", "完成率", "较序时进度", "颜色") * 2]
        + [HeaderCell(t) for t in ("得分", "较合格线", "颜色")],
    ]
    spans = _groups_spans(data["rows"])
    rows = []
    for i, row in enumerate(data["rows"]):
        cells = [Value(row["group"], rowspan=spans[i]) if i in spans else None, row["unit"]]
        for key, _label in INDICATORS:
            cell = row[key]
            band = by_code.get(cell["band"])
            cells += [
                _filled(_d(cell["value"]), band),
                _filled(_d(cell["completion"]), band),
                _filled(_d(cell["gap_points"]), band),
                _filled(band.name if band else "", band),
            ]
        s = row["score"]
        band = by_code.get(s["band"])
        gap = _d(s["gap_points"])
        cells += [
            _filled(_d(s["value"]), band),
            _filled(gap, band, text=points(gap, 2)),
            _filled(band.name if band else "", band),
        ]
        rows.append(Row(cells))
    return Table(
        title=title,
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：亿元、%、百分点、分",
        notes=[legend_note, data["notes"][0], data["notes"][1] + data["notes"][3]],
        sheet_name="五色图（指标视图）",
    )


def _month_table(data: dict, by_code: dict, *, title: str, legend_note: str) -> Table:
    months = data["months"]
    columns = [
        Column("group", "类别", "center", width=8),
        Column("unit", "单位", width=20),
        Column("indicator", "指标", "center", width=10),
    ] + [Column(f"m{m['month']}", f"{m['month']}月", "pct") for m in months]
    # the first two rows: each month's time progress, what the cells below are coloured against
    rows = [
        Row(
            [Value("序时进度", colspan=2, rowspan=len(INDICATORS)) if k == 0 else None, None, label]
            + [_d(m[f"{key}_progress"]) for m in months],
            kind="subtotal",
        )
        for k, (key, label) in enumerate(INDICATORS)
    ]
    spans = _groups_spans(data["rows"], per_row=len(INDICATORS))
    for i, row in enumerate(data["rows"]):
        for k, (key, label) in enumerate(INDICATORS):
            first = i in spans and k == 0
            cells = [
                Value(row["group"], rowspan=spans[i]) if first else None,
                Value(row["unit"], rowspan=len(INDICATORS)) if k == 0 else None,
                label,
            ]
            for cell in row["months"][key]:
                band = by_code.get(cell["band"])
                done = _d(cell["completion"])
                text = pct(done)
                cells.append(_filled(done, band, text=f"{band.symbol} {text}" if band else text))
            # a unit's sub-rows stay on one page (pdf.css: no page break after a "keep-with-next" row)
            rows.append(Row(cells, kind="keep-with-next" if k < len(INDICATORS) - 1 else "body"))
    return Table(
        title=title,
        columns=columns,
        rows=rows,
        unit="单位：累计完成率",
        notes=[legend_note, data["notes"][2], data["notes"][0] + data["notes"][3]],
        sheet_name="五色图（月度视图）",
    )
