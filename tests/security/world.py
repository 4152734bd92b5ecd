"""One set of data for the security tests, built once per module through the real services: each role's account and,
for two units (the filer's "own" and the other filer's "other"), a project, a draft contract with evidence, a submitted
funds record, a confirmed start and a required event; plus a town's appraisal finding and an enterprise's rating link.
"""

import datetime as dt

from accounts.models import Role
from enterprises import services as enterprise_services
from enterprises.models import EcosystemCategory
from projects import services
from projects.models import Investor
from scoring import selectors as scoring_selectors
from scoring import services as scoring_services
from targets.models import AssessmentYear, Leader, Unit
from tests.conftest import PLAN_2023, make_user
from tests.helpers import confirmed_start, make_project, pdf_file, required_event

OWN_UNIT, OTHER_UNIT = "县文化旅游委", "县交通局"
SCOPES = ("own", "other")


def build_world() -> dict:
    from targets.importing import parse_csv
    from targets.services import plan_import

    parsed = parse_csv(PLAN_2023.read_bytes(), year=2023)
    assert parsed.ok, parsed.errors
    plan_import(year=2023, parsed=parsed)
    year = AssessmentYear.objects.get(year=2023)
    users = {
        "filer": make_user("filer", Role.FILER, unit=Unit.objects.get(name=OWN_UNIT)),
        "other_filer": make_user("filer_other", Role.FILER, unit=Unit.objects.get(name=OTHER_UNIT)),
        "auditor": make_user("auditor", Role.AUDITOR),
        "leader": make_user("leader", Role.LEADER, leader=Leader.objects.get(name="王军")),
        "office": make_user("office", Role.OFFICE),
        "admin": make_user("sysadmin", Role.ADMIN, is_staff=True),
        "audit_admin": make_user("auditadmin", Role.AUDIT_ADMIN),
    }
    auditor = users["auditor"]
    scopes = {}
    sector = year.sectors.get(name="生态旅游")
    link = enterprise_services.chain_link_save(
        sector=sector, name="高端酒店民宿", segment="中游", role="gap", by=auditor
    )
    node = enterprise_services.ecosystem_node_save(
        sector=sector, category=EcosystemCategory.objects.get(code="park"), name="巫山文旅产业园", by=auditor
    )
    for scope, filer, code in (("own", users["filer"], "WH"), ("other", users["other_filer"], "JT")):
        project = make_project(by=filer, code=f"{code}-001", credits=[(filer.unit, 100)], investor=f"{code}投资公司")
        draft = services.record_create(
            record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 1), amount=1
        )
        evidence = services.evidence_attach(record=draft, file=pdf_file(), by=filer)
        submitted = services.record_create(
            record_type="funds", unit=filer.unit, by=filer, project=project, month=dt.date(2023, 3, 1), amount=1
        )
        services.evidence_attach(record=submitted, file=pdf_file(), by=filer)
        services.record_submit(record=submitted, by=filer)
        started = confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-04-01")
        event = required_event(by=auditor, held_on="2023-03-09", title=f"{code}培训", attended=[filer.unit])
        services.record_create(  # a visit filed on the filing pages, to be linked to the unit's target
            record_type="activity",
            unit=filer.unit,
            by=filer,
            kind="visit",
            occurred_on=dt.date(2023, 3, 5),
            title="外出招商",
        )
        target = enterprise_services.target_save(
            by=auditor, name=f"{code}目标企业", sector=sector, unit=filer.unit, link=link, contact="张三 13800000000"
        )
        # the project has a submitted record: a filer's change of its facts is a proposal (issue 10)
        values = services.facts.live_values(project)
        values["is_major"] = True
        proposal = services.proposal_save(project=project, by=filer, values=values, reason="重大项目")
        scopes[scope] = {
            "proposal": proposal.pk,
            "target": target.pk,
            "unit": filer.unit.pk,
            "project": project.pk,
            "contract": draft.pk,
            "evidence": evidence.pk,
            "funds": submitted.pk,
            "start": started.pk,
            "event": event.pk,
        }
    town = Unit.objects.filter(kind="town").first() or Unit.objects.create(name="大昌镇", kind="town", position=60)
    criteria = scoring_selectors.current_scheme(year).as_rules().town_criteria
    finding = scoring_services.finding_record(
        year=year,
        unit=town,
        month=dt.date(2023, 2, 1),
        criterion=criteria[0],
        note="未按时报送",
        by=auditor,
        criteria=criteria,
    )
    guarantee = Unit.objects.filter(kind="guarantee").first() or Unit.objects.create(
        name="县税务局", kind="guarantee", position=50
    )
    _link, token = scoring_services.rating_link_issue(
        year=year, investor=Investor.objects.create(name="评分企业"), units=[guarantee], by=auditor, days=30
    )
    from reports.services import bulletin_prepare

    bulletin_prepare(year=year, month=2, by=users["office"])  # a draft to write and publish (month 1 has none)
    shared = {
        "sector": sector.pk,
        "link": link.pk,
        "node": node.pk,
        "year": 2023,
        "leader": Leader.objects.get(name="王军").pk,
        "finding": finding.pk,
        "token": token,
    }
    return {"users": users, "scopes": {scope: {**values, **shared} for scope, values in scopes.items()}}


def build_url(name: str, kw: dict, values: dict) -> str:
    """The URL ``name`` with arguments from ``kw``: a string names an object of the world ("project"), "=text" is
    literal text, an int is itself."""
    from django.urls import reverse

    kwargs = {}
    for key, spec in kw.items():
        if isinstance(spec, str):
            kwargs[key] = spec[1:] if spec.startswith("=") else values[spec]
        else:
            kwargs[key] = spec
    return reverse(name, kwargs=kwargs)
