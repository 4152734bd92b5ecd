"""Issue 10 for the ledger: what ``import_records`` writes of an investor's tags and a project's facts.

The interchange contract (INTERCHANGE.md §2): an empty optional cell means "not given" and never clears what the
system holds; two rows giving one investor different tags are an error naming both rows; imported facts are confirmed
facts (the importer is an auditor), kept as versions like any other. Everything through the real command.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from projects.models import FactSource, Investor, InvestorTagVersion, Project, ProjectFactVersion
from targets.models import Sector
from tests.helpers import confirmed_contract, make_project
from tests.projects.conftest import workbook
from tests.projects.test_ledger_import import PROJECT_HEADER

INVESTOR = "某中央企业"


def row(code, *, tags=None, sector=None, investor=INVESTOR, credits="县文化旅游委", name=None):
    return [code, name or f"项目{code}", investor, None, tags, "other", "no", sector, None, 5, "no", credits]


def bonus(unit="县交通局", as_of="2023-12-31") -> dict:
    buffer = io.StringIO()
    call_command("score", year=2023, as_of=as_of, format="json", stdout=buffer)
    return next(u["bonus"] for u in json.loads(buffer.getvalue())["responsible_units"] if u["unit"] == unit)


def tag_codes(name=INVESTOR) -> list[str]:
    return sorted(Investor.objects.get(name=name).tags.values_list("code", flat=True))


@pytest.fixture
def ledger_file(tmp_path):
    def write(projects, **sheets):
        path = tmp_path / "台账.xlsx"
        path.write_bytes(workbook({"projects": [PROJECT_HEADER, *projects], **sheets}))
        return str(path)

    return write


@pytest.fixture
def theirs(other_filer, auditor):
    """交通局's project of a 中央企业 with a confirmed 3亿 formal contract: 2 bonus points, its tags confirmed."""
    project = make_project(
        by=other_filer,
        code="JT-9",
        credits=[("县交通局", 100)],
        investor=INVESTOR,
        investor_tags=["central_soe"],
        sector=Sector.objects.get(year__year=2023, name="生态旅游"),
    )
    confirmed_contract(project, filer=other_filer, auditor=auditor, amount=3, signed_on="2023-04-01")
    return project


def test_an_empty_tags_cell_keeps_the_investors_tags_and_the_other_projects_bonus(ledger_file, auditor, theirs):
    before_bonus, versions = bonus(), InvestorTagVersion.objects.count()
    assert before_bonus["score"] != "0.00"
    call_command("import_records", ledger_file([row("L-201", tags=None), row("L-202", tags="")]), "--as", "auditor")
    assert Project.objects.filter(code__in=["L-201", "L-202"], investor=theirs.investor).count() == 2
    assert tag_codes() == ["central_soe"]
    assert InvestorTagVersion.objects.count() == versions
    assert not AuditEvent.objects.filter(action="investor.tags", user=auditor).exists()
    assert bonus() == before_bonus


@pytest.mark.parametrize("as_user", ["auditor", None])
def test_different_tags_are_a_new_confirmed_version_from_the_import_audited(ledger_file, auditor, theirs, as_user):
    versions = set(InvestorTagVersion.objects.values_list("pk", flat=True))
    args = ["--as", as_user] if as_user else []
    call_command("import_records", ledger_file([row("L-201", tags="central_soe;global500")]), *args)
    importer = Project.objects.get(code="L-201").created_by
    assert importer.username == (as_user or "ledger-import")
    assert tag_codes() == ["central_soe", "global500"]
    new = InvestorTagVersion.objects.exclude(pk__in=versions)
    assert new.count() == 1
    version = new.get()
    # an imported fact is a confirmed fact of the import, whoever the importer is (the system account included)
    assert (version.source, version.proposed_by, version.confirmed_by) == (FactSource.IMPORT, importer, importer)
    assert sorted(version.tags.values_list("code", flat=True)) == ["central_soe", "global500"]
    assert "台账.xlsx" in version.reason
    event = AuditEvent.objects.get(action="investor.tags", user=importer)
    assert event.detail == {"before": ["central_soe"], "after": ["central_soe", "global500"]}
    assert ProjectFactVersion.objects.get(project__code="L-201").confirmed_by == importer


def test_an_empty_sector_cell_keeps_an_existing_projects_sector(ledger_file, auditor, theirs):
    versions = list(theirs.fact_versions.values_list("pk", "sector_id"))
    call_command(
        "import_records",
        ledger_file([row("JT-9", sector=None, credits="县交通局", name=theirs.name), row("L-201", sector=None)]),
        "--as",
        "auditor",
    )
    theirs.refresh_from_db()
    assert theirs.sector.name == "生态旅游"
    assert list(theirs.fact_versions.values_list("pk", "sector_id")) == versions
    assert Project.objects.get(code="L-201").sector is None


def test_tags_given_by_name_or_code_are_the_same_tags(ledger_file, auditor, theirs):
    rows = [row("L-201", tags="central_soe"), row("L-202", tags="中央企业"), row("L-203", tags=None)]
    call_command("import_records", ledger_file(rows), "--as", "auditor")
    assert Project.objects.filter(code__in=["L-201", "L-202", "L-203"]).count() == 3
    assert tag_codes() == ["central_soe"]


@pytest.mark.parametrize("dry_run", [False, True])
def test_two_rows_giving_one_investor_different_tags_name_both_rows_and_write_nothing(
    ledger_file, auditor, theirs, capsys, dry_run
):
    rows = [row("L-201", tags="central_soe"), row("L-202", tags=None), row("L-203", tags="global500")]
    versions, events = InvestorTagVersion.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError):
        call_command("import_records", ledger_file(rows), "--as", "auditor", *(["--dry-run"] if dry_run else []))
    err = capsys.readouterr().err
    assert "工作表“projects”第4行“investor_tags”列" in err and "与第2行不同" in err and INVESTOR in err
    assert "第3行" not in err  # the empty cell gives no tags: no conflict
    assert not Project.objects.filter(code__startswith="L-").exists()
    assert tag_codes() == ["central_soe"]
    assert (InvestorTagVersion.objects.count(), AuditEvent.objects.count()) == (versions, events)
