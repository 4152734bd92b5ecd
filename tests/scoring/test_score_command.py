"""`manage.py score` exactly as INTERCHANGE.md §3, with figures checked by hand against the small year."""

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook


def run(*args):
    out = io.StringIO()
    call_command("score", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_json_figures_match_the_hand_computation(small_year):
    data = run("--year", "2023", "--as-of", "2023-12-31", "--format", "json")
    assert list(data) == ["year", "as_of", "scheme", "responsible_units"]
    assert (data["year"], data["as_of"], data["scheme"]) == (2023, "2023-12-31", "2023 (v1)")
    assert len(data["responsible_units"]) == 26
    first = data["responsible_units"][0]
    assert list(first) == [
        "unit", "contract", "funds", "funds_rate", "start_rate", "bonus", "daily", "total", "rank", "targets_met",
    ]  # fmt: skip
    assert list(first["start_rate"]) == ["started", "signed", "value", "average", "score"]
    units = {u["unit"]: u for u in data["responsible_units"]}
    tourism = units["县文化旅游委"]
    assert tourism == {
        "unit": "县文化旅游委",
        "contract": {"actual": "9.0000", "target": "30.0000", "score": "6.00"},
        "funds": {"actual": "3.6000", "target": "4.0000", "score": "27.00"},
        "funds_rate": {"value": "0.4000", "average": "0.4000", "score": "20.00"},
        "start_rate": {
            "started": "1.6000",
            "signed": "1.6000",
            "value": "1.0000",
            "average": "0.7917",
            "score": "20.00",
        },
        "bonus": {"score": "4.80"},  # P1 3 points + P2 3 points × 60 %
        "daily": {"score": "9.00"},  # February's 外出拜访 left blank
        "total": "86.80",
        "rank": 1,
        "targets_met": False,
    }
    transport = units["县交通局"]
    assert transport["funds"]["score"] == "3.43"  # 0.8 / 7 × 30 = 3.428…
    assert transport["start_rate"] == {
        "started": "1.4000",
        "signed": "2.4000",
        "value": "0.5833",
        "average": "0.7917",
        "score": "14.74",
    }
    assert transport["daily"]["score"] == "0.00"  # no report filed, a training missed
    assert (transport["total"], transport["rank"]) == ("40.17", 2)
    idle = units["旅发集团"]
    assert idle["funds_rate"] == {"value": None, "average": "0.4000", "score": "0.00"}
    assert (idle["total"], idle["rank"]) == ("0.00", 3)
    assert units["县农业农村委"]["rank"] == 3  # ties share a rank
    earlier = {u["unit"]: u for u in run("--year", "2023", "--as-of", "2023-05-31")["responsible_units"]}
    assert earlier["县文化旅游委"]["funds"]["actual"] == "1.7000"


def test_xlsx_holds_the_same_figures(small_year, tmp_path):
    target = tmp_path / "scores.xlsx"
    call_command(
        "score", "--year", "2023", "--as-of", "2023-12-31", "--format", "xlsx", "-o", str(target), stderr=io.StringIO()
    )
    sheet = load_workbook(target)["得分"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert str(rows["县文化旅游委"]["总分"]) == "86.8"
    assert rows["县文化旅游委"]["名次"] == 1
    assert rows["县交通局"]["资金到位额完成率得分"] == pytest.approx(3.43)
    assert load_workbook(target)["说明"]["B3"].value == "2023 (v1)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999"], "1999年度尚未设置"),
        (["--year", "2023", "--as-of", "2023-02-30"], "不是有效日期"),
        (["--year", "2023", "--as-of", "2024-01-31"], "须在2023年内"),
        (["--year", "2023", "--format", "xlsx"], "需要用 -o"),
    ],
)
def test_bad_arguments_fail_with_a_chinese_message(plan_2023, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("score", *args, stdout=io.StringIO())


def test_the_ranking_page_exports_the_same_sheet(client, auditor):
    from tests.conftest import client_for

    response = client_for(client, auditor).get("/scoring/ranking/2023/scores.xlsx?as_of=2023-06-30")
    assert response.status_code == 200
    assert "filename*=UTF-8''" + quote("2023年考核得分排名（截至2023-06-30）.xlsx") in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book["说明"]["B2"].value == "2023-06-30"
    assert book["得分"].max_row == 27


def test_the_ranking_export_lists_units_in_the_pages_order_with_counts_as_integers(client, auditor, filer):
    from projects.models import Project
    from tests.conftest import client_for
    from tests.helpers import confirmed_contract, confirmed_start, make_project

    for n in range(2):
        project = make_project(by=filer, code=f"WS-2023-X{n}", credits=[("县文化旅游委", 100)])
        confirmed_contract(project, filer=filer, auditor=auditor, amount=5, signed_on="2023-03-01")
        confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-04-01")
    assert Project.objects.count() == 2
    c = client_for(client, auditor)
    page = c.get("/scoring/ranking/2023/?as_of=2023-06-30")
    ranked = [s.name for s in page.context["scores"].ranking]
    sheet = load_workbook(io.BytesIO(c.get("/scoring/ranking/2023/scores.xlsx?as_of=2023-06-30").content))["得分"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ranked
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "县文化旅游委")
    started = row[headers.index("近三年开工项目数")]
    assert started.value == 2 and isinstance(started.value, int) and started.number_format == "0"
