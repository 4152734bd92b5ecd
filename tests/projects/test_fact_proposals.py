"""Issue 10: score-relevant project facts follow the record workflow once anything on the project is submitted.

Over HTTP as each persona: a filer's change is a proposal (draft → submitted → confirmed / returned); scores at every
cut-off stay byte-identical until the center confirms; every attack gets a Chinese message and changes nothing.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects import services
from projects.models import FactProposal, InvestorTag, Project, ProjectFactVersion, Status
from targets.models import AssessmentYear, Unit
from targets.services import year_close
from tests.conftest import client_for
from tests.helpers import PDF_BYTES, confirmed_contract, make_project
from tests.projects.conftest import upload

CUT_OFFS = ("2023-03-31", "2023-06-30", "2023-12-31")


def scores_json() -> list[str]:
    out = []
    for as_of in CUT_OFFS:
        buffer = io.StringIO()
        call_command("score", year=2023, as_of=as_of, format="json", stdout=buffer)
        out.append(buffer.getvalue())
    return out


def edit_form(project, credits=None, **changes):
    """The project's edit form as it would be posted, with ``changes`` on top."""
    project = Project.objects.get(pk=project.pk)
    credits = credits or [(c.unit.name, str(c.share)) for c in project.credits.select_related("unit")]
    data = {
        "code": project.code,
        "name": project.name,
        "year": project.year_id,
        "sector": project.sector_id or "",
        "kind": project.kind,
        "stage": project.stage,
        "total_investment": str(project.total_investment),
        "investor_name": project.investor.name,
        "credit_code": "",
        "investor_tags": [t.pk for t in project.investor.tags.all()],
        "labels": [label.pk for label in project.labels.all()],
        "credits-TOTAL_FORMS": "4",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "20",
        "confirm_notices": "1",
    }
    if project.is_major:
        data["is_major"] = "on"
    if project.in_fai_statistics:
        data["in_fai_statistics"] = "on"
    for i, (unit, share) in enumerate(credits):
        data[f"credits-{i}-unit"] = Unit.objects.get(name=unit).pk
        data[f"credits-{i}-share"] = share
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def tag(code):
    return InvestorTag.objects.get(code=code).pk


@pytest.fixture
def locked(filer, auditor, project):
    """文旅's project with a confirmed formal contract of 6亿 signed in March 2023: a bonus candidate once tagged."""
    confirmed_contract(project, filer=filer, auditor=auditor, amount=6, signed_on="2023-03-01")
    return project


@pytest.fixture
def joint(filer, other_filer, auditor):
    project = make_project(
        by=filer, code="JV-1", credits=[("县文化旅游委", 60), ("县交通局", 40)], investor="合资企业有限公司"
    )
    services.evidence_attach(record=project, file=upload("协议.pdf", PDF_BYTES, "application/pdf"), by=filer)
    confirmed_contract(project, filer=filer, auditor=auditor, amount=10, signed_on="2023-02-10")
    return project


def snapshot(project):
    project = Project.objects.get(pk=project.pk)
    return (
        project.kind,
        project.is_major,
        str(project.total_investment),
        sorted(project.investor.tags.values_list("code", flat=True)),
        sorted((c.unit_id, str(c.share)) for c in project.credits.all()),
        ProjectFactVersion.objects.filter(project=project).count(),
    )


