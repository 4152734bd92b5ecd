"""The county's own ledgers (issue 12): what is unusual but can be true is a 提示 and the import goes on; what
cannot be true stays an error. Through import_records and the upload page, then scored by the `score` command."""

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.models import Contract, FundsInPlace, Investor, InvestorTag, Project
from targets.models import Unit, UnitKind
from tests.conftest import client_for
from tests.projects.conftest import workbook

OLD, NEW = "县经济信息委", "县经济和信息化委员会"
HEADER = [
    "code", "name", "investor", "investor_tags", "kind", "major", "sector", "total_investment_yi", "fai", "credits",
    "service_kind",
]  # fmt: skip


def county_ledger() -> dict:
    return {
        "projects": [
            HEADER,
            ["R-1", "文旅一期", "长江文旅集团", "china500", "other", "no", "生态旅游", 10, "no", "县文化旅游委", ""],
            ["R-2", "金融科技服务中心", "某研究院", "", "producer_service", "no", "金融科技", 1, "no", "县科技局", "R"],
            ["R-3", "百亿新材料基地", "某材料公司", "", "manufacturing", "no", "生态工业", 150, "yes", OLD, ""],
            ["R-4", "超大项目", "长江文旅集团", "", "other", "no", "", 50000, "no", "县税务局", ""],
        ],
        "contracts": [
            ["project_code", "kind", "signed_on", "amount_yi", "status"],
            ["R-1", "framework", "2023-02-01", 50, ""],  # an agreement above the total: silent
            ["R-1", "formal", "2023-03-01", 12, ""],  # a formal contract above the total: 提示
            ["R-2", "formal", "2023-04-01", "0.6", ""],
            ["R-3", "formal", "2023-05-01", 100, ""],
            ["R-4", "formal", "2023-05-02", 1, ""],
        ],
        "starts": [["project_code", "started_on", "status"], ["R-1", "2023-04-01", ""], ["R-3", "2023-06-01", ""]],
        "funds": [
            ["project_code", "month", "amount_yi", "source", "status"],
            ["R-1", "2023-05", "0.3", "bank", ""],  # two vouchers of one month: one record of 0.5
            ["R-1", "2023-05", "0.2", "bank", ""],
            ["R-3", "2023-06", 160, "statistics", ""],  # the statistics' figure above the total: 提示
            ["R-3", "2023-07", 1, "bank", ""],  # a voucher on an FAI project: flagged
        ],
    }


@pytest.fixture
def county(plan_2023, auditor):
    Unit.objects.create(name="县税务局", kind=UnitKind.GUARANTEE, position=300)
    call_command("rename_unit", OLD, NEW, from_year=2024, stdout=io.StringIO())
    investor = Investor.objects.create(name="长江文旅集团")
    investor.tags.add(InvestorTag.objects.get(code="china500"))


def run(path) -> str:
    out = io.StringIO()
    call_command("import_records", str(path), "--as", "auditor", stdout=out)
    return out.getvalue()


def test_the_countys_ledger_imports_with_its_notices_listed_and_scores_as_the_rules_say(county, tmp_path):
    path = tmp_path / "county.xlsx"
    path.write_bytes(workbook(county_ledger()))
    out = run(path)
    notices = [line for line in out.splitlines() if line.startswith("提示：")]
    assert "新增 项目 4 条、合同 5 条、开工 2 条、到位资金 3 条" in out
    expected = [
        "正式合同金额 12 亿元超过项目总投资 10 亿元",
        "统计部门当月到位资金 160 亿元超过项目总投资 150 亿元",
        "纳入固定资产投资统计",
        "项目总投资 50000 亿元超过 300 亿元",
        "第2、3行）合并为一条记录，合计 0.5 亿元",
        "单位“县税务局”在2023年目标任务分解表中没有任务",
    ]
    for text in expected:
        assert any(text in n for n in notices), (text, notices)
    assert not any("合同金额 50 亿元" in n or "框架" in n for n in notices)  # the framework agreement passes silently
    assert len(notices) == 1 + 1 + 1 + 1 + 1 + 1  # one each
    assert Contract.objects.get(project__code="R-1", kind="framework").amount == Decimal("50")
    assert FundsInPlace.objects.get(project__code="R-1").amount == Decimal("0.5")
    assert Project.objects.get(code="R-2").sector.name == "科技金融"  # the alias
    assert Project.objects.get(code="R-3").credits.get().unit.name == NEW  # the former name
    assert list(Investor.objects.get(name="长江文旅集团").tags.values_list("code", flat=True)) == ["china500"]

    score = io.StringIO()
    call_command("score", year=2023, as_of="2023-12-31", format="json", stdout=score)
    units = {u["unit"]: u for u in json.loads(score.getvalue())["responsible_units"]}
    assert units["县文化旅游委"]["bonus"]["score"] == "4.00"  # 中国500强, 12 亿 → ≥ 10 亿
    assert units["县科技局"]["bonus"]["score"] == "2.00"  # 创新资源类, 0.6 亿 → ≥ 0.5 亿 (no major flag needed)
    assert units[NEW]["bonus"]["score"] == "4.00"  # 百亿级工业, untagged
    assert units[NEW]["contract"]["actual"] == "100.0000"
    assert units["县文化旅游委"]["funds"]["actual"] == "0.5000"
    assert "县税务局" not in units

    assert "新增 项目 0 条、合同 0 条、开工 0 条、到位资金 0 条" in run(path)  # twice imports nothing new


def test_the_upload_preview_lists_the_notices(county, client, auditor):
    client_for(client, auditor)
    response = client.post("/ledger-import/", {"file": SimpleUploadedFile("县台账.xlsx", workbook(county_ledger()))})
    page = response.content.decode()
    assert 'id="ledger-confirm"' in page
    assert "正式合同金额 12 亿元超过项目总投资 10 亿元" in page and "合并为一条记录" in page
    assert "县税务局" in page and not Project.objects.exists()


def test_two_rows_giving_one_investor_different_tags_are_an_error_naming_both(county, tmp_path, capsys):
    sheets = county_ledger()
    sheets["projects"][4][3] = "global500"  # 长江文旅集团 again, other tags than row 2
    path = tmp_path / "tags.xlsx"
    path.write_bytes(workbook(sheets))
    with pytest.raises(CommandError):
        run(path)
    err = capsys.readouterr().err
    assert "工作表“projects”第5行“investor_tags”列" in err and "与第2行不同" in err
    assert not Project.objects.exists()


def test_an_unknown_producer_service_kind_is_an_error(county, tmp_path, capsys):
    sheets = county_ledger()
    sheets["projects"][2][10] = "09"
    path = tmp_path / "kind.xlsx"
    path.write_bytes(workbook(sheets))
    with pytest.raises(CommandError):
        run(path)
    assert "未知的生产性服务业类别“09”" in capsys.readouterr().err
