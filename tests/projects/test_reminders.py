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


def test_each_day_one_digest_names_everything_overdue_grouped_by_month(mailboxes, filer):
    run("2023-05-26")
    run("2023-05-27")
    for day in ("2023-05-26", "2023-05-27"):
        assert Reminder.objects.filter(unit=filer.unit, key="overdue:report:2023-05", day=day).exists()
    mine = [m for m in mail.outbox if "filer@wushan.example" in m.to]
    assert len(mine) == 2  # one digest a day
    body = mine[-1].body
    assert "已逾期" in body and "2023年5月" in body and "2023年4月" in body
    assert body.index("  2023年4月\n") < body.index("  2023年5月\n")


def test_a_filed_report_is_no_longer_reminded(mailboxes, filer):
    report = services.record_create(record_type="report", unit=filer.unit, by=filer, month=dt.date(2023, 5, 1))
    services.record_submit(record=report, by=filer)
    run("2023-06-02")
    assert not Reminder.objects.filter(unit=filer.unit, key="report:2023-05").exists()


def test_without_mail_configured_reminders_stay_in_the_app(mailboxes, filer, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    settings.EMAIL_HOST = ""
    run("2023-06-22")
    assert "未配置邮件" in capsys.readouterr().out
    assert Reminder.objects.filter(unit=filer.unit, day="2023-06-22").exists()
    assert not Reminder.objects.exclude(emailed_to="").exists()


def test_a_bad_date_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("22/06/2023")


@pytest.fixture
def started(mailboxes, filer, auditor):
    from tests.helpers import confirmed_start, make_project

    projects = []
    for n, name in enumerate(["神女峰索道项目", "巫峡康养小镇", "大昌古镇民宿"], start=1):
        project = make_project(by=filer, code=f"WS-2023-R{n}", name=name, credits=[("县文化旅游委", 100)])
        confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-09-10")
        projects.append(project)
    return projects


def test_funds_due_soon_are_in_the_digest_even_between_the_old_reminder_days(started, filer, time_machine):
    time_machine.move_to(dt.datetime(2023, 12, 5, 8, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    run("2023-12-05")
    due = Reminder.objects.get(unit=filer.unit, day="2023-12-05", key="funds:2023-11")
    assert due.kind == "due" and "2023年11月到位资金" in due.message and "3 个项目" in due.message
    overdue = Reminder.objects.get(unit=filer.unit, day="2023-12-05", key="overdue:funds:2023-10")
    assert "3 个项目逾期未报送" in overdue.message and "神女峰索道项目" in overdue.message
    # one line per month and kind, not one per project
    assert not Reminder.objects.filter(key__startswith="overdue:funds:2023-10:").exists()
    [digest] = [m for m in mail.outbox if "filer@wushan.example" in m.to]
    assert digest.subject.endswith("即将到期 1 项，已逾期 13 项")
    assert "    - 到位资金：3 个项目逾期未报送" in digest.body
    assert digest.body.index("即将到期") < digest.body.index("已逾期")
    assert digest.body.index("2023年9月") < digest.body.index("2023年10月")


def test_the_digest_links_to_the_site(mailboxes, filer, settings):
    settings.SITE_URL = "https://zsks.example.gov.cn"
    run("2023-06-22")
    assert "https://zsks.example.gov.cn/reminders/" in mail.outbox[0].body


def test_a_date_in_the_future_is_refused(mailboxes, time_machine):
    from django.core.management.base import CommandError

    time_machine.move_to(dt.datetime(2023, 6, 22, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    with pytest.raises(CommandError, match="将来的日期"):
        run("2023-06-23")
    assert not Reminder.objects.exists()
    run("2023-06-22")
    assert Reminder.objects.exists()


def test_with_the_console_backend_the_digest_is_printed(mailboxes, filer, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.EMAIL_HOST = ""
    run("2023-06-22")
    out = capsys.readouterr().out
    assert "报送提醒（2023-06-22）" in out or "=?utf-8?" in out
    assert "输出到控制台" in out


def test_the_demo_accounts_and_units_have_mail_addresses_so_the_digest_prints(db, settings, capsys, time_machine):
    time_machine.move_to(dt.datetime(2023, 6, 22, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
    call_command("load_demo", "--no-records")
    from accounts.models import User

    assert not User.objects.filter(email="").exists()
    assert not Unit.objects.filter(contact_email="").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.EMAIL_HOST = ""
    capsys.readouterr()
    run("2023-06-22")
    out = capsys.readouterr().out
    assert "filer@demo.wushan.example" in out and "输出到控制台" in out
