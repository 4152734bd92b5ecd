"""The dashboards, the review pack and the notice read in a fixed number of queries: the count is the same on a small
and on a larger generated year (a loop that queried per unit or per project would make it grow)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.models import Unit
from tests.conftest import client_for
from tests.reports.dashboard_kit import TOURISM, frozen, generated

PAGES = {
    "leader": [
        "/dashboards/county/2023/?as_of=2023-10-31",
        "/dashboards/county/2023/county.xlsx?as_of=2023-10-31",
        "/dashboards/my-units/2023/?as_of=2023-10-31",
        "/dashboards/unit/{tourism}/2023/?as_of=2023-10-31",
    ],
    "office": [
        "/dashboards/office/2023/?as_of=2023-10-31",
        "/dashboards/review/2023/q3/",
        "/dashboards/ranking/2023/",
    ],
    "filer": ["/dashboards/unit/{tourism}/2023/?as_of=2023-10-31"],
}
BOUND = 45  # the most any of these pages needs (the unit view: scoring, its records, the filing calendar)


def counts(client, personas) -> dict[str, int]:
    tourism = Unit.objects.get(name=TOURISM).pk
    found = {}
    for role, urls in PAGES.items():
        c = client_for(client, personas[role])
        for url in urls:
            url = url.format(tourism=tourism)
            with frozen(), CaptureQueriesContext(connection) as queries:
                response = c.get(url)
            assert response.status_code == 200, url
            found[f"{role} {url}"] = len(queries)
    return found


def test_query_counts_do_not_grow_with_the_data(client, personas, django_assert_max_num_queries):
    auditor = personas["auditor"]
    with frozen():
        generated(auditor, 6, prefix="S")
    small = counts(client, personas)
    with frozen():
        generated(auditor, 60, prefix="L")
    large = counts(client, personas)
    assert large == small
    assert max(small.values()) <= BOUND, small
    c = client_for(client, personas["leader"])
    with frozen(), django_assert_max_num_queries(BOUND):
        c.get("/dashboards/county/2023/?as_of=2023-10-31")
