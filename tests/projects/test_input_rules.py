"""The shared input rules (core/validators.py): no date before the earliest year, no control characters in text,
a maximum length on every free-text field — in the forms, the models and the ledger import."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core import validators
from projects import services
from projects.ledger import import_ledger, read_ledger
from projects.models import Activity, Contract, MonthlyReport, Project
from targets.models import Unit
from tests.conftest import client_for
from tests.helpers import make_project
from tests.projects.conftest import workbook
from tests.projects.test_ledger_import import good_ledger


def contract_form(**fields):
    return {"kind": "formal", "signed_on": "2023-06-10", "amount": "2.5", "title": "", "note": "", **fields}


# --- dates ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
def test_a_contract_signed_before_the_earliest_year_is_refused_on_the_page(client, filer, project, in_2023, day):
    response = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", contract_form(signed_on=day))
    assert response.status_code == 200
    assert any("不能早于2000年" in e for e in response.context["form"].errors["signed_on"])
    assert not Contract.objects.exists()


def test_a_funds_month_before_the_earliest_year_is_refused_on_the_page(client, filer, project, in_2023):
    data = {"month": "1999-12", "amount": "1", "source": "bank"}
    response = client_for(client, filer).post(f"/projects/{project.pk}/funds/new/", data)
    assert response.status_code == 200 and "month" in response.context["form"].errors


def test_the_earliest_year_is_a_setting_and_the_date_inputs_carry_it(client, filer, project, in_2023, settings):
    settings.EARLIEST_YEAR = 2010
    c = client_for(client, filer)
    assert 'min="2010-01-01"' in c.get(f"/projects/{project.pk}/contract/new/").content.decode()
    assert 'min="2010-01"' in c.get(f"/projects/{project.pk}/funds/new/").content.decode()
    response = c.post(f"/projects/{project.pk}/contract/new/", contract_form(signed_on="2009-06-30"))
    assert any("不能早于2010年" in e for e in response.context["form"].errors["signed_on"])


def test_the_model_refuses_an_early_date_whoever_saves_it(filer, project):
    with pytest.raises(ValidationError) as caught:
        services.record_create(
            record_type="contract", unit=filer.unit, by=filer, project=project, kind="formal",
            signed_on=dt.date(1, 1, 1), amount=Decimal("1"),
        )  # fmt: skip
    assert "signed_on" in caught.value.message_dict
    assert not Contract.objects.exists()


@pytest.mark.parametrize("value", ["0001-01-01", dt.datetime(1999, 12, 31)])
def test_the_ledger_refuses_an_early_date(auditor, value):
    sheets = good_ledger()
    sheets["contracts"][1][2] = value
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert not result.ok and not Project.objects.exists()
    assert any(e.sheet == "contracts" and e.row == 2 and "不能早于2000年" in e.message for e in result.errors)


def test_the_ledger_refuses_an_early_month(auditor):
    sheets = good_ledger()
    sheets["funds"][1][1] = "1999-05"
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert any(e.sheet == "funds" and "不能早于2000年" in e.message for e in result.errors)


def test_a_filter_date_before_the_earliest_year_is_refused_not_a_500(client, audit_admin):
    response = client_for(client, audit_admin).get("/audit/?date_from=0001-01-01")
    assert response.status_code == 200 and "不能早于2000年" in response.content.decode()


# --- control characters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["合同\x0b名称", "a\x00b", "\x1b[31m", "回\r车", "\x7f", "a\x85b"])
def test_a_control_character_in_a_one_line_field_is_refused_on_the_page(client, filer, project, in_2023, text):
    response = client_for(client, filer).post(f"/projects/{project.pk}/contract/new/", contract_form(title=text))
    assert response.status_code == 200
    assert any("控制字符" in e for e in response.context["form"].errors["title"])
    assert not Contract.objects.exists()


def test_a_multi_line_note_keeps_line_breaks_and_tabs_but_not_other_control_characters(client, filer, project, in_2023):
    c = client_for(client, filer)
    response = c.post(f"/projects/{project.pk}/contract/new/", contract_form(note="第一行\r\n第二行\n\t缩进"))
    assert response.status_code == 302 and Contract.objects.get().note.endswith("\t缩进")
    response = c.post(f"/projects/{project.pk}/contract/new/", contract_form(note="第一行\x0c第二行"))
    assert response.status_code == 200 and "控制字符" in response.context["form"].errors["note"][0]
    assert Contract.objects.count() == 1


def test_a_project_named_with_a_vertical_tab_is_refused_by_the_model(filer):
    with pytest.raises(ValidationError) as caught:
        make_project(by=filer, code="WS-9", credits=[("县文化旅游委", 100)], name="项目\x0b名称")
    assert "name" in caught.value.message_dict and not Project.objects.exists()


# openpyxl refuses to write (and never reads back) C0 characters other than tab, LF and CR: those and C1 can come in.
@pytest.mark.parametrize("column, value", [(1, "巫山\t文旅"), (2, "投资\n公司"), (0, "L-\x85001"), (1, "巫山\r文旅")])
def test_the_ledger_refuses_control_characters(auditor, column, value):
    sheets = good_ledger()
    sheets["projects"][1][column] = value
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert any(e.sheet == "projects" and e.row == 2 and "控制字符" in e.message for e in result.errors)
    assert not Project.objects.exists()


@pytest.mark.parametrize("query", ["%00", "2023-06-30%00", "%0b", "%1b%5b31m"])
def test_a_control_character_in_as_of_is_a_message_not_a_500(client, auditor, query):
    c = client_for(client, auditor)
    pk = Unit.objects.get(name="县文化旅游委").pk
    for url in (
        f"/scoring/ranking/2023/units/{pk}/score.xlsx",
        "/scoring/ranking/2023/scores.xlsx",
        "/scoring/progress/2023/progress.xlsx",
        f"/scoring/ranking/2023/units/{pk}/",
    ):
        response = c.get(f"{url}?as_of={query}")
        assert response.status_code == 200, url
        if url.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(response.content))
            assert all("\x00" not in str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row)


# --- lengths -------------------------------------------------------------------------------------------------------


def test_a_20000_character_description_is_refused_and_the_textarea_counts(client, filer, project, in_2023):
    c = client_for(client, filer)
    page = c.get(f"/projects/{project.pk}/contract/new/").content.decode()
    assert 'maxlength="2000"' in page and "data-counter" in page and "js/counter.js" in page
    response = c.post(f"/projects/{project.pk}/contract/new/", contract_form(note="字" * 50000))
    assert response.status_code == 200 and "2000" in response.context["form"].errors["note"][0]
    assert c.post(f"/projects/{project.pk}/contract/new/", contract_form(note="字" * 2000)).status_code == 302


def test_the_models_carry_the_limits(filer, project):
    record = services.record_create(
        record_type="report", unit=filer.unit, by=filer, month=dt.date(2023, 5, 1), signing="字" * 2000
    )
    assert MonthlyReport.objects.get(pk=record.pk).signing == "字" * 2000
    with pytest.raises(ValidationError):
        services.record_create(
            record_type="activity", unit=filer.unit, by=filer, kind="visit", occurred_on=dt.date(2023, 5, 2),
            title="拜访", enterprises="企" * 2001,
        )  # fmt: skip
    assert not Activity.objects.exists()
    for model, field in ((Project, "description"), (Contract, "note"), (Activity, "enterprises")):
        assert model._meta.get_field(field).max_length == validators.NOTE_MAX


def test_the_ledger_refuses_a_name_over_its_maximum(auditor):
    sheets = good_ledger()
    sheets["projects"][1][1] = "名" * 201
    result = import_ledger(read_ledger(workbook(sheets)), by=auditor)
    assert any(e.column == "name" and "最多200个字" in e.message for e in result.errors)


# --- long text in the history --------------------------------------------------------------------------------------


def test_long_text_in_a_records_history_is_shortened_with_a_way_to_expand(client, filer, auditor, project, in_2023):
    record = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, kind="formal",
        signed_on=dt.date(2023, 6, 1), amount=Decimal("1"), note="旧",
    )  # fmt: skip
    services.record_update(record=record, by=filer, note="长" * 2000)
    page = client_for(client, filer).get(f"/filing/contract/{record.pk}/").content.decode()
    history = page[page.index("history") :]
    assert "<details" in history and "（共2000字，展开）" in history
    assert history.count("长" * 2000) == 1  # once, inside <details>; the record's own note shows it too (above)


def test_the_long_text_filter_leaves_short_text_alone_and_escapes():
    from core.templatetags.text import long_text

    assert long_text("<b>短</b>") == "&lt;b&gt;短&lt;/b&gt;"
    shortened = long_text("<i>" + "x" * 300)
    assert "<details" in shortened and "&lt;i&gt;" in shortened and "<i>" not in shortened
