"""Issue 10, exactly once for fact proposals: on PostgreSQL with real threads, 8 concurrent identical posts of a
project's edit form (a fact change after something was submitted) leave one open proposal, and 8 concurrent posts
of its 提交 button submit it once; no request fails with a 500."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test import Client

from projects.models import FactProposal, RecordEvent, Status
from tests.helpers import confirmed_contract
from tests.projects.test_fact_proposals import edit_form


def race(n, request):
    """``request(browser)`` in ``n`` threads released together; their status codes (or exceptions)."""
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            browser = Client()
            barrier.wait()
            outcomes.append(request(browser))
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test checks
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    return outcomes


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_proposals_and_submissions_end_with_one_submitted_proposal(filer, auditor, project):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests in real threads need PostgreSQL")
    confirmed_contract(project, filer=filer, auditor=auditor, amount=6, signed_on="2023-03-01")
    data = edit_form(project, is_major="on", fact_reason="列为重大项目")

    def propose(browser):
        browser.force_login(filer)
        return browser.post(f"/projects/{project.pk}/edit/", data).status_code

    assert race(8, propose) == [302] * 8
    proposal = FactProposal.objects.get()
    assert proposal.status == Status.DRAFT and proposal.values["is_major"] is True

    def submit(browser):
        browser.force_login(filer)
        return browser.post(f"/fact-proposals/{proposal.pk}/submit/").status_code

    assert race(8, submit) == [302] * 8
    proposal.refresh_from_db()
    assert FactProposal.objects.count() == 1 and proposal.status == Status.SUBMITTED
    assert FactProposal.objects.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED]).count() == 1
    events = RecordEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(FactProposal), object_id=proposal.pk
    )
    assert events.filter(action="submit").count() == 1
