"""`manage.py import_targets FILE --year YEAR`: all or nothing, exit status 1 with a message per bad row."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from targets.models import AssessmentYear, Leader, Sector, TargetRow, Unit
from tests.targets.annex import PLAN_CSV, annex_workbook

HEADER = "year,sector,leaders,unit,unit_kind,signed_target_yi,funded_target_yi\n"


def run(path, year=2023, **kw):
    out, err = StringIO(), StringIO()
    call_command("import_targets", str(path), year=year, stdout=out, stderr=err, **kw)
    return out.getvalue(), err.getvalue()


def fail(path, year=2023):
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_targets", str(path), year=year, stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1  # what manage.py exits with
    return err.getvalue(), str(raised.value)


def snapshot():
    return sorted(
        (r.year.year, r.sector.name if r.sector else "", r.unit.name, r.unit.kind, r.signed_target, r.funded_target)
        + tuple(leader.name for leader in r.leader_list)
        for r in TargetRow.objects.select_related("year", "sector", "unit").prefetch_related("leader_links__leader")
    ) + [("units", Unit.objects.count(), "leaders", Leader.objects.count(), "sectors", Sector.objects.count())]


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


@pytest.mark.django_db
def test_the_shipped_csv_imports_the_county_plan():
    out, _ = run(PLAN_CSV)
    assert "27 行" in out
    year = AssessmentYear.objects.get(year=2023)
    assert (year.county_signed_target, year.county_funded_target) == (Decimal("300"), Decimal("70"))
    assert Unit.objects.get(name="县招商投资事务中心").kind == "center"


@pytest.mark.django_db
def test_the_annex_xlsx_imports_the_same_plan_as_the_csv(tmp_path):
    run(PLAN_CSV)
    from_csv = snapshot()
    TargetRow.objects.all().delete()
    Sector.objects.all().delete()
    Unit.objects.all().delete()
    Leader.objects.all().delete()
    run(write(tmp_path, "附件1.xlsx", annex_workbook()))
    assert snapshot() == from_csv


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(tmp_path, plan_2023):
    before, events = snapshot(), AuditEvent.objects.count()
    ids = set(TargetRow.objects.values_list("pk", flat=True))
    out, _ = run(PLAN_CSV)
    assert "新增或变更 0 行，删除 0 行" in out
    run(write(tmp_path, "附件1.xlsx", annex_workbook()))
    assert snapshot() == before
    assert set(TargetRow.objects.values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_changed_file_makes_the_table_exactly_the_file_and_is_audited(tmp_path, plan_2023):
    text = PLAN_CSV.read_text(encoding="utf-8")
    text = text.replace(
        "2023,生态旅游,水韦梁,县文化旅游委,department,30,4", "2023,生态旅游,水韦梁,县文化旅游委,department,31,4"
    )
    text = text.replace("2023,,王军;林福云,山东招商分局,branch,3,0.9\n", "")
    out, _ = run(write(tmp_path, "plan.csv", text))
    assert "新增或变更 1 行，删除 1 行" in out
    assert TargetRow.objects.filter(year=plan_2023).count() == 26
    assert AssessmentYear.objects.get(year=2023).county_signed_target == Decimal("298")
    event = AuditEvent.objects.filter(action="targets.import").latest("pk")
    assert event.detail["source"] == "plan.csv" and event.detail["changed"] == 1


BAD_FILES = {
    "wrong_headers.csv": "year,sector,leader,unit,kind,signed,funded\n2023,生态旅游,水韦梁,县文化旅游委,department,30,4\n",
    "text_amount.csv": HEADER + "2023,生态旅游,水韦梁,县文化旅游委,department,三十,4\n",
    "negative.csv": HEADER + "2023,生态旅游,水韦梁,县文化旅游委,department,30,-4\n",
    "unknown_kind.csv": HEADER + "2023,生态旅游,水韦梁,县文化旅游委,bureau,30,4\n",
    "duplicate.csv": HEADER + "2023,生态旅游,水韦梁,县文化旅游委,department,30,4\n" * 2,
    "other_year.csv": HEADER + "2024,生态旅游,水韦梁,县文化旅游委,department,30,4\n",
    "empty.csv": "",
    "empty.xlsx": b"",
    "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "renamed.xlsx": PLAN_CSV.read_bytes(),
    "category_total.xlsx": annex_workbook(lambda ws, where: ws.cell(where["生态旅游/县文化旅游委"], 5, 76)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_exits_with_status_1_a_message_and_an_unchanged_database(tmp_path, plan_2023, name):
    before = snapshot()
    err, summary = fail(write(tmp_path, name, BAD_FILES[name]))
    assert err.strip(), "each bad row is reported on stderr"
    assert all(line.startswith(("第", "工作表")) for line in err.strip().splitlines())
    assert "未导入任何内容" in summary
    assert snapshot() == before


@pytest.mark.django_db
def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    text = (
        HEADER + "2023,生态旅游,水韦梁,县文化旅游委,department,三十,4\n2023,生态旅游,水韦梁,旅发集团,soe_group,15,-3\n"
    )
    err, summary = fail(write(tmp_path, "two.csv", text))
    assert err.splitlines() == [
        "第2行“signed_target_yi”列：“三十”不是数字（金额以亿元为单位，只填数字）",
        "第3行“funded_target_yi”列：金额不能为负数（-3）",
    ]
    assert "共 2 处错误" in summary
    assert not AssessmentYear.objects.exists()


@pytest.mark.django_db
def test_a_closed_year_is_not_changed(plan_2023):
    AssessmentYear.objects.filter(year=2023).update(is_closed=True)
    before = snapshot()
    with pytest.raises(CommandError, match="2023年度已关闭"):
        run(PLAN_CSV)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_file_and_an_absurd_year_are_refused(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run(tmp_path / "nope.csv")
    with pytest.raises(CommandError, match="年度 23 不合理"):
        run(PLAN_CSV, year=23)


@pytest.mark.django_db
def test_dry_run_checks_without_saving():
    out, _ = run(PLAN_CSV, dry_run=True)
    assert "检查通过（未保存）" in out
    assert not TargetRow.objects.exists()
