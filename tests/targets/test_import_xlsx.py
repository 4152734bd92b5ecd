"""Reading the Annex 1 layout (.xlsx): what a good file gives, and one Chinese message per bad cell otherwise."""

import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook

from targets.importing import parse_csv, parse_file, parse_xlsx
from tests.targets.annex import PLAN_CSV, annex_sheet, annex_workbook, last_row


def parse(data, **kw):
    return parse_xlsx(data, year=kw.pop("year", 2023), **kw)


def messages(result):
    return [str(e) for e in result.errors]


def key(row):
    return (row.sector, row.leaders, row.unit, row.unit_kind, row.signed_target, row.funded_target)


def test_the_annex_as_typed_reads_exactly_as_the_shipped_csv_kinds_included():
    from_xlsx = parse(annex_workbook())
    from_csv = parse_csv(PLAN_CSV.read_bytes(), year=2023)
    assert from_xlsx.ok, messages(from_xlsx)
    assert [key(r) for r in from_xlsx.rows] == [key(r) for r in from_csv.rows]


def test_merged_leader_cells_several_names_and_padded_names_are_read():
    rows = {(r.sector, r.unit): r for r in parse(annex_workbook()).rows}
    assert rows[("生态旅游", "旅发集团")].leaders == ("水韦梁",)  # covered by the merged cell above
    assert rows[("生态旅游", "生态旅游商务代表队")].leaders == ("黄勇", "水韦梁")  # "黄  勇\n水韦梁"
    assert rows[("城市提升", "城建集团")].leaders == ("罗伟",)
    assert rows[(None, "山东招商分局")].leaders == ("王军", "林福云")


def test_leader_cells_may_separate_names_with_the_chinese_comma_or_semicolons():
    def change(ws, where):
        ws.cell(where["生态旅游/生态旅游商务代表队"], 2, "黄  勇、水韦梁；王军")

    rows = {r.unit: r for r in parse(annex_workbook(change)).rows}
    assert rows["生态旅游商务代表队"].leaders == ("黄勇", "水韦梁", "王军")


def test_rows_outside_any_sector_come_last_without_a_sector():
    rows = parse(annex_workbook()).rows
    assert [(r.sector, r.unit) for r in rows[-3:]] == [
        (None, "县招商投资事务中心"),
        (None, "广东招商分局"),
        (None, "山东招商分局"),
    ]


def test_a_blank_target_cell_counts_as_zero():
    rows = {(r.sector, r.unit): r for r in parse(annex_workbook()).rows}
    assert rows[("科技金融", "工贸园区管委会")].signed_target == Decimal("0")


def test_a_grand_total_row_that_adds_up_is_accepted_and_notes_below_it_are_ignored():
    def change(ws, where):
        r = last_row(ws) + 1
        ws.cell(r, 1, "合计")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        ws.cell(r, 4, 300)
        ws.cell(r, 6, 70)
        ws.cell(r + 2, 1, "备注：该任务分解表不局限于招商部门和单位。")

    result = parse(annex_workbook(change))
    assert result.ok, messages(result)
    assert result.grand_total == (Decimal("300"), Decimal("70"))


def test_a_grand_total_that_does_not_add_up_names_its_cell():
    def change(ws, where):
        r = last_row(ws) + 1
        ws.cell(r, 1, "合计")
        ws.cell(r, 4, 301)
        ws.cell(r, 6, 70)

    result = parse(annex_workbook(change))
    assert not result.ok
    assert messages(result) == ["工作表“附件1”第30行“D（签约资金）”列：合计行的签约资金填为 301，但各行之和为 300"]


def test_rows_after_the_grand_total_are_refused():
    def change(ws, where):
        r = last_row(ws) + 1
        ws.cell(r, 1, "合计")
        ws.cell(r, 4, 300)
        ws.cell(r, 6, 70)
        ws.cell(r + 1, 3, "县林业局")
        ws.cell(r + 1, 4, 1)

    assert "合计行之后不应再有数据行" in messages(parse(annex_workbook(change)))[0]


