"""reports.tables and reports.xlsx: one table, the same figures on screen, in the PDF and in the workbook."""

import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from core.tables import (
    STYLE_COLLECTOR,
    Column,
    HeaderCell,
    Row,
    Table,
    Value,
    table_from_dicts,
)
from core.xlsx import sheet_title, tables_workbook, workbook_bytes, xlsx_response


def sample_table() -> Table:
    return Table(
        title="各单位完成情况",
        number="表1",
        unit="单位：亿元",
        columns=[
            Column("sector", "类别", "center"),
            Column("unit", "责任单位"),
            Column("signed", "签约", "amount"),
            Column("rate", "完成率", "pct"),
            Column("gap", "较序时", "points"),
            Column("score", "得分", "score"),
            Column("wan", "到位（万元）", "wan"),
            Column("count", "项目数", "int"),
        ],
        header=[
            [
                HeaderCell("类别", rowspan=2),
                HeaderCell("责任单位", rowspan=2),
                HeaderCell("正式合同额", colspan=3),
                HeaderCell("得分", rowspan=2),
                HeaderCell("到位（万元）", rowspan=2),
                HeaderCell("项目数", rowspan=2),
            ],
            [HeaderCell("签约"), HeaderCell("完成率"), HeaderCell("较序时")],
        ],
        rows=[
            Row(
                [
                    Value("生态旅游", rowspan=2),
                    "县文化旅游委",
                    Decimal("12.3456"),
                    Decimal("0.41152"),
                    Decimal("-42.18"),
                    Decimal("82.165"),
                    Decimal("0.0125"),
                    3,
                ]
            ),
            Row([None, "旅发集团", Decimal("1234.5"), None, Decimal("4"), Decimal("70"), Decimal("1"), 0]),
            Row(
                [
                    Value("合计", colspan=2),
                    None,
                    Decimal("1246.8456"),
                    Decimal("0.5"),
                    Decimal("0"),
                    Value(None, text="—"),
                    Decimal("1.0125"),
                    3,
                ],
                kind="total",
            ),
        ],
        notes=["注：示例。"],
    )


def test_cells_are_shown_through_the_money_helpers():
    (_r1, first), (_r2, second), (_r3, total) = sample_table().rendered_rows()
    assert [c.text for c in first] == ["生态旅游", "县文化旅游委", "12.35", "41.2%", "−42.2", "82.17", "125", "3"]
    assert [c.text for c in second] == ["旅发集团", "1,234.50", "—", "+4.0", "70.00", "10,000", "0"]
    assert [c.text for c in total] == ["合计", "1,246.85", "50.0%", "0.0", "—", "10,125", "3"]
    assert total[0].colspan == 2 and first[0].rowspan == 2


def load(tables_):
    return load_workbook(io.BytesIO(workbook_bytes(tables_workbook(tables_))))


def test_workbook_values_are_rounded_as_shown_with_matching_formats():
    sheet = load([sample_table()]).active
    assert sheet["A1"].value == "表1 各单位完成情况"
    assert sheet["A2"].value == "单位：亿元"
    assert [sheet.cell(5, c).value for c in range(1, 9)] == [
        "生态旅游",
        "县文化旅游委",
        12.35,
        0.412,
        -42.2,
        82.17,
        125,
        3,
    ]
    assert [sheet.cell(5, c).number_format for c in range(3, 9)] == [
        "#,##0.00",
        "0.0%",
        '+0.0;"−"0.0;0.0',
        "0.00",
        "#,##0",
        "#,##0",
    ]
    assert sheet.cell(6, 3).value == 1234.5
    assert sheet.cell(6, 4).value == "—" and sheet.cell(7, 6).value == "—"  # as on screen


def test_every_number_in_the_workbook_reads_as_on_screen():
    columns = [
        Column("a", "亿元", "amount"),
        Column("p", "完成率", "pct"),
        Column("s", "得分", "score"),
        Column("w", "万元", "wan"),
        Column("g", "百分点", "points"),
    ]
    values = [
        Decimal("0.005"),
        Decimal("0.0125"),
        Decimal("2.675"),
        Decimal("1.23455"),
        Decimal("99.995"),
        Decimal("0.83345"),
        Decimal("-0.05"),
        Decimal("12345.6789"),
    ]
    table = Table("舍入", columns, [Row([v] * 5) for v in values])
    sheet = load([table]).active
    formats = {
        "amount": lambda x: f"{x:,.2f}",
        "pct": lambda x: f"{x * 100:.1f}%",
        "score": lambda x: f"{x:.2f}",
        "wan": lambda x: f"{x:,.0f}",
        "g": None,
    }
    for r, (_row, cells) in enumerate(table.rendered_rows(), start=3):
        for c, cell in enumerate(cells, start=1):
            excel = sheet.cell(r, c).value
            fmt = formats.get(cell.column.kind)
            if fmt:
                assert fmt(excel) == cell.text, (cell.column.kind, cell.value, excel, cell.text)
            else:
                assert f"{excel:+.1f}".replace("-", "−").replace("+0.0", "0.0") == cell.text


