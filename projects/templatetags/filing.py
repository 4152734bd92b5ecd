"""Badges, labels and the home-page filing panel."""

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from accounts.access import can
from core.formatting import decimals, iso_day, plain, yi
from core.links import fast_url
from projects import calendar
from projects.selectors import calendars, home_panel, queue_counts
from projects.services import KIND_OF_MODEL
from projects.sheet import default_month

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "confirmed": "text-bg-success",
    "returned": "text-bg-danger",
    "superseded": "text-bg-light border",
}
STATE_CLASSES = {
    calendar.OVERDUE: "text-bg-danger",
    calendar.RETURNED: "text-bg-danger",
    calendar.LATE: "text-bg-warning",
    calendar.DUE: "text-bg-info",
    calendar.DONE: "text-bg-success",
    calendar.UPCOMING: "text-bg-light border",
}
STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "待审核",
    "confirmed": "已认定",
    "returned": "已退回",
    "superseded": "已被更正",
}


@register.simple_tag
def status_badge(record_or_status):
    status = getattr(record_or_status, "status", record_or_status)
    late = getattr(record_or_status, "is_late", False)
    badge = format_html(
        '<span class="badge {}">{}</span>',
        STATUS_CLASSES.get(status, "text-bg-light"),
        STATUS_LABELS.get(status, status),
    )
    if late:
        badge += format_html(' <span class="badge text-bg-warning" title="{}">逾期报送</span>', "超过报送截止日后提交")
    return badge


@register.simple_tag
def state_badge(state):
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_CLASSES.get(state, "text-bg-light"),
        calendar.STATE_LABELS.get(state, ""),
    )


@register.filter
def state_class(state):
    return f"state-{state}" if state else "state-none"


@lru_cache(maxsize=8192)
def _warning_line(warning: str) -> str:
    return f'<div class="small text-danger queue-warning"><i class="bi bi-exclamation-triangle"></i> {escape(warning)}</div>'


@register.filter
def warning_lines(warnings):
    """The queue's warnings of a record, one line each: in Python, as a row can carry hundreds (one file attached to
    hundreds of records) and a template loop over them was most of the page's time."""
    return mark_safe("".join(map(_warning_line, warnings)))


@register.filter
def record_kind(record):
    return KIND_OF_MODEL.get(type(record), "")


@register.filter
def verbose(record):
    return record._meta.verbose_name


@register.filter
def filesize(size):
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("projects/_home_panel.html", takes_context=True)
def filing_panel(context):
    """What the signed-in user has to do this month: a unit's due, late and missing filings; the center's queue."""
    user = context["user"]
    today = timezone.localdate()
    data = {"user": user, "today": today}
    if can(user, "records.file") and user.unit_id:
        data["panel"] = home_panel(user.unit, today)
        data["sheet_month"] = default_month(user.unit, today, calendars().of(today))
    if can(user, "records.audit"):
        counts = queue_counts()
        data["queue"] = counts
        data["queue_total"] = sum(counts.values())
    data["can_matrix"] = can(user, "filing.status_matrix")
    data["can_library"] = can(user, "records.view")
    return data


@register.filter
def change_rows(event):
    """An edit's changes with the fields' Chinese names: [(label, old, new)]."""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()
    rows = []
    for name, change in (event.changes or {}).items():
        try:
            label = model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = name
        old, new = (change + [None, None])[:2] if isinstance(change, list) else (None, change)
        rows.append((label, old, new))
    return rows


@register.filter
def project_event_label(event) -> str:
    """What one event of a project's history was, in the words the project page uses."""
    if getattr(event, "proposal", None) is not None:
        verb = "提出" if event.action == "create" else event.get_action_display()
        return f"计分信息变更申请 · {verb}"
    if event.action == "create":
        return "录入项目"
    if event.action == "edit":
        return "调整招商单位及分成" if list(event.changes or {}) == ["units"] else "修改项目信息"
    return event.get_action_display()