def test_a_category_total_that_does_not_add_up_names_sheet_row_and_column():
    def change(ws, where):
        ws.cell(where["生态旅游/县文化旅游委"], 5, 76)

    result = parse(annex_workbook(change))
    assert messages(result) == [
        "工作表“附件1”第3行“E（签约资金类别合计）”列：类别“生态旅游”的签约资金类别合计填为 76，但本类别各单位之和为 75"
    ]


def test_a_category_total_of_funds_that_does_not_add_up_is_found_too():
    def change(ws, where):
        ws.cell(where["科技金融/县科技局"], 7, 1.3)

    assert (
        "类别“科技金融”的到位资金类别合计填为 1.3，但本类别各单位之和为 1.2"
        in messages(parse(annex_workbook(change)))[0]
    )


def test_a_missing_category_total_is_reported():
    def change(ws, where):
        ws.cell(where["生态农业/县农业农村委"], 5).value = None

    assert messages(parse(annex_workbook(change))) == [
        "工作表“附件1”第7行“E（签约资金类别合计）”列：类别“生态农业”缺少签约资金类别合计（各单位之和为 14）"
    ]


def test_a_row_outside_any_sector_must_repeat_its_own_figure_as_its_total():
    def change(ws, where):
        ws.cell(where["/广东招商分局"], 5, 4)

    assert "应等于本行目标（3）" in messages(parse(annex_workbook(change)))[0]


def test_text_in_an_amount_cell_names_the_cell():
    def change(ws, where):
        ws.cell(where["生态工业/县发展改革委"], 4, "三十")

    result = parse(annex_workbook(change))
    assert messages(result) == ["工作表“附件1”第10行“D（签约资金）”列：“三十”不是数字（金额以亿元为单位，只填数字）"]
    assert result.rows == [r for r in result.rows if r.unit != "县发展改革委"]


def test_a_negative_amount_names_the_cell():
    def change(ws, where):
        ws.cell(where["商贸物流/县交通局"], 6, -7)

    assert messages(parse(annex_workbook(change))) == ["工作表“附件1”第16行“F（到位资金）”列：金额不能为负数（-7）"]


def test_an_amount_typed_as_text_digits_is_accepted():
    def change(ws, where):
        ws.cell(where["商贸物流/县交通局"], 4, " 50 ")

    assert parse(annex_workbook(change)).ok


def test_more_than_four_decimal_places_is_refused_but_spreadsheet_float_noise_is_not():
    def noise(ws, where):
        ws.cell(where["生态农业/生态农业商务代表队"], 6, 0.1 + 0.2 + 0.2)  # 0.5000000000000001

    def five_places(ws, where):
        ws.cell(where["生态农业/生态农业商务代表队"], 6, 0.50001)

    assert parse(annex_workbook(noise)).ok
    assert "最多保留4位小数" in messages(parse(annex_workbook(five_places)))[0]


def test_wrong_headers_name_each_wrong_cell():
    def change(ws, where):
        ws["D2"] = "签约金额"
        ws["F2"] = "到位资金（万元）"

    assert messages(parse(annex_workbook(change))) == [
        "工作表“附件1”第2行“D”列：表头应为“签约资金（亿元）”，实为“签约金额”",
        "工作表“附件1”第2行“F”列：金额单位应为亿元",
    ]


