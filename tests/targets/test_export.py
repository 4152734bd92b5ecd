"""`manage.py export_targets --year YEAR -o FILE.xlsx`: the Annex 1 layout, and the round trip through import."""

import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from targets.models import AssessmentYear, Leader, Sector, TargetRow, Unit


def export(tmp_path, name="out.xlsx", year=2023):
    path = tmp_path / name
    call_command("export_targets", year=year, output=str(path), stdout=StringIO())
    return path


def workbook_values(path):
    """Everything a reader sees: each cell's value, the merged ranges, the sheet name."""
    ws = load_workbook(path).active
    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    return ws.title, cells, sorted(str(r) for r in ws.merged_cells.ranges)


def test_the_export_has_the_annex_layout(tmp_path, plan_2023):
    ws = load_workbook(export(tmp_path)).active
    assert ws["A1"].value == "2023年招商引资目标任务分解表"
    assert [ws.cell(2, c).value for c in range(1, 9)] == [
        "类别",
        "牵头领导",
        "责任单位",
        "签约资金（亿元）",
        None,
        "到位资金（亿元）",
        None,
        "单位类型",
    ]
    assert [ws.cell(3, c).value for c in range(4, 8)] == ["单位目标", "类别合计", "单位目标", "类别合计"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 生态旅游: rows 4–7, its 类别 and both category totals merged; 水韦梁 leads the first three rows.
    assert {"A4:A7", "E4:E7", "G4:G7", "B4:B6"} <= merged
    assert (ws["A4"].value, ws["E4"].value, ws["G4"].value) == ("生态旅游", 75, 12)
    assert ws["B7"].value == "黄  勇\n水韦梁"
    assert ws["B30"].value == "王  军\n林福云" and ws["C30"].value == "山东招商分局"
    assert (ws["A31"].value, ws["D31"].value, ws["F31"].value) == ("合计", 300, 70)
    assert {"A31:C31", "D31:E31", "F31:G31"} <= merged
    assert ws["H4"].value == "县级部门" and ws["H28"].value == "县招商投资事务中心"


def test_the_export_is_formatted_for_reading_and_printing(tmp_path, plan_2023):
    ws = load_workbook(export(tmp_path)).active
    assert ws["D4"].number_format == "#,##0.00##"
    assert ws.column_dimensions["C"].width >= 20
    assert ws["C10"].border.left.style == "thin"
    assert ws.freeze_panes == "A4"
    assert ws["A2"].font.b and ws["A31"].font.b


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_workbook(tmp_path, plan_2023):
    first = export(tmp_path, "first.xlsx")
    TargetRow.objects.all().delete()
    AssessmentYear.objects.all().delete()
    Sector.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    call_command("import_targets", str(first), year=2023, stdout=StringIO(), stderr=StringIO())
    second = export(tmp_path, "second.xlsx")
    assert workbook_values(second) == workbook_values(first)
    year = AssessmentYear.objects.get(year=2023)
    assert (year.county_signed_target, year.county_funded_target) == (Decimal("300"), Decimal("70"))
    assert Unit.objects.count() == 26


def test_amounts_with_four_places_survive_the_round_trip(tmp_path, plan_2023):
    TargetRow.objects.filter(unit__name="县城管局").update(signed_target=Decimal("1.0125"))
    first = export(tmp_path, "first.xlsx")
    TargetRow.objects.filter(unit__name="县城管局").update(signed_target=Decimal("9"))
    call_command("import_targets", str(first), year=2023, stdout=StringIO(), stderr=StringIO())
    assert TargetRow.objects.get(unit__name="县城管局").signed_target == Decimal("1.0125")
    assert workbook_values(export(tmp_path, "second.xlsx")) == workbook_values(first)


def test_a_guarantee_unit_keeps_its_kind_through_the_round_trip(tmp_path, plan_2023):
    Unit.objects.filter(name="县交通局").update(kind="guarantee")
    first = export(tmp_path)
    TargetRow.objects.all().delete()
    Unit.objects.all().delete()
    call_command("import_targets", str(first), year=2023, stdout=StringIO(), stderr=StringIO())
    assert Unit.objects.get(name="县交通局").kind == "guarantee"


def test_export_refuses_an_unknown_year_and_a_wrong_file_name(tmp_path, plan_2023):
    with pytest.raises(CommandError, match="没有 2019 年度"):
        export(tmp_path, year=2019)
    with pytest.raises(CommandError, match="须以 .xlsx 结尾"):
        export(tmp_path, name="out.csv")
    with pytest.raises(CommandError, match="目录不存在"):
        export(tmp_path, name="missing/out.xlsx")


def test_the_download_button_gives_the_same_workbook_as_the_command(tmp_path, client, office):
    client.force_login(office)
    response = client.get("/targets/2023/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''2023" in response["Content-Disposition"]
    downloaded = tmp_path / "downloaded.xlsx"
    downloaded.write_bytes(response.content)
    assert workbook_values(downloaded) == workbook_values(export(tmp_path))
    assert load_workbook(io.BytesIO(response.content)).active["D31"].value == 300
