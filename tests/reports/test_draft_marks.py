"""Every page of an unpublished bulletin's PDF says 草稿 (a CSS @page margin box), not only the first."""

import pytest

from reports import services
from reports.bulletin.render import bulletin_pdf
from targets.models import AssessmentYear
from tests.reports.dashboard_kit import frozen, hand_year, pdf_text  # noqa: F401

pytestmark = pytest.mark.usefixtures("hand_year")


def test_every_page_of_a_draft_pdf_is_marked_and_a_published_one_is_not(office):
    with frozen():
        b = services.bulletin_prepare(year=AssessmentYear.objects.get(year=2023), month=10, by=office)
    draft = bulletin_pdf(b.snapshot, problems="", next_steps="", state="draft")
    pages = pdf_text(draft).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1
    assert all("草稿" in p for p in pages)
    published = bulletin_pdf(b.snapshot, problems="", next_steps="", state="published")
    assert all("草稿" not in p for p in pdf_text(published).split("\f"))
