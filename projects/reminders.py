"""Filing reminders: one digest per unit and day of everything due soon and everything overdue, grouped by month
and kind, in the app and by e-mail (printed by the console backend when the server has no mail).

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
from django.urls import reverse

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


def days_before() -> int:
    """A deadline this many days away or nearer is "due soon" (the largest of FILING_REMINDER_DAYS, default 3)."""
    return max(settings.FILING_REMINDER_DAYS)


def mail_configured() -> bool:
    """Whether reminders go out as mail: a real server, or the console backend (the mail is printed, so the path
    can be seen without a server). Only the dummy backend, or no backend at all, keeps them in the app."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend"


def mail_printed() -> bool:
    return not settings.EMAIL_HOST and settings.EMAIL_BACKEND in CONSOLE_BACKENDS


@dataclass(frozen=True)
class Notice:
    key: str  # what the line is about, ending in its month: contracts:2023-06, overdue:funds:2023-05
    kind: str  # Reminder.Kind
    message: str
    due_on: dt.date | None


def _d(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _names(items, limit=5) -> str:
    names = "、".join(items[:limit])
    return names + (f" 等 {len(items)} 项" if len(items) > limit else "")


KIND_ORDER = ["report", "funds", "contract", "start", "activity"]
RECORD_NAMES = {"contract": "签约合同", "start": "开工项目", "activity": "招商活动"}


def notices_for(facts, open_records, book: CalendarBook, today: dt.date) -> list[Notice]:
    """What to tell one unit today: everything due within ``days_before()`` days and everything overdue, one notice
    per month and kind (one line for a month's funds of all projects). ``open_records``: [(record, kind, due)]."""
    notices = []
    ahead = days_before()
    month = calendar.month_start(today)

    def soon(due: dt.date) -> bool:
        return 0 <= (due - today).days <= ahead

    def left(due: dt.date) -> str:
        days = (due - today).days
        return "今天截止" if days == 0 else f"还有 {days} 天"

    contracts_due = calendar.contracts_due(book.of(today), today)
    if book.plans(today) and soon(contracts_due):
        drafts = [r for r, kind, due in open_records if kind in ("contract", "start") and due == contracts_due]
        extra = f"；本单位尚有 {len(drafts)} 条合同/开工记录未提交" if drafts else ""
        notices.append(
            Notice(
                f"contracts:{contracts_due:%Y-%m}",
                Reminder.Kind.DUE,
                f"请于{_d(contracts_due)}前报送本月签约合同、开工项目及佐证材料（{left(contracts_due)}）{extra}。",
                contracts_due,
            )
        )
    report = next(iter(obligations_of(facts, month, book, today)), None)
    if report and report.state == calendar.DUE and soon(report.due):
        notices.append(
            Notice(
                report.key,
                Reminder.Kind.DUE,
                f"请于{_d(report.due)}前报送{report.label}（{left(report.due)}）。",
                report.due,
            )
        )
    for m in (calendar.add_months(month, -1), month):
        funds = [o for o in obligations_of(facts, m, book, today)[1:] if o.state == calendar.DUE and soon(o.due)]
        if funds:
            names = _names([o.label.split(" · ", 1)[1] for o in funds])
            notices.append(
                Notice(
                    f"funds:{m:%Y-%m}",
                    Reminder.Kind.DUE,
                    f"请于{_d(funds[0].due)}前报送{calendar.month_label(m)}到位资金及凭证（{left(funds[0].due)}；"
                    f"{len(funds)} 个项目：{names}）。",
                    funds[0].due,
                )
            )

    groups = defaultdict(list)  # (month, kind) -> [(what, state, due)]
    m = dt.date(today.year - (today.month == 1), 1, 1)
    while m <= month:
        for o in obligations_of(facts, m, book, today):
            if o.state in (calendar.OVERDUE, calendar.RETURNED):
                what = o.label.split(" · ", 1)[1] if o.kind == "funds" else ""
                groups[(o.period, o.kind)].append((what, o.state == calendar.RETURNED, o.due))
        m = calendar.add_months(m, 1)
    for record, kind, due in open_records:
        if kind in RECORD_NAMES and due < today:
            groups[(calendar.month_start(due), kind)].append((f"“{record}”", record.status == Status.RETURNED, due))
    for (period, kind), items in sorted(groups.items(), key=lambda g: (g[0][0], KIND_ORDER.index(g[0][1]))):
        due = min(i[2] for i in items)
        notices.append(
            Notice(f"overdue:{kind}:{period:%Y-%m}", Reminder.Kind.OVERDUE, _overdue_text(period, kind, items), due)
        )
    return notices


def _overdue_text(period: dt.date, kind: str, items) -> str:
    missing = [what for what, returned, _ in items if not returned]
    returned = [what for what, returned, _ in items if returned]
    due = min(i[2] for i in items)
    if kind == "report":
        state = "已被退回，请修改后重新提交" if returned else "已逾期未报送，请尽快补报"
        return f"{calendar.month_label(period)}工作情况{state}（截止日 {due:%Y-%m-%d}）。"
    if kind == "funds":
        what, unit = f"{calendar.month_label(period)}到位资金", "个项目"
        parts = [f"{len(missing)} {unit}逾期未报送（{_names(missing)}）"] if missing else []
        parts += [f"{len(returned)} {unit}被退回待改（{_names(returned)}）"] if returned else []
    else:
        what, unit = f"{calendar.month_label(period)}{RECORD_NAMES[kind]}", "条"
        parts = [f"{len(missing)} {unit}尚未提交（{_names(missing)}）"] if missing else []
        parts += [f"{len(returned)} {unit}被退回后尚未重新提交（{_names(returned)}）"] if returned else []
    return f"{what}：{'，'.join(parts)}；截止日 {due:%Y-%m-%d}，请尽快补报。"


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


def _month_of(key: str) -> str:
    return key.rsplit(":", 1)[-1]


def digest_text(unit, items, today: dt.date) -> str:
    """One unit's reminders of the day as one mail: what is due soon, then what is overdue month by month."""
    due = [r for r in items if r.kind == Reminder.Kind.DUE]
    overdue = [r for r in items if r.kind == Reminder.Kind.OVERDUE]
    lines = [f"{unit.name}：", "", f"截至{today.year}年{today.month}月{today.day}日，本单位有以下报送事项："]
    if due:
        lines += ["", f"一、即将到期（{len(due)} 项）"]
        lines += [f"  {i}. {r.message}" for i, r in enumerate(sorted(due, key=lambda r: r.due_on), start=1)]
    if overdue:
        lines += ["", f"{'二' if due else '一'}、已逾期（{len(overdue)} 项，按月份）"]
        month = None
        for r in overdue:
            if _month_of(r.key) != month:
                month = _month_of(r.key)
                year, mm = month.split("-")
                label = f"{year}年{int(mm)}月"
                lines.append(f"  {label}")
            lines.append(f"    - {r.message.removeprefix(label)}")
    link = settings.SITE_URL.rstrip("/") + reverse("projects:reminders") if settings.SITE_URL else ""
    lines += ["", f"请登录巫山县招商引资考核系统办理{('：' + link) if link else ''}。", "（系统自动发送，请勿回复）"]
    return "\n".join(lines)


def reminders_mail(*, today: dt.date) -> int:
    """Mail each unit today's reminders not yet mailed, as one digest. Returns how many messages went out."""
    if not mail_configured():
        return 0
    sent = 0
    pending = Reminder.objects.filter(day=today, emailed_to="").select_related("unit").order_by("unit_id", "id")
    by_unit = defaultdict(list)
    for reminder in pending:
        by_unit[reminder.unit].append(reminder)
    for unit, items in by_unit.items():
        to = recipients(unit)
        if not to:
            continue
        due = sum(r.kind == Reminder.Kind.DUE for r in items)
        send_mail(
            f"【招商考核】{unit.name} 报送提醒（{today:%Y-%m-%d}）：即将到期 {due} 项，已逾期 {len(items) - due} 项",
            digest_text(unit, items, today),
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
