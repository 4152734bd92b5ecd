"""Helpers of the bulletin tests: a published October on the hand-checked year, and its December published on
10 January (the fixed snapshot the PDF tests render)."""

import datetime as dt

from reports import services
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import frozen

DECEMBER_ISSUED_ON = dt.date(2024, 1, 10)


def published_october(office):
    year = AssessmentYear.objects.get(year=2023)
    with frozen():
        b = services.bulletin_prepare(year=year, month=10, by=office)
        b = services.bulletin_save_text(
            bulletin=b, problems="个别单位到位资金滞后。", next_steps="倒排工期。", by=office
        )
        return services.bulletin_publish(bulletin=b, by=office)


def published_december(office):
    """The year's last bulletin (cut-off 31 December), issued on 10 January as the county does."""
    year = AssessmentYear.objects.get(year=2023)
    with frozen(DECEMBER_ISSUED_ON):
        b = services.bulletin_prepare(year=year, month=12, by=office)
        b = services.bulletin_save_text(
            bulletin=b, problems="个别单位到位资金滞后。", next_steps="倒排工期。", by=office
        )
        return services.bulletin_publish(bulletin=b, by=office)
