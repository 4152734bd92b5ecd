"""Guarantee units and towns: their ratings by enterprises and their 2-point appraisal."""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from enterprises.selectors import town_target_counts
from projects.models import Project
from scoring import rules as r
from scoring.models import AppraisalFinding, Rating, RatingLink, hash_token
from targets.models import Unit, UnitKind

RATED_KINDS = (UnitKind.GUARANTEE, UnitKind.TOWN)


def rated_units():
    """Guarantee units: the county service departments and the towns where projects land."""
    return Unit.objects.filter(kind__in=RATED_KINDS, is_active=True).order_by("kind", "position", "id")


def rating_units_for(investor):
    """The units an enterprise may rate: every guarantee unit, and the towns where its own projects landed."""
    guarantee = Q(kind=UnitKind.GUARANTEE)
    landed = Q(kind=UnitKind.TOWN, pk__in=Project.objects.filter(investor=investor).values("town_id"))
    return Unit.objects.filter(guarantee | landed, is_active=True).order_by("kind", "position", "id")


def guarantee_results(year, rules: r.Rules) -> list[r.GuaranteeScore]:
    units = tuple(rated_units().values_list("id", "name"))
    ratings = tuple(
        r.RatingInput(
            row["id"],
            row["unit_id"],
            tuple((name, Decimal(str(points))) for name, points in row["scores"].items()),
            row["source"],
        )
        for row in Rating.objects.filter(year=year).values("id", "unit_id", "scores", "source")
    )
    return r.guarantee_scores(units, ratings, rules)


def ratings_for(year):
    return (
        Rating.objects.filter(year=year).select_related("unit", "investor", "entered_by").order_by("-created_at", "-id")
    )


def links_for(year):
    now = timezone.now()
    links = list(
        RatingLink.objects.filter(year=year)
        .select_related("investor", "created_by")
        .prefetch_related("units")
        .order_by("-created_at", "-id")
    )
    for link in links:
        link.current_state = link.state(now)
        link.state_label = RatingLink.STATE_LABELS[link.current_state]
    return links


def rating_link_for(token: str) -> RatingLink | None:
    """The link an enterprise opens, found by the hash of its token."""
    return RatingLink.objects.select_related("year", "investor").filter(token_hash=hash_token(token)).first()


def appraisal_results(year, rules: r.Rules, kind: str) -> list[dict]:
    """The 2-point appraisal of the towns (kind "town") or of the guarantee units (kind "guarantee"), with each
    unit's findings per month."""
    units = list(Unit.objects.filter(kind=kind, is_active=True).order_by("position", "id").values_list("id", "name"))
    rows = AppraisalFinding.objects.filter(year=year, unit__kind=kind).select_related("entered_by", "unit")
    findings = {f.pk: f for f in rows}
    results = r.appraisals(
        tuple(units),
        tuple(r.Finding(f.pk, f.unit_id, f.month, f.criterion, f.note) for f in findings.values()),
        rules,
    )
    target_counts = town_target_counts(u for u, _ in units)  # 目标企业数量 (Annex 2 §五), from the target library
    table = []
    for result in results:
        by_month = {}
        for f in result.findings:
            by_month.setdefault(f.month.month, []).append(findings[f.finding_id])
        table.append({"result": result, "months": [by_month.get(m, []) for m in range(1, 13)],
                      "targets": target_counts.get(result.unit_id, 0)})  # fmt: skip
    return table
