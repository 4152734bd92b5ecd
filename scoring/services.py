"""Every write of the scoring app: scheme versions, rating links and ratings, appraisal findings. Audited, atomic."""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from core.formatting import plain
from scoring import rules as r
from scoring.models import AppraisalFinding, Rating, RatingLink, SchemeVersion, hash_token, new_token


class SchemeFrozen(Exception):
    """The year is closed: its scheme and its ratings no longer change."""


def _refuse_closed(year) -> None:
    if year.is_closed:
        raise SchemeFrozen(f"{year.year}年度已关闭，考核方案及评价结果已冻结，不能修改")


def _json(value):
    if isinstance(value, Decimal):
        return plain(value)
    return value


def check_scheme_values(values: dict) -> None:
    """Invariants the rules rely on, whatever the form let through."""
    errors = {}
    for field in ("bonus_major_tiers", "bonus_service_tiers"):
        tiers = [(Decimal(a), Decimal(b)) for a, b in values[field]]
        if (
            not tiers
            or any(a <= 0 or b <= 0 for a, b in tiers)
            or tiers != sorted(tiers)
            or len(set(tiers)) != len(tiers)
        ):
            errors[field] = "档次须按门槛从低到高排列，门槛和分值均大于0"
    for field in ("reward_tiers", "guarantee_reward_tiers"):
        ranks = [(int(a), int(b)) for a, b, _ in values[field]]
        if any(a < 1 or b < a for a, b in ranks) or any(
            b1 >= a2 for (_, b1), (a2, _) in zip(ranks, ranks[1:], strict=False)
        ):
            errors[field] = "名次区间须从前到后排列且互不重叠"
    criteria = tuple(r.Criterion(name, Decimal(points)) for name, points in values["guarantee_criteria"])
    if problems := r.check_criteria(criteria):
        errors["guarantee_criteria"] = "；".join(problems)
    if [code for code, _, _ in values["bands"]] != list(r.scheme.BAND_CODES):
        errors["bands"] = "五色须依次为 green、blue、yellow、orange、red"
    elif not all(re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", colour) for _, _, colour in values["bands"]):
        errors["bands"] = "颜色须写成 #RRGGBB"
    if not Decimal(values["band_yellow_within"]) <= Decimal(values["band_orange_within"]):
        errors["band_orange_within"] = "橙色区间须不小于黄色区间"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def scheme_update(*, year, by, reason: str, values: dict) -> SchemeVersion | None:
    """Save the scheme's new values as the next version (the previous versions stay as they were).

    Returns the new version, or None when nothing changed. The first change of a year that never had a saved scheme
    first records the defaults it was scored with as version 1.
    """
    _refuse_closed(year)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写修改说明"})
    # Lock the year: two admins saving at once get consecutive versions, not the same number twice.
    type(year).objects.select_for_update().filter(pk=year.pk).first()
    latest = SchemeVersion.objects.filter(year=year).order_by("-number").first()
    if latest is None:
        latest = SchemeVersion.objects.create(year=year, number=1, reason=SchemeVersion.DEFAULT_REASON)
        audit_log(action="scheme.create", by=by, obj=latest, detail={"number": 1})
    merged = {**latest.values(), **values}
    check_scheme_values(merged)
    changes = {
        name: [_json(getattr(latest, name)), _json(value)]
        for name, value in values.items()
        if _json(getattr(latest, name)) != _json(value)
    }
    if not changes:
        return None
    version = SchemeVersion(year=year, number=latest.number + 1, created_by=by, reason=reason, **merged)
    version.full_clean(exclude=["year", "created_by"])
    version.save()
    audit_log(
        action="scheme.update",
        by=by,
        obj=version,
        detail={"from": latest.number, "to": version.number, "changes": changes, "reason": reason},
    )
    return version


# --- guarantee-unit ratings ------------------------------------------------------------------------------------


@transaction.atomic
def rating_link_issue(*, year, investor, units, by, days: int, now=None) -> tuple[RatingLink, str]:
    """A one-time rating link for an enterprise: returns the link and its token (shown once, stored hashed).
    Reissuing revokes the enterprise's previous unused link for the year. The link names guarantee units and the
    towns where the enterprise's projects landed, nothing else."""
    from scoring.selectors import rating_units_for

    _refuse_closed(year)
    units = list(units)
    if not units:
        raise ValidationError({"units": "请至少选择一个待评价的保障单位"})
    allowed = set(rating_units_for(investor).values_list("pk", flat=True))
    outside = [u.name for u in units if u.pk not in allowed]
    if outside:
        raise ValidationError(
            {"units": f"“{investor}”只能评价保障单位和其项目落地的乡镇，不能评价{'、'.join(outside)}"}
        )
    now = now or timezone.now()
    previous = RatingLink.objects.select_for_update().filter(year=year, investor=investor, revoked_at__isnull=True)
    for link in previous:
        if link.used_at:
            raise ValidationError(
                {"investor": f"“{investor}”已于{timezone.localtime(link.used_at):%Y-%m-%d}提交评分，不能再生成链接"}
            )
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
    token = new_token()
    link = RatingLink.objects.create(
        year=year,
        investor=investor,
        token_hash=hash_token(token),
        expires_at=now + dt.timedelta(days=days),
        created_by=by,
        created_at=now,
    )
    link.units.set(units)
    audit_log(
        action="rating_link.issue",
        by=by,
        obj=link,
        detail={"units": [u.name for u in units], "expires_at": link.expires_at.isoformat()},
    )
    return link, token


class LinkUnusable(Exception):
    """The link was used, has expired or was revoked; the message is shown to the enterprise."""


def _rating_totals(scores_by_unit: dict, criteria) -> dict:
    errors = {}
    for unit_id, scores in scores_by_unit.items():
        for name, message in r.check_rating(scores, criteria).items():
            errors[f"{unit_id}:{name}"] = message
    if errors:
        raise ValidationError(errors)
    return {
        unit_id: {c.name: Decimal(str(scores[c.name]).strip()) for c in criteria}
        for unit_id, scores in scores_by_unit.items()
    }


@transaction.atomic
def rating_submit_by_link(*, token: str, scores_by_unit: dict, criteria, comment: str = "", now=None) -> list[Rating]:
    """The enterprise's one submission through its link: a rating of every unit the link names."""
    now = now or timezone.now()
    link = (
        RatingLink.objects.select_for_update()
        .select_related("year", "investor")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise LinkUnusable("评分链接无效")
    state = link.state(now)
    if state != "open":
        raise LinkUnusable(
            {
                "used": "该链接已提交过评分，每个链接只能提交一次。感谢您的支持！",
                "expired": "该评分链接已过期，请联系县招商投资事务中心。",
                "revoked": "该评分链接已作废，请联系县招商投资事务中心。",
            }[state]
        )
    if link.year.is_closed:
        raise LinkUnusable(f"{link.year.year}年度评价已结束")
    units = {u.pk: u for u in link.units.all()}
    if set(scores_by_unit) != set(units):
        raise ValidationError({"__all__": "请为链接列出的每个保障单位评分"})
    values = _rating_totals(scores_by_unit, criteria)
    ratings = []
    for unit_id, scores in values.items():
        if Rating.objects.filter(year=link.year, unit_id=unit_id, investor=link.investor).exists():
            raise ValidationError({"__all__": f"贵企业已对“{units[unit_id]}”评过分"})
        ratings.append(
            Rating.objects.create(
                year=link.year,
                unit=units[unit_id],
                investor=link.investor,
                link=link,
                source=Rating.Source.LINK,
                scores={k: _json(v) for k, v in scores.items()},
                total=sum(scores.values(), Decimal("0")),
                comment=comment.strip(),
                created_at=now,
            )
        )
    link.used_at = now
    link.save(update_fields=["used_at"])
    audit_log(
        action="rating.submit",
        obj=link,
        username=f"企业:{link.investor.name}"[:150],
        detail={"ratings": {units[uid].name: _json(sum(v.values(), Decimal("0"))) for uid, v in values.items()}},
    )
    return ratings


@transaction.atomic
def rating_enter_paper(*, year, unit, investor, scores: dict, criteria, by, comment: str = "", now=None) -> Rating:
    """The center enters a rating from an enterprise's paper form."""
    _refuse_closed(year)
    values = _rating_totals({unit.pk: scores}, criteria)[unit.pk]
    if Rating.objects.filter(year=year, unit=unit, investor=investor).exists():
        raise ValidationError({"investor": f"“{investor}”已对“{unit}”评过分，不能重复录入"})
    rating = Rating.objects.create(
        year=year,
        unit=unit,
        investor=investor,
        source=Rating.Source.PAPER,
        scores={k: _json(v) for k, v in values.items()},
        total=sum(values.values(), Decimal("0")),
        comment=comment.strip(),
        entered_by=by,
        created_at=now or timezone.now(),
    )
    audit_log(action="rating.enter", by=by, obj=rating, detail={"scores": rating.scores, "total": _json(rating.total)})
    return rating


# --- the 2-point appraisal of guarantee units and towns ---------------------------------------------------------


@transaction.atomic
def finding_record(
    *, year, unit, month: dt.date, criterion: str, note: str, by, criteria, now=None
) -> AppraisalFinding:
    _refuse_closed(year)
    note = (note or "").strip()
    errors = {}
    if criterion not in criteria:
        errors["criterion"] = "请选择本年度方案中的考核内容"
    if month.year != year.year:
        errors["month"] = f"月份须在{year.year}年内"
    if not note:
        errors["note"] = "请说明扣分原因"
    if errors:
        raise ValidationError(errors)
    month = month.replace(day=1)
    if AppraisalFinding.objects.filter(unit=unit, month=month, criterion=criterion).exists():
        raise ValidationError({"criterion": f"{unit}{month.month}月“{criterion}”已记录过扣分"})
    finding = AppraisalFinding.objects.create(
        year=year, unit=unit, month=month, criterion=criterion, note=note, entered_by=by,
        created_at=now or timezone.now(),
    )  # fmt: skip
    audit_log(action="appraisal.finding", by=by, obj=finding, detail={"note": note})
    return finding


@transaction.atomic
def finding_withdraw(*, finding: AppraisalFinding, by, reason: str) -> None:
    _refuse_closed(finding.year)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请说明撤销原因"})
    audit_log(
        action="appraisal.withdraw",
        by=by,
        obj=finding,
        detail={
            "unit": str(finding.unit),
            "month": finding.month.isoformat(),
            "criterion": finding.criterion,
            "note": finding.note,
            "reason": reason,
        },
    )
    finding.delete()
