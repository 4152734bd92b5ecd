import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from projects import services
from projects.models import Reminder
from projects.reminders import notices_for
from projects.selectors import CalendarBook, UnitFacts
from targets.models import Unit
from tests.conftest import client_for


@pytest.fixture
def mailboxes(filer, other_filer):
    filer.email = "filer@wushan.example"
    filer.save(update_fields=["email"])
    Unit.objects.filter(pk=filer.unit_id).update(contact_email="wlw@wushan.example")
    return filer


def run(day):
    call_command("send_reminders", "--date", day)


def test_pure_notices_before_the_23rd_and_25th():
    book = CalendarBook({}, {2023})
    notices = notices_for(UnitFacts(), [], book, dt.date(2023, 6, 22))
    assert {n.key for n in notices if n.kind == "due"} == {"contracts:2023-06", "report:2023-06"}
    assert any("6月23日前报送本月签约合同" in n.message for n in notices)
    assert not [n for n in notices_for(UnitFacts(), [], book, dt.date(2023, 6, 18)) if n.kind == "due"]


def test_a_year_without_an_open_plan_asks_for_nothing():
    assert notices_for(UnitFacts(), [], CalendarBook({}, set()), dt.date(2026, 6, 22)) == []


def test_home_panel_says_when_the_year_has_no_plan(client, filer):
    import time_machine

    client.force_login(filer)
    with time_machine.travel(dt.datetime(2026, 6, 22, 10, tzinfo=dt.UTC)):
        page = client.get("/").content.decode()
    assert "2026年尚未导入年度目标任务分解表" in page
    assert "逾期未报" not in page


def test_reminders_before_deadlines_go_to_the_app_and_by_mail(client, mailboxes, filer, other_filer):
    run("2023-06-22")
    mine = Reminder.objects.filter(unit=filer.unit, day=dt.date(2023, 6, 22))
    assert {r.key for r in mine} >= {"contracts:2023-06", "report:2023-06"}
    assert Reminder.objects.filter(unit=other_filer.unit).exists()  # in the app even without an e-mail address
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"wlw@wushan.example", "filer@wushan.example"}
    assert "县文化旅游委" in message.subject and "6月25日前报送2023年6月工作情况" in message.body
    assert mine.first().emailed_to
    with time_machine.travel(dt.datetime(2023, 6, 22, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        page = client_for(client, filer).get("/reminders/").content.decode()
    assert "6月25日前报送2023年6月工作情况" in page


def test_running_twice_a_day_sends_nothing_new(mailboxes, filer):
    run("2023-06-22")
    count, sent = Reminder.objects.count(), len(mail.outbox)
    run("2023-06-22")
    assert (Reminder.objects.count(), len(mail.outbox)) == (count, sent)


def test_overdue_items_are_reminded_the_day_after_and_then_weekly(mailboxes, filer):
    run("2023-05-26")
    assert Reminder.objects.filter(unit=filer.unit, key="report:2023-05", kind="overdue").exists()
    run("2023-05-27")
    assert not Reminder.objects.filter(unit=filer.unit, key="report:2023-05", day="2023-05-27").exists()
    run("2023-06-02")
    assert Reminder.objects.filter(unit=filer.unit, key="report:2023-05", day="2023-06-02").exists()


def test_a_filed_report_is_no_longer_reminded(mailboxes, filer):
    report = services.record_create(record_type="report", unit=filer.unit, by=filer, month=dt.date(2023, 5, 1))
    services.record_submit(record=report, by=filer)
    run("2023-06-02")
    assert not Reminder.objects.filter(unit=filer.unit, key="report:2023-05").exists()


def test_without_mail_configured_reminders_stay_in_the_app(mailboxes, filer, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.EMAIL_HOST = ""
    run("2023-06-22")
    assert "未配置邮件" in capsys.readouterr().out
    assert Reminder.objects.filter(unit=filer.unit, day="2023-06-22").exists()
    assert not Reminder.objects.exclude(emailed_to="").exists()


def test_a_bad_date_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("22/06/2023")
