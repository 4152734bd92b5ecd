"""Issue 10's law, as a stateful property: any sequence of filer actions with no confirmation by the center leaves
every score at every cut-off unchanged (byte for byte, as ``manage.py score --format json`` prints it)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from projects import services
from projects.models import FactProposal, InvestorTag, Project, Status
from tests.helpers import PDF_BYTES, confirmed_contract, confirmed_start, make_project, unit
from tests.projects.conftest import upload

CUT_OFFS = ("2023-03-31", "2023-08-31", "2023-12-31")
REFUSED = (ValidationError, services.WorkflowError)


def scores() -> tuple[str, ...]:
    out = []
    for as_of in CUT_OFFS:
        buffer = io.StringIO()
        call_command("score", year=2023, as_of=as_of, format="json", stdout=buffer)
        out.append(buffer.getvalue())
    return tuple(out)


def pdf(name="协议.pdf"):
    return upload(name, PDF_BYTES, "application/pdf")


@pytest.fixture
def county(filer, other_filer, auditor):
    """Two submitted-on projects (one joint) that score, and one fresh project with nothing filed."""
    solo = make_project(by=filer, code="S-1", credits=[("县文化旅游委", 100)], investor="独资企业")
    joint = make_project(
        by=filer,
        code="J-1",
        credits=[("县文化旅游委", 60), ("县交通局", 40)],
        investor="某中央企业",
        investor_tags=["central_soe"],
    )
    services.evidence_attach(record=joint, file=pdf(), by=filer)
    confirmed_contract(solo, filer=filer, auditor=auditor, amount=6, signed_on="2023-03-01")
    confirmed_contract(joint, filer=filer, auditor=auditor, amount=12, signed_on="2023-05-01")
    confirmed_start(joint, filer=filer, auditor=auditor, started_on="2023-06-01")
    fresh = make_project(by=filer, code="F-1", credits=[("县文化旅游委", 100)], investor="新企业")
    return {"filer": filer, "other": other_filer, "projects": [solo, joint, fresh]}


def test_filer_actions_without_confirmation_never_move_a_score(county):
    baseline = scores()
    tags = list(InvestorTag.objects.values_list("code", flat=True))

    class FilerActions(RuleBasedStateMachine):
        def _edit(self, by, project, **change):
            project = Project.objects.get(pk=project.pk)
            credits = change.pop("credits", None)
            fields = {
                "code": project.code,
                "name": project.name,
                "year": project.year,
                "sector": project.sector,
                "kind": change.get("kind", project.kind),
                "is_major": change.get("is_major", project.is_major),
                "in_fai_statistics": change.get("in_fai", project.in_fai_statistics),
                "total_investment": change.get("total", project.total_investment),
                "stage": project.stage,
                "labels": list(project.labels.all()),
                "town": project.town,
                "responsible_leader": project.responsible_leader,
                "description": project.description,
            }
            chosen = change.get("tags")
            investor = {
                "name": project.investor.name,
                "credit_code": "",
                "tags": list(InvestorTag.objects.filter(code__in=chosen)) if chosen is not None else None,
                "contact": None,
            }
            try:
                services.project_edit(
                    project=project,
                    by=by,
                    investor=investor,
                    credits=credits,
                    agreement=pdf() if change.get("agreement") else None,
                    tag_proof=pdf("证明.pdf") if change.get("proof") else None,
                    fact_reason=change.get("reason", ""),
                    effective_on=change.get("effective_on"),
                    **fields,
                )
            except REFUSED:
                pass

        @rule(
            which=st.sampled_from([0, 1]),
            by_other=st.booleans(),
            is_major=st.booleans(),
            kind=st.sampled_from(["manufacturing", "producer_service", "other"]),
            total=st.decimals(min_value=0, max_value=200, places=2),
            chosen=st.none() | st.lists(st.sampled_from(tags), unique=True, max_size=3),
            shares=st.none() | st.sampled_from([(100,), (50, 50), (70, 40), (1, 99)]),
            agreement=st.booleans(),
            proof=st.booleans(),
            reason=st.sampled_from(["", "调整"]),
            effective_on=st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        )
        def propose(
            self, which, by_other, is_major, kind, total, chosen, shares, agreement, proof, reason, effective_on
        ):
            project = county["projects"][which]
            credits = None
            if shares is not None:
                names = ["县文化旅游委", "县交通局"][: len(shares)]
                credits = [(unit(n), Decimal(s)) for n, s in zip(names, shares, strict=True)]
            self._edit(
                county["other"] if by_other else county["filer"],
                project,
                is_major=is_major,
                kind=kind,
                total=total,
                tags=chosen,
                credits=credits,
                agreement=agreement,
                proof=proof,
                reason=reason,
                effective_on=effective_on,
            )

        @rule(by_other=st.booleans())
        def submit_open_proposals(self, by_other):
            for proposal in FactProposal.objects.filter(status__in=[Status.DRAFT, Status.RETURNED]):
                try:
                    services.proposal_submit(proposal=proposal, by=county["other"] if by_other else county["filer"])
                except REFUSED:
                    pass

        @rule(by_other=st.booleans())
        def try_to_confirm_as_a_filer(self, by_other):
            for proposal in FactProposal.objects.filter(status=Status.SUBMITTED):
                try:
                    services.proposal_confirm(proposal=proposal, by=county["other"] if by_other else county["filer"])
                except REFUSED:
                    pass

        @rule(is_major=st.booleans(), chosen=st.lists(st.sampled_from(tags), unique=True, max_size=2))
        def edit_the_fresh_project_freely(self, is_major, chosen):
            self._edit(county["filer"], county["projects"][2], is_major=is_major, tags=chosen)

        @rule(amount=st.integers(min_value=1, max_value=50), submit=st.booleans())
        def file_a_contract_unconfirmed(self, amount, submit):
            record = services.record_create(
                record_type="contract",
                unit=county["filer"].unit,
                by=county["filer"],
                project=county["projects"][2],
                signed_on=dt.date(2023, 4, 1),
                amount=Decimal(amount),
            )
            if submit:
                services.evidence_attach(record=record, file=pdf("合同.pdf"), by=county["filer"])
                services.record_submit(record=record, by=county["filer"])

        @invariant()
        def every_score_at_every_cut_off_unchanged(self):
            assert scores() == baseline

    run_state_machine_as_test(
        FilerActions,
        settings=settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
