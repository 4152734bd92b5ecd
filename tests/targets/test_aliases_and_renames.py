"""Sector aliases (金融科技 = 科技金融) and a unit keeping its identity across a rename (县经济信息委 →
县经济和信息化委员会), through import_targets, rename_unit, import_records and the score command."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from projects.models import Project
from targets.models import AssessmentYear, Sector, TargetRow, Unit, UnitName
from tests.conftest import PLAN_2023
from tests.helpers import confirmed_contract, confirmed_start, make_project
from tests.projects.conftest import workbook

OLD, NEW = "县经济信息委", "县经济和信息化委员会"


def plan_file(tmp_path, year, *, replace=()):
    text = PLAN_2023.read_text(encoding="utf-8").replace("2023,", f"{year},")
    for old, new in replace:
        text = text.replace(old, new)
    path = tmp_path / f"plan_{year}.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_plans_sector_alias_is_accepted_by_import_targets(db, tmp_path):
    call_command(
        "import_targets",
        plan_file(tmp_path, 2023, replace=[(",科技金融,乔澍,县科技局", ",金融科技,乔澍,县科技局")]),
        year=2023,
    )
    year = AssessmentYear.objects.get(year=2023)
    assert list(Sector.objects.filter(year=year, name__contains="金融").values_list("name", "aliases")) == [
        ("科技金融", "金融科技")
    ]
    assert TargetRow.objects.get(year=year, unit__name="县科技局").sector.name == "科技金融"


def test_an_alias_and_its_sector_naming_one_unit_twice_is_refused_with_both_rows(db, tmp_path):
    path = plan_file(tmp_path, 2023)
    with open(path, "a", encoding="utf-8") as f:
        f.write("2023,金融科技,乔澍,县科技局,department,1,1\n")
    with pytest.raises(CommandError, match="同一类别（科技金融）的同一单位（县科技局）"):
        call_command("import_targets", path, year=2023)
    assert not TargetRow.objects.exists()


def test_a_new_year_inherits_the_sector_aliases_set_for_the_year_before(plan_2023, tmp_path):
    Sector.objects.filter(year=plan_2023, name="生态旅游").update(aliases="文化旅游;文旅")
    call_command("import_targets", plan_file(tmp_path, 2024, replace=[(",生态旅游,", ",文旅,")]), year=2024)
    sector = Sector.objects.get(year__year=2024, name="生态旅游")
    assert sector.aliases == "文化旅游;文旅" and sector.target_rows.count() > 0


@pytest.fixture
def renamed(plan_2023, filer, auditor, tmp_path):
    """Two 2023 projects of 县经济信息委, one started; then the rename from 2024 and the 2024 plan under the new name."""
    ctx = {"filer": filer, "auditor": auditor}
    started = make_project(by=filer, code="E1", credits=[(OLD, 100)])
    confirmed_contract(started, **ctx, amount="3", signed_on="2023-03-01")
    confirmed_start(started, **ctx, started_on="2023-06-01")
    waiting = make_project(by=filer, code="E2", credits=[(OLD, 100)])
    confirmed_contract(waiting, **ctx, amount="2", signed_on="2023-04-01")
    out = io.StringIO()
    call_command("rename_unit", OLD, NEW, from_year=2024, stdout=out)
    assert f"更名为“{NEW}”" in out.getvalue()
    call_command("import_targets", plan_file(tmp_path, 2024, replace=[(OLD, NEW)]), year=2024)
    return Unit.objects.get(name=NEW)


def test_a_renamed_unit_keeps_its_identity_projects_and_former_name(renamed):
    assert not Unit.objects.filter(name=OLD).exists()
    assert list(renamed.former_names.values_list("name", "until_year")) == [(OLD, 2023)]
    assert set(Project.objects.filter(credits__unit=renamed).values_list("code", flat=True)) == {"E1", "E2"}
    assert TargetRow.objects.filter(year__year=2023, unit=renamed).exists()
    assert TargetRow.objects.filter(year__year=2024, unit=renamed).exists()
    assert AuditEvent.objects.filter(action="unit.rename", object_id=str(renamed.pk)).exists()


def test_the_three_year_start_rate_carries_across_the_rename(renamed):
    out = io.StringIO()
    call_command("score", year=2024, as_of="2024-12-31", format="json", stdout=out)
    unit = next(u for u in json.loads(out.getvalue())["responsible_units"] if u["unit"] == NEW)
    assert (unit["start_rate"]["started"], unit["start_rate"]["signed"], unit["start_rate"]["value"]) == (
        "1.0000",
        "2.0000",
        "0.5000",
    )


def test_imports_accept_the_former_name(renamed, auditor, tmp_path):
    path = tmp_path / "old_name.xlsx"
    path.write_bytes(
        workbook(
            {
                "projects": [
                    ["code", "name", "investor", "kind", "major", "sector", "total_investment_yi", "fai", "credits"],
                    ["E3", "旧名称台账项目", "某公司", "other", "no", "", 5, "no", OLD],
                ],
                "contracts": [["project_code", "kind", "signed_on", "amount_yi", "status"]],
                "starts": [["project_code", "started_on", "status"]],
                "funds": [["project_code", "month", "amount_yi", "source", "status"]],
            }
        )
    )
    call_command("import_records", str(path), "--as", "auditor", stdout=io.StringIO())
    assert Project.objects.get(code="E3").credits.get().unit == renamed
    # and the 2023 table re-imported with the old name updates the same unit's row, creating no unit
    call_command("import_targets", str(PLAN_2023), year=2023)
    assert not Unit.objects.filter(name=OLD).exists()


def test_a_rename_to_a_name_in_use_is_refused(renamed):
    with pytest.raises(CommandError, match="已有单位叫“县交通局”"):
        call_command("rename_unit", NEW, "县交通局", from_year=2025)
    assert UnitName.objects.count() == 1


def test_renaming_a_unit_in_the_admin_site_keeps_the_old_name_as_a_former_name(client, sysadmin, time_machine):
    time_machine.move_to("2024-02-01 10:00:00+08:00", tick=False)
    unit = Unit.objects.get(name=OLD)
    client.force_login(sysadmin)
    response = client.post(
        f"/admin/targets/unit/{unit.pk}/change/",
        {"name": NEW, "short_name": "", "kind": unit.kind, "position": unit.position, "is_active": "on"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == NEW
    assert list(unit.former_names.values_list("name", "until_year")) == [(OLD, 2023)]
    assert AuditEvent.objects.filter(action="unit.rename", object_id=str(unit.pk)).exists()