def test_header_and_body_spans_become_merged_cells():
    merged = {str(r) for r in load([sample_table()]).active.merged_cells.ranges}
    assert {"A1:H1", "A2:H2", "A3:A4", "B3:B4", "C3:E3", "F3:F4", "A5:A6", "A7:B7"} <= merged


def test_total_rows_are_bold_and_fills_are_kept():
    table = Table(
        title="五色图",
        columns=[Column("unit", "单位"), Column("c0", "1月", "band")],
        rows=[
            Row(["县交通局", Value("绿 51.00", text="绿 51.00", fill="#2E7D32", font_colour="#ffffff")]),
            Row(["合计", "x"], kind="total"),
        ],
    )
    sheet = load([table]).active
    assert sheet["B3"].fill.fgColor.rgb.endswith("2E7D32")
    assert sheet["B3"].font.color.rgb.endswith("FFFFFF")
    assert sheet["A4"].font.bold and not sheet["A3"].font.bold
    assert sheet.freeze_panes == "A3"


def test_one_sheet_per_table_with_valid_unique_names():
    workbook = load([Table("甲/乙:表*", [Column("a", "a")], []), Table("甲/乙:表*", [Column("a", "a")], [])])
    assert workbook.sheetnames == ["甲乙表", "甲乙表(2)"]
    taken = set()
    assert len(sheet_title("很" * 40, taken)) == 31


def test_xlsx_response_is_a_download_with_a_chinese_file_name():
    response = xlsx_response(sample_table(), "2023年完成情况.xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''2023%E5%B9%B4" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "表1 各单位完成情况"


def test_a_list_of_dicts_exports_with_inferred_kinds():
    table = table_from_dicts(
        [{"单位": "县交通局", "金额": Decimal("1.5"), "项目": 2}, {"单位": "县商务委", "金额": None, "项目": 1}],
        title="明细",
    )
    assert [c.kind for c in table.columns] == ["text", "number", "int"]
    sheet = load([table]).active
    assert [sheet.cell(3, c).value for c in range(1, 4)] == ["县交通局", 1.5, 2]


@pytest.mark.parametrize("variant", ["pdf", "screen"])
def test_the_table_partial_prints_spans_and_leaves_colours_to_the_pdf_stylesheet(variant):
    table = Table(
        title="五色图",
        columns=[Column("unit", "单位"), Column("c0", "1月", "band")],
        rows=[
            Row(["县交通局", Value("绿 51.00\n102.0%", text="绿 51.00\n102.0%", fill="#2E7D32", font_colour="#fff")])
        ],
    )
    collected = []
    html = Template("{% load documents %}{% report_table table variant %}").render(
        Context({"table": table, "variant": variant, STYLE_COLLECTOR: collected})
    )
    assert "五色图" in html and "县交通局" in html and "绿 51.00" in html
    assert "style=" not in html and "<style" not in html  # the pages' CSP forbids both
    if variant == "pdf":
        assert 'class="pre fill-2e7d32-ffffff"' in html and "<colgroup><col><col></colgroup>" in html
        assert collected == [table.pdf_css()]
        assert (
            ".doc-table td.fill-2e7d32-ffffff { background-color: #2e7d32 !important; color: #ffffff !important }"
            in (collected[0])
        )
        assert f"#{table.css_id} col:nth-child(2)" in collected[0]
    else:
        assert "table-responsive" in html and not collected


def test_colours_from_data_are_checked_before_they_reach_css():
    table = Table("t", [Column("a", "a", "band")], [Row([Value("x", fill="red;}body{color:red", font_colour="#ABC")])])
    ((_row, [cell]),) = table.rendered_rows()
    assert cell.fill is None and cell.font_colour == "#aabbcc"
    assert "body" not in table.pdf_css()
