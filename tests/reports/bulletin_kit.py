"""Helpers of the bulletin tests: a published October on the hand-checked year."""

from reports import services
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import frozen


def published_october(office):
    year = AssessmentYear.objects.get(year=2023)
    with frozen():
        b = services.bulletin_prepare(year=year, month=10, by=office)
        b = services.bulletin_save_text(
            bulletin=b, problems="个别单位到位资金滞后。", next_steps="倒排工期。", by=office
        )
        return services.bulletin_publish(bulletin=b, by=office)
