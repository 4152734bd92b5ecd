from decimal import Decimal

import pytest

from projects.models import Evidence, Investor, InvestorTag, Project, Stage
from targets.models import AssessmentYear, Sector, Unit
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, confirmed_contract, make_project
from tests.projects.conftest import upload

VALID_CODE = "91330100716105852F"


def project_form(credits=(("县文化旅游委", "100"),), **fields):
    data = {
        "code": "WS-NEW",
        "name": "巫山脆李深加工项目",
        "year": AssessmentYear.objects.get(year=2023).pk,
        "kind": "manufacturing",
        "stage": "negotiating",
        "total_investment": "12.5",
        "investor_name": "重庆脆李食品有限公司",
        "credit_code": "",
        "credits-TOTAL_FORMS": "4",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "20",
    }
    for i, (unit, share) in enumerate(credits):
        data[f"credits-{i}-unit"] = Unit.objects.get(name=unit).pk if isinstance(unit, str) else unit
        data[f"credits-{i}-share"] = share
    data.update(fields)
    return data


def test_filer_registers_a_project_with_investor_tags_and_credit_code(client, filer):
    tag = InvestorTag.objects.get(code="china500")
    sector = Sector.objects.get(year__year=2023, name="生态旅游")
    response = client_for(client, filer).post(
        "/projects/new/",
        project_form(credit_code=VALID_CODE.lower(), investor_tags=[tag.pk], sector=sector.pk),
    )
    assert response.status_code == 302
    project = Project.objects.get(code="WS-NEW")
    assert response["Location"] == f"/projects/{project.pk}/"
    assert project.investor.credit_code == VALID_CODE
    assert list(project.investor.tags.all()) == [tag]
    assert project.sector == sector
    assert [(c.unit.name, c.share) for c in project.credits.all()] == [("县文化旅游委", Decimal("100"))]
    page = client.get(response["Location"]).content.decode()
    assert "巫山脆李深加工项目" in page and "中国500强" in page and "录入项目" in page


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"credits": (("县文化旅游委", "60"), ("旅发集团", "30"))}, None, "100%"),
        ({"credits": (("县文化旅游委", "100"), (999999, "0"))}, "unit", "选择一个有效的选项"),
        ({"credit_code": "91330100716105852E"}, "credit_code", "校验位"),
        ({"total_investment": "-3"}, "total_investment", "0"),
        ({"credits": (("县交通局", "100"),)}, None, "本单位须是该项目的招商单位之一"),
    ],
)
def test_bad_project_input_gets_a_chinese_message_and_saves_nothing(client, filer, change, field, message):
    credits = change.pop("credits", (("县文化旅游委", "100"),))
    response = client_for(client, filer).post("/projects/new/", project_form(credits=credits, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Project.objects.filter(code="WS-NEW").exists()
    assert not Investor.objects.filter(name="重庆脆李食品有限公司").exists()


def test_joint_project_needs_the_written_agreement(client, filer):
    credits = (("县文化旅游委", "60"), ("旅发集团", "40"))
    client_for(client, filer)
    response = client.post("/projects/new/", project_form(credits=credits))
    assert "书面分成协议" in response.content.decode()
    assert not Project.objects.exists()
    response = client.post("/projects/new/", project_form(credits=credits, agreement=upload("协议.pdf", PDF_BYTES)))
    assert response.status_code == 302
    project = Project.objects.get(code="WS-NEW")
    assert {c.unit.name: c.share for c in project.credits.all()} == {"县文化旅游委": 60, "旅发集团": 40}
    assert project.evidence.get().description == "联合招商分成协议"


def test_agreement_that_is_html_is_refused(client, filer):
    credits = (("县文化旅游委", "60"), ("旅发集团", "40"))
    response = client_for(client, filer).post(
        "/projects/new/", project_form(credits=credits, agreement=upload("协议.pdf", b"<html><script>x</script>"))
    )
    assert "只接受 PDF、JPEG、PNG 或 OFD" in response.content.decode()
    assert not Project.objects.exists() and not Evidence.objects.exists()


def test_a_double_posted_project_form_saves_one_project(client, filer):
    client_for(client, filer)
    data = project_form(form_token="tok-123")
    first = client.post("/projects/new/", data)
    second = client.post("/projects/new/", data)
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Project.objects.filter(code="WS-NEW").count() == 1


def test_stage_signed_cannot_be_chosen_by_hand(client, filer, project):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/edit/", project_form(code=project.code, stage="signed")
    )
    assert "自动确定" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING


def test_credits_lock_for_filers_once_records_are_confirmed(client, filer, auditor, project):
    """Issue 10: a filer's change of shares after submission is a proposal that needs the agreement; without one it
    is refused and nothing (not even the name typed with it) changes."""
    confirmed_contract(project, filer=filer, auditor=auditor, amount=2, signed_on="2023-03-01")
    page = client_for(client, filer).get(f"/projects/{project.pk}/edit/").content.decode()
    assert "形成变更申请" in page
    response = client.post(
        f"/projects/{project.pk}/edit/",
        project_form(
            code=project.code,
            stage="signed",
            name="改名后的项目",
            credits=(("县文化旅游委", "50"), ("旅发集团", "50")),
            fact_reason="联合招商",
        ),
    )
    assert response.status_code == 200
    assert "书面分成协议" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "项目WS-001"
    assert [c.unit.name for c in project.credits.all()] == ["县文化旅游委"]


def test_auditor_changes_the_shares_and_the_change_is_in_the_history(client, filer, auditor, project):
    credits = (("县文化旅游委", "70"), ("旅发集团", "30"))
    response = client_for(client, auditor).post(
        f"/projects/{project.pk}/edit/",
        project_form(code=project.code, credits=credits, agreement=upload("协议.pdf", PDF_BYTES)),
    )
    assert response.status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "调整招商单位及分成" in page and "旅发集团 30%" in page


@pytest.fixture
def library(filer, auditor):
    global_tag = InvestorTag.objects.get(code="global500")
    tourism = Sector.objects.get(year__year=2023, name="生态旅游")
    industry = Sector.objects.get(year__year=2023, name="生态工业")
    a = make_project(
        by=filer, code="A", name="索道项目", credits=[("县文化旅游委", 100)], total_investment=30, sector=tourism
    )
    a.investor.tags.add(global_tag)
    b = make_project(
        by=auditor,
        code="B",
        name="锂电池项目",
        investor="某电池公司",
        credits=[("工贸园区管委会", 100)],
        total_investment=5,
        sector=industry,
    )
    c = make_project(
        by=filer,
        code="C",
        name="民宿集群",
        investor="民宿公司",
        credits=[("县文化旅游委", 50), ("旅发集团", 50)],
        total_investment="0.8",
        sector=tourism,
    )
    confirmed_contract(b, filer=filer, auditor=auditor, amount=1, signed_on="2023-02-01")
    return a, b, c


FILTERS = [
    ("", ["A", "B", "C"]),
    ("q=锂电", ["B"]),
    ("q=民宿公司", ["C"]),
    ("unit={tlv}", ["A", "C"]),
    ("sector=生态旅游", ["A", "C"]),
    ("stage=signed", ["B"]),
    ("year=2023", ["A", "B", "C"]),
    ("tag={global500}", ["A"]),
    ("amount_min=1&amount_max=10", ["B"]),
    ("amount_min=abc", ["A", "B", "C"]),
]


def test_auditor_searches_and_filters_the_library(client, auditor, library):
    client_for(client, auditor)
    ids = {"tlv": Unit.objects.get(name="县文化旅游委").pk, "global500": InvestorTag.objects.get(code="global500").pk}
    for query, expected in FILTERS:
        response = client.get(f"/projects/?{query.format(**ids)}")
        assert response.status_code == 200
        assert sorted(p.code for p in response.context["page"]) == expected, query


def test_on_a_phone_the_filters_fold_unless_a_filter_is_applied(client, auditor, library):
    client_for(client, auditor)
    plain = client.get("/projects/?page=1").content.decode()
    assert 'id="list-filters" class="card card-body mb-3 filter-form collapse d-md-block"' in plain
    assert "（已筛选）" not in plain
    filtered = client.get("/projects/?q=A").content.decode()
    assert "filter-form collapse d-md-block show" in filtered and "筛选（已筛选）" in filtered


def test_filer_sees_only_projects_credited_to_their_unit(client, filer, library):
    response = client_for(client, filer).get("/projects/")
    assert sorted(p.code for p in response.context["page"]) == ["A", "C"]


def test_library_list_is_a_fixed_number_of_queries(client, auditor, library, django_assert_max_num_queries):
    client_for(client, auditor)
    with django_assert_max_num_queries(16):
        client.get("/projects/")


def test_project_and_record_pages_are_a_fixed_number_of_queries(
    client, filer, auditor, library, django_assert_max_num_queries
):
    project = Project.objects.get(code="B")
    contract = project.contracts.get()
    client_for(client, auditor)
    # 21 + the fact versions and proposals panels (issue 10): versions, their labels, credits and names, tag versions
    with django_assert_max_num_queries(31):
        assert client.get(f"/projects/{project.pk}/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/filing/contract/{contract.pk}/").status_code == 200


def test_a_filers_library_and_project_page_read_each_thing_once(
    client, filer, auditor, library, django_assert_max_num_queries
):
    """The page's project with its investor, year, sector, tags, labels and credits in one go; the credits answer
    'may edit / may file' without a query each; the proposals read once for the panel and the history; records count
    their files instead of loading them (the load test's project page: 33 -> 24 queries)."""
    project = Project.objects.get(code="C")
    confirmed_contract(project, filer=filer, auditor=auditor, amount=1, signed_on="2023-03-01")
    client_for(client, filer)
    with django_assert_max_num_queries(14):
        assert client.get("/projects/").status_code == 200
    with django_assert_max_num_queries(27):
        page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "填报签约合同" in page and "修改项目" in page and "1 个" in page