def test_a_sheet_without_the_annex_header_is_refused():
    wb = Workbook()
    wb.active.append(["year", "sector", "leaders", "unit"])
    wb.active.append([2023, "生态旅游", "水韦梁", "县文化旅游委"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert "找不到附件1格式的表头" in messages(parse(buffer.getvalue()))[0]


def test_an_unknown_unit_kind_in_the_kind_column_is_refused():
    def change(ws, where):
        ws["H2"] = "单位类型"
        ws.cell(where["生态旅游/旅发集团"], 8, "企业")

    message = messages(parse(annex_workbook(change)))[0]
    assert message.startswith("工作表“附件1”第4行“H（单位类型）”列：未知的单位类型“企业”")


def test_the_kind_column_may_name_a_guarantee_unit_which_no_name_reveals():
    def change(ws, where):
        ws["H2"] = "单位类型"
        ws.cell(where["商贸物流/县交通局"], 8, "保障单位")

    rows = {r.unit: r for r in parse(annex_workbook(change)).rows}
    assert rows["县交通局"].unit_kind == "guarantee"
    assert rows["县商务委"].unit_kind == "department"


def test_without_a_kind_column_a_unit_on_file_keeps_its_kind():
    result = parse(annex_workbook(), known_kinds={"县交通局": "guarantee"})
    assert {r.unit: r.unit_kind for r in result.rows}["县交通局"] == "guarantee"


def test_a_kind_column_contradicting_the_unit_on_file_is_refused():
    def change(ws, where):
        ws["H2"] = "单位类型"
        ws.cell(where["商贸物流/县交通局"], 8, "department")

    result = parse(annex_workbook(change), known_kinds={"县交通局": "guarantee"})
    assert "已登记为“保障单位”，与本行的“县级部门”不一致" in messages(result)[0]


def test_a_duplicate_row_is_refused():
    def change(ws, where):
        ws.cell(where["生态旅游/旅发集团"], 3, "县文化旅游委")

    result = parse(annex_workbook(change))
    assert "与第3行重复：类别“生态旅游”下的“县文化旅游委”只能有一行" in messages(result)[0]


def test_a_row_without_sector_above_sector_rows_is_explained():
    def change(ws, where):
        ws.unmerge_cells("A3:A6")

    result = parse(annex_workbook(change))
    assert "不属于任何类别的单位应放在表末" in messages(result)[0]


def test_a_sector_split_in_two_places_is_refused():
    def change(ws, where):
        ws.cell(where["生态工业/县发展改革委"], 1, "生态旅游")
        ws.cell(where["生态工业/县发展改革委"], 5, 81)

    assert any(
        "类别“生态工业”的行应连续排列" in m or "行应连续排列" in m for m in messages(parse(annex_workbook(change)))
    )


def test_a_unit_amount_merged_over_two_rows_is_refused():
    def change(ws, where):
        r = where["城市提升/县城管局"]
        ws.merge_cells(start_row=r, start_column=4, end_row=r + 1, end_column=4)

    assert "单位目标单元格不能跨行合并" in " ".join(messages(parse(annex_workbook(change))))


def test_a_formula_without_a_computed_value_asks_to_save_the_file_in_excel():
    def change(ws, where):
        ws.cell(where["生态旅游/县文化旅游委"], 5, "=SUM(D3:D6)")

    assert "没有计算结果的公式" in messages(parse(annex_workbook(change)))[0]


def test_a_title_naming_another_year_is_a_year_mismatch():
    result = parse(annex_workbook(), year=2024)
    assert messages(result) == ["工作表“附件1”第1行“A”列：标题中的年度 2023 与导入年度 2024 不一致"]


def test_an_old_xls_file_is_refused_with_advice():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    message = messages(parse_file("附件1.xls", ole, year=2023))[0]
    assert "旧版 Excel（.xls）" in message and "另存为" in message


def test_a_file_renamed_to_xlsx_is_refused():
    for data in (b"year,sector\n2023,x\n", b"%PDF-1.4 ...", _zip_without_workbook()):
        assert "不是有效的 .xlsx 工作簿" in messages(parse_file("table.xlsx", data, year=2023))[0]


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


def test_a_damaged_xlsx_is_refused():
    data = annex_workbook()
    assert "不是有效的 .xlsx 工作簿" in messages(parse(data[: len(data) // 2]))[0]


def test_an_empty_file_is_refused():
    assert messages(parse_file("附件1.xlsx", b"", year=2023)) == ["第1行：文件为空"]


def test_an_empty_workbook_is_refused():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert messages(parse(buffer.getvalue())) == ["工作表“Sheet”第1行：工作簿是空的，没有任何数据"]


def test_a_header_with_no_rows_is_refused():
    def change(ws, where):
        ws.delete_rows(3, 40)

    assert messages(parse(annex_workbook(change))) == ["工作表“附件1”第1行：文件中没有数据行"]


def test_the_table_may_sit_on_a_later_sheet_under_a_two_row_header():
    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "2023年目标任务，见下一张工作表"
    ws = wb.create_sheet("分解表")
    annex_sheet(ws, first_row=4, subheader=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    result = parse(buffer.getvalue())
    assert result.ok, messages(result)
    assert result.rows[0].sheet == "分解表" and result.rows[0].line == 4
