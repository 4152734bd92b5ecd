"""Lookups read once a GET request (core.memo), and the queries they save on the pages filers open all month."""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.memo import RequestMemoMiddleware, per_request
from tests.conftest import client_for
from tests.helpers import confirmed_funds, make_project


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_outside_a_request_every_call_computes():
    calls, compute = _counting()
    assert [per_request("k", compute), per_request("k", compute)] == [1, 2]


@pytest.mark.parametrize(("method", "computed"), [("get", 1), ("head", 1), ("post", 2)])
def test_a_get_request_computes_once_a_post_every_time(method, computed):
    calls, compute = _counting()

    def view(request):
        per_request("k", compute)
        per_request("k", compute)
        return HttpResponse()

    RequestMemoMiddleware(view)(getattr(RequestFactory(), method)("/"))
    assert len(calls) == computed
    # nothing outlives the request: the next one reads again
    RequestMemoMiddleware(view)(RequestFactory().get("/"))
    assert len(calls) == computed + 1


def _tables(queries):
    return [re.search(r'FROM "(\w+)"', q["sql"])[1] for q in queries if re.search(r'FROM "(\w+)"', q["sql"])]


def test_the_filers_home_reads_the_years_and_the_scheme_once(client, filer):
    client_for(client, filer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    tables = _tables(queries.captured_queries)
    years = [
        q for q in queries.captured_queries if 'FROM "targets_assessmentyear"' in q["sql"] and "JOIN" not in q["sql"]
    ]
    assert len(years) == 1, [q["sql"][:120] for q in years]
    assert tables.count("scoring_schemeversion") <= 1
    # the header's unit comes with the signed-in user (accounts.backends.AccountBackend)
    assert not [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "targets_unit"."id", "targets_unit"."name"') and "LIMIT 21" in q["sql"]
    ]


def test_a_records_page_loads_its_unit_and_project_with_it(client, filer, auditor):
    project = make_project(by=filer, code="WS-MEMO", credits=[("县文化旅游委", 100)])
    record = confirmed_funds(project, filer=filer, auditor=auditor, month="2023-03", amount="0.5")
    client_for(client, filer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    tables = _tables(queries.captured_queries)
    assert "targets_unit" not in tables and "projects_project" not in tables, tables
    # the session, the user, the record, its open corrections, the visible ones, its history, its evidence
    assert len(tables) <= 7, tables
