"""Filing reminders: before each deadline and for what is overdue, in the app and by e-mail when the server has mail.

``send_reminders`` (the management command a daily timer runs) calls ``reminders_send``; a reminder is kept once per
unit, subject and day, so a second run the same day creates and mails nothing new.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from accounts.models import Role, User
from audit.services import audit_log
from projects import calendar
from projects.models import Reminder, Status
from projects.selectors import CalendarBook, calendars, filing_facts, obligations_of
from projects.services import RECORD_MODELS
from targets.models import Unit

CONSOLE_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def days_before() -> tuple[int, ...]:
    """Days before a deadline on which to remind (FILING_REMINDER_DAYS, default 3 and 1)."""
    return tuple(settings.FILING_REMINDER_DAYS)


def overdue_every() -> int:
    """Overdue items are reminded the day after the deadline, then every this many days."""
    return settings.FILING_OVERDUE_REPEAT_DAYS


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND not in CONSOLE_BACKENDS


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str  # Reminder.Kind
    message: str
    due_on: dt.date | None


def _d(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _overdue_today(due: dt.date, today: dt.date) -> bool:
    late = (today - due).days
    return late >= 1 and (late - 1) % overdue_every() == 0


def notices_for(facts, open_records, book: CalendarBook, today: dt.date) -> list[Notice]:
    """What to tell one unit today. ``open_records``: [(record, kind, due)] of its drafts and returned records."""
    notices = []
    ahead = days_before()
    month = calendar.month_start(today)
    cal = book.of(today)

    contracts_due = calendar.contracts_due(cal, today)
    if book.plans(today) and (contracts_due - today).days in ahead:
        drafts = [r for r, kind, due in open_records if kind in ("contract", "start") and due == contracts_due]
        extra = f"；本单位尚有 {len(drafts)} 条合同/开工记录未提交" if drafts else ""
        notices.append(
            Notice(
                f"contracts:{contracts_due:%Y-%m}",
                Reminder.Kind.DUE,
                f"请于{_d(contracts_due)}前报送本月签约合同、开工项目及佐证材料{extra}。",
                contracts_due,
            )
        )
    report = next(iter(obligations_of(facts, month, book, today)), None)
    if report and report.state == calendar.DUE and (report.due - today).days in ahead:
        notices.append(Notice(report.key, Reminder.Kind.DUE, f"请于{_d(report.due)}前报送{report.label}。", report.due))
    last = calendar.add_months(month, -1)
    funds = [o for o in obligations_of(facts, last, book, today)[1:] if o.state == calendar.DUE]
    if funds and (funds[0].due - today).days in ahead:
        names = "、".join(o.label.split(" · ", 1)[1] for o in funds)
        notices.append(
            Notice(
                f"funds:{last:%Y-%m}",
                Reminder.Kind.DUE,
                f"请于{_d(funds[0].due)}前报送{calendar.month_label(last)}到位资金及凭证（{len(funds)} 个项目：{names}）。",
                funds[0].due,
            )
        )

    first = dt.date(today.year - (today.month == 1), 1, 1)
    m = first
    while m <= month:
        for o in obligations_of(facts, m, book, today):
            if o.state in (calendar.OVERDUE, calendar.RETURNED) and _overdue_today(o.due, today):
                what = "已被退回，请修改后重新提交" if o.state == calendar.RETURNED else "已逾期未报送，请尽快补报"
                notices.append(
                    Notice(o.key, Reminder.Kind.OVERDUE, f"{o.label}{what}（截止日 {o.due:%Y-%m-%d}）。", o.due)
                )
        m = calendar.add_months(m, 1)
    for record, kind, due in open_records:
        if kind in ("contract", "start", "activity") and _overdue_today(due, today):
            state = "被退回后尚未重新提交" if record.status == Status.RETURNED else "尚未提交"
            notices.append(
                Notice(
                    f"record:{kind}:{record.pk}",
                    Reminder.Kind.OVERDUE,
                    f"{record._meta.verbose_name}“{record}”{state}，已过截止日 {due:%Y-%m-%d}。",
                    due,
                )
            )
    return notices


def reminded_units():
    """Units someone will read reminders for: those with active filers or a contact e-mail."""
    filers = User.objects.filter(role=Role.FILER, is_active=True).values("unit_id")
    return Unit.objects.filter(Q(pk__in=filers) | ~Q(contact_email=""), is_active=True).order_by("position", "id")


def _open_records(unit_ids, book) -> dict:
    result = defaultdict(list)
    for kind, model in RECORD_MODELS.items():
        for record in model.objects.filter(unit_id__in=unit_ids, status__in=[Status.DRAFT, Status.RETURNED]):
            period = record.period
            result[record.unit_id].append((record, kind, calendar.due_date(book.of(period), kind, period)))
    return result


def recipients(unit) -> list[str]:
    emails = [unit.contact_email] + list(
        User.objects.filter(role=Role.FILER, unit=unit, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(e for e in emails if e))


@transaction.atomic
def reminders_create(*, today: dt.date) -> int:
    """Keep today's reminders of every unit; those already kept today are left alone. Returns how many are new."""
    units = list(reminded_units())
    ids = [u.pk for u in units]
    first = dt.date(today.year - 1, 1, 1)
    facts = filing_facts(ids, first, calendar.month_start(today))
    book = calendars()
    opened = _open_records(ids, book)
    new = 0
    for unit in units:
        for notice in notices_for(facts[unit.pk], opened.get(unit.pk, []), book, today):
            _, created = Reminder.objects.get_or_create(
                unit=unit,
                key=notice.key,
                day=today,
                defaults={"kind": notice.kind, "message": notice.message, "due_on": notice.due_on},
            )
            new += created
    return new


def reminders_mail(*, today: dt.date) -> int:
    """Mail each unit today's reminders not yet mailed, in one message. Returns how many messages went out."""
    if not mail_configured():
        return 0
    sent = 0
    pending = Reminder.objects.filter(day=today, emailed_to="").select_related("unit").order_by("unit_id", "kind", "id")
    by_unit = defaultdict(list)
    for reminder in pending:
        by_unit[reminder.unit].append(reminder)
    for unit, items in by_unit.items():
        to = recipients(unit)
        if not to:
            continue
        lines = [f"{unit.name}：", ""] + [f"{i}. {r.message}" for i, r in enumerate(items, start=1)]
        site = settings.SITE_URL
        lines += [
            "",
            f"请登录巫山县招商引资考核系统办理{('：' + site) if site else ''}。",
            "（系统自动发送，请勿回复）",
        ]
        send_mail(
            f"【招商考核】{unit.name} 报送提醒（{today:%Y-%m-%d}）",
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            to,
        )
        Reminder.objects.filter(pk__in=[r.pk for r in items]).update(emailed_to=", ".join(to))
        sent += 1
    return sent


def reminders_send(*, today: dt.date, email: bool = True) -> dict:
    created = reminders_create(today=today)
    mailed = reminders_mail(today=today) if email else 0
    if created or mailed:
        audit_log(action="reminders.send", detail={"day": str(today), "created": created, "mailed": mailed})
    return {"created": created, "mailed": mailed, "mail_configured": mail_configured()}