@register.filter
def cell(value):
    """A ledger value as the ledger writes it: 60 not Decimal('60.00'), 2023-03-01, 县文化旅游委:60;旅发集团:40."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(":".join(cell(v) for v in item) if isinstance(item, tuple) else cell(item) for item in value)
    return "" if value is None else str(value)


# --- the record list's rows (填报记录): fifty a page, on every filer's round at the month-end peak. Built here they cost
# a fraction of the template loop they replaced (kept as the reference in tests/projects/test_record_rows.py), with
# the same HTML.


def _month(value) -> str:
    return f"{value.year}年{value.month}月" if value else ""


def _cells(kind, r, url):
    e = conditional_escape
    link = f'<a href="{url}">'
    if kind == "contract":
        return (
            f'<td class="project-name" data-label="项目">{link}{e(r.project.name)}</a></td>'
            f'<td data-label="类型">{e(r.get_kind_display())}</td>'
            f'<td class="text-nowrap" data-label="签约日期">{iso_day(r.signed_on)}</td>'
            f'<td class="num" data-label="金额（亿元）">{yi(r.amount, 4)}</td>'
        )
    if kind == "start":
        return (
            f'<td class="project-name" data-label="项目">{link}{e(r.project.name)}</a></td>'
            f'<td class="text-nowrap" data-label="开工日期">{iso_day(r.started_on)}</td>'
        )
    if kind == "funds":
        return (
            f'<td class="project-name" data-label="项目">{link}{e(r.project.name)}</a></td>'
            f'<td data-label="月份">{_month(r.month)}</td>'
            f'<td class="num" data-label="到位资金（亿元）">{yi(r.amount, 4)}</td>'
        )
    if kind == "activity":
        return (
            f'<td data-label="类型">{e(r.get_kind_display())}</td>'
            f'<td class="text-nowrap" data-label="日期">{iso_day(r.occurred_on)}</td>'
            f'<td class="project-name" data-label="事项">{link}{e(r.title)}</a></td>'
            f'<td class="num" data-label="走访企业">{e(r.enterprise_count)}</td>'
        )
    return (
        f'<td data-label="月份">{link}{_month(r.month)}</a></td><td data-label="未填项目">{len(r.missing_items())}</td>'
    )


def _joined(rows, columns: int, empty: str):
    if not rows:
        return mark_safe(f'<tr><td colspan="{columns}" class="text-center text-muted py-4">{empty}</td></tr>')
    return mark_safe("".join(rows))


@register.simple_tag
def record_rows(records, kind):
    """The rows of the record list of one kind (contract, start, funds, activity, report)."""
    rows = []
    for r in records:
        url = conditional_escape(fast_url("projects:record", kind, r.pk))
        rows.append(
            f'\n  <tr>\n    <td data-label="编号"><a href="{url}">#{r.pk}</a></td>'
            f'<td class="small" data-label="单位">{conditional_escape(r.unit)}</td>\n    {_cells(kind, r, url)}\n'
            f'    <td class="small" data-label="佐证">{len(r.active_evidence)}</td>\n'
            f'    <td class="record-status" data-label="状态">{status_badge(r)}</td>\n  </tr>\n  '
        )
    return _joined(rows, 9, "没有记录。")


@register.simple_tag
def project_rows(projects):
    """The rows of the project library (招商项目库), fifty a page: investor tags and credits prefetched."""
    e = conditional_escape
    rows = []
    for p in projects:
        major = ' <span class="badge text-bg-warning">重大</span>' if p.is_major else ""
        tags = "".join(
            f' <span class="badge rounded-pill text-bg-light border">{e(t.name)}</span>' for t in p.investor.tags.all()
        )
        credits = "；".join(f"{e(c.unit.name)} {decimals(c.share, 2)}%" for c in p.credits.all())
        sector = e(p.sector.name) if p.sector_id and p.sector.name else "—"
        rows.append(
            f'\n  <tr>\n    <td class="text-nowrap">{e(p.code)}</td>\n'
            f'    <td><a href="{e(fast_url("projects:detail", p.pk))}">{e(p.name)}</a>{major}</td>\n'
            f"    <td>{e(p.investor.name)}{tags}</td>\n"
            f"    <td>{sector}</td>\n"
            f"    <td>{p.year.year}</td>\n"
            f'    <td><span class="badge stage-{e(p.stage)}">{e(p.get_stage_display())}</span></td>\n'
            f'    <td class="num">{yi(p.total_investment, 4)}</td>\n'
            f'    <td class="small">{credits}</td>\n  </tr>\n  '
        )
    return _joined(rows, 8, "没有符合条件的项目。")
