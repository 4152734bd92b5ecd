import datetime as dt

import pytest
import time_machine

from projects import calendar, services
from projects.calendar import Filing, FilingCalendar
from projects.models import MonthlyReport
from projects.selectors import status_matrix
from targets.models import AssessmentYear
from tests.conftest import client_for
from tests.helpers import confirmed_funds, confirmed_start, make_project, pdf_file

CST = dt.timezone(dt.timedelta(hours=8))
JUNE = dt.date(2023, 6, 1)


@pytest.mark.parametrize(
    "filings, today, state",
    [
        ([], dt.date(2023, 5, 30), calendar.UPCOMING),
        ([], dt.date(2023, 6, 3), calendar.DUE),
        ([Filing(1, "draft")], dt.date(2023, 6, 7), calendar.DUE),
        ([Filing(1, "draft")], dt.date(2023, 6, 8), calendar.OVERDUE),
        ([Filing(1, "submitted")], dt.date(2023, 6, 8), calendar.DONE),
        ([Filing(1, "confirmed", is_late=True)], dt.date(2023, 6, 30), calendar.LATE),
        ([Filing(1, "returned")], dt.date(2023, 6, 4), calendar.RETURNED),
        ([Filing(1, "superseded"), Filing(2, "confirmed")], dt.date(2023, 7, 1), calendar.DONE),
    ],
)
def test_state_of_a_funds_return_for_may(filings, today, state):
    opens, due = calendar.funds_window(FilingCalendar(), dt.date(2023, 5, 1))
    assert (opens, due) == (dt.date(2023, 6, 1), dt.date(2023, 6, 7))
    assert calendar.state_of(filings, opens=opens, due=due, today=today)[0] == state


def test_deadlines_are_settings_of_the_year():
    cal = FilingCalendar(contracts_due_day=20, work_due_day=26, funds_window_start_day=2, funds_window_end_day=10)
    assert calendar.due_date(cal, "contract", dt.date(2023, 3, 20)) == dt.date(2023, 3, 20)
    assert calendar.due_date(cal, "contract", dt.date(2023, 3, 21)) == dt.date(2023, 4, 20)
    assert calendar.due_date(cal, "report", dt.date(2023, 3, 1)) == dt.date(2023, 3, 26)
    assert calendar.funds_window(cal, dt.date(2023, 12, 1)) == (dt.date(2024, 1, 2), dt.date(2024, 1, 10))


def at(day, hour=10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=CST), tick=False)


def file_report(filer, month, on):
    with at(on):
        report = services.record_create(record_type="report", unit=filer.unit, by=filer, month=month, signing="有")
        services.record_submit(record=report, by=filer)
    return report


@pytest.fixture
def history(filer, auditor):
    """县文化旅游委 in 2023: March's report late, April's on time, May's missing; a project started in April with
    April's funds filed on time and May's not."""
    project = make_project(by=filer, code="CAL", credits=[("县文化旅游委", 100)])
    with at(dt.date(2023, 4, 12)):
        confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-04-10")
    file_report(filer, dt.date(2023, 3, 1), dt.date(2023, 3, 28))
    file_report(filer, dt.date(2023, 4, 1), dt.date(2023, 4, 24))
    with at(dt.date(2023, 5, 5)):
        confirmed_funds(project, filer=filer, auditor=auditor, month="2023-04", amount="0.5")
    return project


def test_status_matrix_marks_each_unit_month(filer, history, django_assert_max_num_queries):
    year = AssessmentYear.objects.get(year=2023)
    with django_assert_max_num_queries(12):
        months, rows = status_matrix(year, dt.date(2023, 6, 20))
    cells = dict(rows)[filer.unit]
    states = [c.state for c in cells]
    assert states[:6] == [
        calendar.OVERDUE,
        calendar.OVERDUE,
        calendar.LATE,
        calendar.DONE,
        calendar.OVERDUE,
        calendar.DUE,
    ]
    assert states[6:] == [None] * 6
    assert "2023年5月到位资金 · CAL" in cells[4].title and "逾期未报" in cells[4].title
    assert len(rows) == 26  # the assessed units of 2023 (the two filers' units are among them)


def test_matrix_page_for_the_center(client, auditor, history, django_assert_max_num_queries):
    client_for(client, auditor)
    with at(dt.date(2023, 6, 20)):
        with django_assert_max_num_queries(25):
            response = client.get("/filing-status/?year=2023")
        page = response.content.decode()
        assert response.status_code == 200 and "县文化旅游委" in page and "逾期报送" in page
        assert client.get("/filing-status/?year=1999").status_code == 404
        assert client.get("/filing-status/?year=abc").status_code == 404


def test_unit_home_panel_says_what_is_due_late_or_missing(client, filer, history):
    client_for(client, filer)
    with at(dt.date(2023, 6, 20)):
        page = client.get("/").content.decode()
    assert "2023年6月报送事项" in page
    assert "2023年6月工作情况" in page and "待报送" in page
    assert "2023年5月到位资金 · CAL" in page and "逾期未报" in page
    assert "2023年5月工作情况：逾期未报" in page and "2023年1月工作情况：逾期未报" in page
    assert "2023年4月工作情况" not in page.split("逾期或被退回")[1]


def test_the_panels_file_links_open_the_form_on_the_month_owed(client, filer, history):
    client_for(client, filer)
    with at(dt.date(2023, 6, 20)):
        page = client.get("/").content.decode()
        assert 'href="/filing/report/new/?month=2023-06">填报</a>' in page  # this month's work report
        assert 'href="/projects/" title="在项目页填报签约合同或开工">到项目库填报</a>' in page  # contracts, starts
        funds = f"/projects/{history.pk}/funds/new/?month=2023-05"
        assert f'href="{funds}">填报</a>' in page  # May's funds, filed in June: this month's list, overdue
        overdue = page.split("逾期或被退回")[1]
        assert 'href="/filing/report/new/?month=2023-05">补报</a>' in overdue  # May's work report, missing
        form = client.get(funds).content.decode()
        assert 'name="month" value="2023-05"' in form
        report_form = client.get("/filing/report/new/?month=2023-06").content.decode()
        assert 'name="month" value="2023-06"' in report_form


@pytest.mark.parametrize("month", ["2023-13", "abc", "", "2023-05-40", "9" * 40, "\x00"])
def test_a_month_in_the_link_that_is_not_a_month_leaves_the_field_empty(client, filer, history, month):
    client_for(client, filer)
    response = client.get(f"/projects/{history.pk}/funds/new/", {"month": month})
    assert response.status_code == 200
    assert 'name="month" value=' not in response.content.decode()


def test_returned_report_shows_as_to_do(client, filer, auditor):
    report = file_report(filer, dt.date(2023, 6, 1), dt.date(2023, 6, 20))
    services.record_return(record=report, by=auditor, reason="外出拜访未写明企业")
    client_for(client, filer)
    with at(dt.date(2023, 6, 21)):
        page = client.get("/").content.decode()
    assert "被退回待改" in page and MonthlyReport.objects.get().get_absolute_url() in page


def test_auditor_home_shows_the_queue(client, auditor, filer, project):
    record = services.record_create(
        record_type="funds", unit=filer.unit, by=filer, project=project, month=dt.date(2023, 3, 1), amount=1
    )
    services.evidence_attach(record=record, file=pdf_file(), by=filer)
    services.record_submit(record=record, by=filer)
    page = client_for(client, auditor).get("/").content.decode()
    assert "待审核" in page and "到位资金 1" in page
