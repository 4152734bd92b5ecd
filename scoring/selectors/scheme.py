"""The scheme in force for a year, its history, and the cut-off dates the pages offer."""

import calendar
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.formatting import plain
from core.memo import per_request
from core.validators import safe_query_text
from projects.models import InvestorTag
from scoring.models import SchemeVersion


def current_scheme(year) -> SchemeVersion:
    """The year's latest scheme version; a year never edited is scored with the defaults, as version 1."""
    return per_request(("current_scheme", year.pk), lambda: _current_scheme(year))


def _current_scheme(year) -> SchemeVersion:
    latest = SchemeVersion.objects.filter(year=year).select_related("year", "created_by").order_by("-number").first()
    if latest is None:
        latest = SchemeVersion(year=year, number=1, reason=SchemeVersion.DEFAULT_REASON)
    return latest


def scheme_version(year, number: int) -> SchemeVersion | None:
    if number == 1 and not SchemeVersion.objects.filter(year=year).exists():
        return current_scheme(year)
    return SchemeVersion.objects.filter(year=year, number=number).select_related("year", "created_by").first()


def scheme_history(year) -> list[dict]:
    """Every version, newest first, with the settings it changed from the version before (label, old, new)."""
    tag_names = dict(InvestorTag.objects.values_list("code", "name"))
    versions = list(SchemeVersion.objects.filter(year=year).select_related("year", "created_by").order_by("number"))
    if not versions:
        versions = [current_scheme(year)]
    history = []
    previous = None
    for version in versions:
        changes = []
        if previous is not None:
            for name in SchemeVersion.SETTINGS:
                old, new = getattr(previous, name), getattr(version, name)
                if old != new:
                    field = SchemeVersion._meta.get_field(name)
                    changes.append(
                        {
                            "label": field.verbose_name,
                            "old": show(previous, name, tag_names),
                            "new": show(version, name, tag_names),
                        }
                    )
        history.append({"version": version, "changes": changes})
        previous = version
    return list(reversed(history))


def show(version: SchemeVersion, name: str, tag_names: dict | None = None) -> str:
    """A setting as the scheme page shows it."""
    value = getattr(version, name)
    field = SchemeVersion._meta.get_field(name)
    if field.choices:
        return dict(field.choices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "bonus_tags":
        return "、".join((tag_names or {}).get(code, code) for code in value) or "（无）"
    if name in ("bonus_major_tiers", "bonus_service_tiers"):
        return "；".join(f"≥{plain(t)}亿元 {plain(p)}分" for t, p in value)
    if name in ("reward_tiers", "guarantee_reward_tiers"):
        return "；".join(f"第{a}–{b}名 {plain(w)}万元" for a, b, w in value)
    if name == "guarantee_criteria":
        return "；".join(f"{c} {plain(p)}分" for c, p in value)
    if name == "bands":
        return "；".join(f"{label}（{code}）{colour}" for code, label, colour in value)
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def month_ends(year: int) -> list[dt.date]:
    return [dt.date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, 13)]


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    """Month ends by default: the last month end already reached (the year's end for a past year; for the current
    year before its first month end, today)."""
    today = today or timezone.localdate()
    reached = [d for d in month_ends(year) if d <= today]
    if reached:
        return reached[-1]
    if today.year == year:
        return today
    return month_ends(year)[0]


def parse_as_of(year: int, raw: str | None, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The cut-off a page was asked for, or the default with a Chinese message saying why the request was not used."""
    if not raw:
        return default_as_of(year, today), ""
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        # Echoed without control characters: the message also lands in exports, where a NUL is a 500.
        shown = safe_query_text(raw)
        return default_as_of(year, today), f"截止日期“{shown}”格式不正确（应为 YYYY-MM-DD），已改用默认截止日期"
    if day.year != year:
        return default_as_of(year, today), f"截止日期须在{year}年内，已改用默认截止日期"
    return day, ""