def test_before_anything_is_submitted_the_filer_edits_freely(client, filer, project):
    response = client_for(client, filer).post(
        f"/projects/{project.pk}/edit/", edit_form(project, is_major="on", kind="manufacturing")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_major and project.kind == "manufacturing"
    assert not FactProposal.objects.exists()
    assert project.fact_versions.count() == 2  # 入库 + the free edit, both listed on the page
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "提交记录前修改" in page and "重大项目：否 → 是" in page


def test_filer_change_after_submission_is_a_proposal_and_scores_stay_byte_identical_until_confirmed(
    client, filer, auditor, locked
):
    before_scores, before_facts = scores_json(), snapshot(locked)
    client_for(client, filer)
    response = client.post(
        f"/projects/{locked.pk}/edit/",
        edit_form(
            locked,
            is_major="on",
            kind="manufacturing",
            investor_tags=[tag("global500")],
            fact_reason="企业为世界500强",
            tag_proof=upload("名录.pdf", PDF_BYTES, "application/pdf"),
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert "变更申请" in response.content.decode() and "认定前计分不变" in response.content.decode()
    proposal = FactProposal.objects.get()
    assert proposal.status == Status.DRAFT
    assert snapshot(locked) == before_facts
    assert scores_json() == before_scores

    response = client.post(f"/fact-proposals/{proposal.pk}/submit/", follow=True)
    assert "已提交" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert scores_json() == before_scores

    queue = client_for(client, auditor).get("/audit-queue/").content.decode()
    assert f"变更申请 #{proposal.pk}" in queue and "企业标签证明材料" in queue and "世界500强" in queue
    response = client.post(f"/fact-proposals/{proposal.pk}/confirm/", {"revision": proposal.revision}, follow=True)
    assert "已认定变更申请" in response.content.decode()
    locked.refresh_from_db()
    assert locked.is_major and locked.kind == "manufacturing"
    assert "global500" in locked.investor.tags.values_list("code", flat=True)
    after = scores_json()
    assert all(a != b for a, b in zip(after, before_scores, strict=True))  # in force from the start
    page = client.get(f"/projects/{locked.pk}/").content.decode()
    assert "变更申请经认定" in page and "企业为世界500强" in page


def test_a_returned_proposal_changes_nothing_and_carries_its_reason(client, filer, auditor, locked):
    before = scores_json()
    client_for(client, filer).post(
        f"/projects/{locked.pk}/edit/", edit_form(locked, is_major="on", fact_reason="重大项目")
    )
    proposal = FactProposal.objects.get()
    services.proposal_submit(proposal=proposal, by=filer)
    response = client_for(client, auditor).post(
        f"/fact-proposals/{proposal.pk}/return/", {"reason": "缺重大项目认定文件", "revision": 1}, follow=True
    )
    assert "已退回" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.RETURNED and proposal.return_reason == "缺重大项目认定文件"
    assert scores_json() == before
    assert not Project.objects.get(pk=locked.pk).is_major


def test_a_dated_change_leaves_earlier_cut_offs_alone(filer, auditor, locked):
    before = scores_json()
    values = services.facts.live_values(locked)
    values["investor_tags"] = ["global500"]
    proposal = services.proposal_save(
        project=locked,
        by=filer,
        values=values,
        effective_on=__import__("datetime").date(2023, 7, 1),
        reason="7月起列入名录",
        tag_proof=upload("名录.pdf", PDF_BYTES, "application/pdf"),
    )
    services.proposal_submit(proposal=proposal, by=filer)
    services.proposal_confirm(proposal=proposal, by=auditor)
    after = scores_json()
    assert after[0] == before[0] and after[1] == before[1]  # March and June read the version before July
    assert after[2] != before[2]


# --- bad input: a Chinese message, nothing changed, never a 500 ------------------------------------------------


def test_forged_post_of_a_confirmed_fact_changes_nothing_until_confirmed(client, filer, locked):
    before_scores, before_facts = scores_json(), snapshot(locked)
    client_for(client, filer)
    response = client.post(
        f"/projects/{locked.pk}/edit/", edit_form(locked, total_investment="999", is_major="on", fact_reason="x")
    )
    assert response.status_code == 302
    assert snapshot(locked) == before_facts and scores_json() == before_scores
    proposal = FactProposal.objects.get()
    # a filer cannot confirm its own proposal, by URL or by the service
    assert client.post(f"/fact-proposals/{proposal.pk}/confirm/").status_code == 403
    with pytest.raises(services.WorkflowError, match="只有县招商投资事务中心"):
        services.proposal_confirm(proposal=proposal, by=filer)
    assert snapshot(locked) == before_facts


def test_a_proposal_without_a_reason_is_refused(client, filer, locked):
    response = client_for(client, filer).post(f"/projects/{locked.pk}/edit/", edit_form(locked, is_major="on"))
    assert response.status_code == 200 and "请填写变更原因" in response.content.decode()
    assert not FactProposal.objects.exists()


def test_proposal_on_a_closed_year_is_refused(client, filer, sysadmin, locked):
    before = snapshot(locked)
    year_close(year=AssessmentYear.objects.get(year=2023), by=sysadmin)
    response = client_for(client, filer).post(
        f"/projects/{locked.pk}/edit/", edit_form(locked, is_major="on", fact_reason="重大")
    )
    assert response.status_code == 200
    assert "2023年度已关闭" in response.content.decode()
    assert not FactProposal.objects.exists() and snapshot(locked) == before


def test_submitting_or_confirming_after_the_year_closed_is_refused(client, filer, auditor, sysadmin, locked):
    client_for(client, filer).post(f"/projects/{locked.pk}/edit/", edit_form(locked, is_major="on", fact_reason="r"))
    proposal = FactProposal.objects.get()
    services.proposal_submit(proposal=proposal, by=filer)
    year_close(year=AssessmentYear.objects.get(year=2023), by=sysadmin)
    before = scores_json()
    response = client_for(client, auditor).post(f"/fact-proposals/{proposal.pk}/confirm/", follow=True)
    assert response.status_code == 200 and "2023年度已关闭" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED and scores_json() == before


def test_shares_not_summing_to_100_are_refused(client, filer, joint):
    before = snapshot(joint)
    response = client_for(client, filer).post(
        f"/projects/{joint.pk}/edit/",
        edit_form(joint, credits=[("县文化旅游委", "70"), ("县交通局", "40")], fact_reason="调整"),
    )
    assert response.status_code == 200 and "之和必须为100%" in response.content.decode()
    assert snapshot(joint) == before and not FactProposal.objects.exists()


def test_shares_change_without_the_agreement_is_refused(client, filer, joint):
    before = snapshot(joint)
    response = client_for(client, filer).post(
        f"/projects/{joint.pk}/edit/",
        edit_form(joint, credits=[("县文化旅游委", "100")], fact_reason="独立招商"),
    )
    assert response.status_code == 200 and "书面分成协议" in response.content.decode()
    assert snapshot(joint) == before and not FactProposal.objects.exists()


def test_a_unit_cannot_remove_its_partner_alone(client, filer, other_filer, auditor, joint):
    """The partner sees the proposed change; it takes effect only when the center confirms it with the agreement."""
    before_scores, before_facts = scores_json(), snapshot(joint)
    client_for(client, filer).post(
        f"/projects/{joint.pk}/edit/",
        edit_form(
            joint,
            credits=[("县文化旅游委", "100")],
            fact_reason="交通局退出",
            agreement=upload("新协议.pdf", PDF_BYTES, "application/pdf"),
        ),
    )
    proposal = FactProposal.objects.get()
    services.proposal_submit(proposal=proposal, by=filer)
    assert snapshot(joint) == before_facts and scores_json() == before_scores
    partner = client_for(client, other_filer).get(f"/projects/{joint.pk}/").content.decode()
    assert f"变更申请 #{proposal.pk}" in partner and "县交通局 40%" in partner and "联合招商分成协议" in partner
    client_for(client, auditor).post(f"/fact-proposals/{proposal.pk}/confirm/", {"revision": proposal.revision})
    assert [c.unit.name for c in Project.objects.get(pk=joint.pk).credits.all()] == ["县文化旅游委"]
    assert scores_json() != before_scores


def test_proposal_by_another_units_filer_is_refused(client, filer, other_filer, locked, joint):
    # not credited with the project: it does not even exist for them
    assert client_for(client, other_filer).post(f"/projects/{locked.pk}/edit/", edit_form(locked)).status_code == 404
    with pytest.raises(Exception, match="只有该项目的招商单位"):
        services.proposal_save(project=locked, by=other_filer, values={}, reason="x")
    # a partner cannot submit (or overwrite) the other unit's proposal
    client_for(client, filer).post(f"/projects/{joint.pk}/edit/", edit_form(joint, is_major="on", fact_reason="重大"))
    proposal = FactProposal.objects.get()
    response = client_for(client, other_filer).post(f"/fact-proposals/{proposal.pk}/submit/", follow=True)
    assert response.status_code == 200 and "只有提出申请的单位" in response.content.decode()
    response = client.post(f"/projects/{joint.pk}/edit/", edit_form(joint, kind="manufacturing", fact_reason="制造"))
    assert response.status_code == 200 and "已有一份未完成的计分信息变更申请" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT and proposal.values["kind"] == "other"


def test_new_project_naming_another_units_tagged_investor_keeps_its_tags(client, filer, other_filer, auditor):
    """The issue's attack: naming another unit's 中央企业 investor with empty tags used to wipe them."""
    theirs = make_project(
        by=other_filer, code="JT-9", credits=[("县交通局", 100)], investor="某中央企业", investor_tags=["central_soe"]
    )
    theirs.investor.credit_code, theirs.investor.contact = "", "张三 13800000000"
    theirs.investor.save()
    confirmed_contract(theirs, filer=other_filer, auditor=auditor, amount=3, signed_on="2023-04-01")
    before = scores_json()
    mine = make_project(by=filer, code="WS-9", credits=[("县文化旅游委", 100)])
    page = client_for(client, filer).get(f"/projects/{mine.pk}/edit/").content.decode()
    assert "13800000000" not in page
    client.post(
        f"/projects/{mine.pk}/edit/",
        edit_form(mine, investor_name="某中央企业", investor_tags=[], investor_contact="李四"),
    )
    investor = Project.objects.get(pk=theirs.pk).investor
    assert list(investor.tags.values_list("code", flat=True)) == ["central_soe"]
    assert investor.contact == "张三 13800000000"
    assert scores_json() == before
    edit = client.get(f"/projects/{mine.pk}/edit/").content.decode()
    assert "13800000000" not in edit
    detail = client.get(f"/projects/{mine.pk}/").content.decode()
    assert "13800000000" not in detail


TEXT = st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["", "0", "-1", "99999999999999999999", "\x00", "//evil"])
)


def test_forged_confirm_and_return_posts_never_crash_and_refusals_change_nothing(client, filer, auditor, locked):
    client_for(client, filer).post(f"/projects/{locked.pk}/edit/", edit_form(locked, is_major="on", fact_reason="r"))
    proposal = FactProposal.objects.get()
    services.proposal_submit(proposal=proposal, by=filer)
    client_for(client, auditor)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(action=st.sampled_from(["confirm", "return"]), revision=TEXT, reason=TEXT, next_page=TEXT)
    def post(action, revision, reason, next_page):
        data = {k: v for k, v in {"revision": revision, "reason": reason, "next": next_page}.items() if v is not None}
        with transaction.atomic():
            response = client.post(f"/fact-proposals/{proposal.pk}/{action}/", data)
            assert response.status_code in (302, 303)
            current = FactProposal.objects.get(pk=proposal.pk)
            if current.status == Status.SUBMITTED:  # refused: the project's facts are as they were
                assert not Project.objects.get(pk=locked.pk).is_major
            transaction.set_rollback(True)

    post()
