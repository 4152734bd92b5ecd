"""The five-colour grid (五色图): rows × columns of coloured cells with their values and a legend.

The bands and their colours come from the year's scheme (passed in); each cell also prints its band's mark in the
corner, so the chart still reads on a greyscale printer."""

from collections.abc import Sequence
from itertools import groupby

from django.utils.safestring import SafeString, mark_safe

from core.tables import Column, Row, Table, Value
from reports.charts.data import Band, GridRow
from reports.charts.svg import AXIS, GRID, el, empty_chart, svg_root, text, text_width, wrap

HEADER_FILL = "#e6e6e6"


def five_colour_grid(
    rows: Sequence[GridRow],
    columns: Sequence[str],
    bands: Sequence[Band],
    *,
    row_header: str = "单位",
    group_header: str = "类别",
    label: str = "",
    legend: bool = True,
    min_cell_width: float = 52,
) -> SafeString:
    """A row per unit, a column per indicator or month; a cell's colour is its band, its text the value (and a
    second line, e.g. "82.3%｜−1.0"). Rows with the same consecutive ``group`` share a merged first cell."""
    if not rows or not columns:
        return mark_safe(empty_chart(480, 120, label))
    band_by_key = {band.key: band for band in bands}
    has_groups = any(row.group for row in rows)
    has_detail = any(cell.detail for row in rows for cell in row.cells)
    row_h = 30 if has_detail else 21
    group_w = 34 if has_groups else 0
    label_w = max(text_width(row.label, 11.5) for row in [*rows, GridRow(row_header, [])]) + 14
    col_w = []
    for j, column in enumerate(columns):
        widths = [text_width(column, 11) + 10, min_cell_width]
        for row in rows:
            if j < len(row.cells):
                cell = row.cells[j]
                widths += [text_width(cell.text, 11) + 32, text_width(cell.detail, 9) + 14]
        col_w.append(max(widths))
    header_lines = max(len(wrap(c, w - 6, 11, max_lines=2)) for c, w in zip(columns, col_w, strict=True))
    header_h = 10 + 13 * header_lines
    width = group_w + label_w + sum(col_w) + 1
    parts = []

    # header row
    x = 0.5
    headers = (
        ([(group_header, group_w)] if has_groups else [])
        + [(row_header, label_w)]
        + list(zip(columns, col_w, strict=True))
    )
    for title, w in headers:
        parts.append(el("rect", x=x, y=0.5, width=w, height=header_h, fill=HEADER_FILL, stroke=AXIS, stroke_width=0.6))
        lines = wrap(title, w - 6, 11, max_lines=2)
        for k, line in enumerate(lines):
            cy = 0.5 + header_h / 2 + (k - (len(lines) - 1) / 2) * 13
            parts.append(text(x + w / 2, cy, line, size=11, anchor="middle", weight=700))
        x += w

    # group cells
    y = 0.5 + header_h
    if has_groups:
        gy = y
        for group, members in groupby(rows, key=lambda r: r.group):
            span = len(list(members)) * row_h
            parts.append(
                el("rect", x=0.5, y=gy, width=group_w, height=span, fill="#ffffff", stroke=AXIS, stroke_width=0.6)
            )
            lines = wrap(group, group_w - 8, 11, max_lines=max(int(span // 13), 1))
            for k, line in enumerate(lines):
                cy = gy + span / 2 + (k - (len(lines) - 1) / 2) * 13
                parts.append(text(0.5 + group_w / 2, cy, line, size=11, anchor="middle"))
            gy += span

    # body
    for row in rows:
        x = 0.5 + group_w
        parts.append(el("rect", x=x, y=y, width=label_w, height=row_h, fill="#ffffff", stroke=AXIS, stroke_width=0.6))
        parts.append(text(x + 6, y + row_h / 2, row.label, size=11.5))
        x += label_w
        for j, w in enumerate(col_w):
            cell = row.cells[j] if j < len(row.cells) else None
            band = band_by_key.get(cell.band) if cell and cell.band else None
            fill = band.colour if band else "#ffffff"
            ink = band.text_colour if band else AXIS
            parts.append(el("rect", x=x, y=y, width=w, height=row_h, fill=fill, stroke=AXIS, stroke_width=0.6))
            if cell is None or (not cell.text and not cell.detail):
                parts.append(text(x + w / 2, y + row_h / 2, "—", size=11, anchor="middle", fill=AXIS))
            elif cell.detail:
                parts.append(text(x + w / 2, y + 10, cell.text, size=11, anchor="middle", fill=ink, weight=700))
                parts.append(text(x + w / 2, y + 22, cell.detail, size=9, anchor="middle", fill=ink))
            else:
                parts.append(text(x + w / 2, y + row_h / 2, cell.text, size=11, anchor="middle", fill=ink, weight=700))
            if band:
                parts.append(text(x + w - 3, y + 6, band.symbol, size=7.5, anchor="end", fill=ink))
            x += w
        y += row_h
    height = y + 4

    if legend and bands:
        legend_svg, legend_h = _legend(bands, 0.5, height + 6, width)
        parts.append(legend_svg)
        height += legend_h + 10
    return mark_safe(svg_root("".join(parts), width, height, label=label, extra_class="wx-five-colour"))


def _legend(bands: Sequence[Band], x0: float, y0: float, width: float) -> tuple[str, float]:
    parts, x, y = [], x0, y0
    for band in bands:
        caption = band.name + (f"：{band.description}" if band.description else "")
        needed = 26 + text_width(caption, 10.5) + 16
        if x + needed > x0 + width and x > x0:
            x, y = x0, y + 18
        parts.append(el("rect", x=x, y=y, width=20, height=13, fill=band.colour, stroke=GRID, stroke_width=0.8))
        parts.append(text(x + 10, y + 6.5, band.symbol, size=8, anchor="middle", fill=band.text_colour))
        parts.append(text(x + 25, y + 6.5, caption, size=10.5))
        x += needed
    return "".join(parts), (y - y0) + 16


def five_colour_table(
    rows: Sequence[GridRow],
    columns: Sequence[str],
    bands: Sequence[Band],
    *,
    title: str,
    row_header: str = "单位",
    group_header: str = "类别",
    number: str = "",
    marks: bool = True,
    detail_inline: bool = True,
    notes: Sequence[str] = (),
) -> Table:
    """The same grid as a core.tables.Table: an HTML table on screen and in the PDF (WeasyPrint lays out a
    table much faster than hundreds of SVG texts) and the .xlsx export, cells filled with their band's colour.
    With ``marks`` each value starts with its band's mark (绿 蓝 …) so the grid reads in greyscale; a cell's detail
    follows its value on the same line (``detail_inline``, one row per unit fits a landscape page) or below it."""
    band_by_key = {band.key: band for band in bands}
    has_groups = any(row.group for row in rows)
    table_columns = ([Column("group", group_header, "center", width=6)] if has_groups else []) + [
        Column("unit", row_header, width=18)
    ]
    table_columns += [Column(f"c{j}", title, "band", width=None) for j, title in enumerate(columns)]
    table_rows = []
    spans = {}
    if has_groups:
        index = 0
        for _group, members in groupby(rows, key=lambda r: r.group):
            count = len(list(members))
            spans[index] = count
            index += count
    for i, row in enumerate(rows):
        cells = []
        if has_groups:
            cells.append(Value(row.group, rowspan=spans[i]) if i in spans else None)
        cells.append(row.label)
        for j in range(len(columns)):
            cell = row.cells[j] if j < len(row.cells) else None
            band = band_by_key.get(cell.band) if cell and cell.band else None
            if cell is None or (not cell.text and not cell.detail):
                cells.append(Value(None, text="—"))
                continue
            text_ = f"{band.symbol} {cell.text}" if band and marks else cell.text
            if cell.detail:
                text_ += ("　" if detail_inline else "\n") + cell.detail
            cells.append(
                Value(
                    text_,
                    text=text_,
                    fill=band.colour if band else None,
                    font_colour=band.text_colour if band else None,
                )
            )
        table_rows.append(Row(cells))
    legend = "图例：" + "；".join(f"{b.name}（{b.symbol}）{b.description}" for b in bands)
    return Table(
        title=title,
        number=number,
        columns=table_columns,
        rows=table_rows,
        notes=[legend, *notes],
        meta={"bands": list(bands)},
    )
