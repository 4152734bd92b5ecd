"""County and sector progress at a cut-off, and the plan's other commitments (DOMAIN.md §2, §5.3)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import ExtractMonth

from enterprises.selectors import reserve_library
from projects.models import Activity, ActivityKind, RequiredEvent, Stage, Status
from projects.selectors import projects_as_of
from scoring import rules as r
from scoring.selectors import sql
from scoring.selectors.scores import counted_contracts, year_start
from targets.models import Leader, TargetRow, TargetRowLeader

ZERO = Decimal("0")
NO_SECTOR = "不分领域单位（县招商投资事务中心、招商分局）"


@dataclass(frozen=True)
class Period:
    """A month or quarter of a commitment: what happened, whether it was met, whether it is still open."""

    label: str
    value: object
    met: bool
    open: bool  # the period has not ended by the cut-off


def _ended_months(as_of) -> int:
    """Months of the year that have ended by the cut-off."""
    return as_of.month if (as_of + dt.timedelta(days=1)).month != as_of.month else as_of.month - 1


def county_progress(year, as_of: dt.date, rules: r.Rules) -> dict:
    t = r.time_progress(as_of)
    tf = r.funds_time_progress(as_of, rules)
    # by the sector in force at the cut-off (a confirmed move dated later does not reach back: docs/integrity.md)
    contracts, funds = sql.sector_totals(year_start=year_start(year), as_of=as_of)
    targets = list(
        TargetRow.objects.filter(year=year)
        .values("sector_id", "sector__name", "sector__position")
        .annotate(signed=Sum("signed_target"), funded=Sum("funded_target"))
        .order_by("sector__position", "sector_id")
    )
    sectors = []
    for row in targets:
        sid = row["sector_id"]
        name = row["sector__name"] or NO_SECTOR
        sectors.append(
            {
                "name": name,
                "contract": r.progress(name, contracts.get(sid) or ZERO, row["signed"], t, rules),
                "funds": r.progress(name, funds.get(sid) or ZERO, row["funded"], tf, rules),
            }
        )
    county = {
        "contract": r.progress("正式合同额", sum(contracts.values(), ZERO), year.county_signed_target, t, rules),
        "funds": r.progress("到位资金", sum(funds.values(), ZERO), year.county_funded_target, tf, rules),
    }
    quarter, milestone = r.quarter_milestone(as_of, rules)
    return {
        "time_progress": r.half_up(t, 4),
        "funds_time_progress": r.half_up(tf, 4),
        "quarter": quarter,
        "milestone": milestone,
        "milestone_amount": r.half_up(r.exact(year.county_funded_target) * r.exact(milestone) / 100, 4),
        "county": county,
        "sectors": sectors,
        "commitments": commitments(year, as_of, rules),
    }


def commitments(year, as_of: dt.date, rules: r.Rules) -> dict:
    start = year_start(year)
    ended = _ended_months(as_of)
    t = r.time_progress(as_of)

    visits = {
        row["m"]: row
        for row in Activity.objects.filter(
            status=Status.CONFIRMED, kind=ActivityKind.VISIT, occurred_on__gte=start, occurred_on__lte=as_of
        )
        .annotate(m=ExtractMonth("occurred_on"))
        .values("m")
        .annotate(enterprises=Sum("enterprise_count"), activities=Count("id"))
        .order_by()
    }
    visit_total = sum((row["enterprises"] or 0 for row in visits.values()), 0)

    signings = {
        row["m"]: row
        for row in counted_contracts(year, as_of)
        .annotate(m=ExtractMonth("signed_on"))
        .values("m")
        .annotate(
            big=Count("id", filter=Q(amount__gte=rules.monthly_signing_min)),
            huge=Count("id", filter=Q(amount__gte=rules.quarterly_signing_min)),
            largest=Max("amount"),
        )
        .order_by()
    }
    monthly = [
        Period(
            f"{m}月",
            signings.get(m, {}).get("largest"),
            bool(signings.get(m, {}).get("big")),
            m > ended,
        )
        for m in range(1, as_of.month + 1)
    ]
    quarters = []
    for q in range(1, (as_of.month - 1) // 3 + 2):
        months = range(3 * q - 2, 3 * q + 1)
        huge = sum(signings.get(m, {}).get("huge", 0) for m in months)
        largest = max((signings[m]["largest"] for m in months if m in signings), default=None)
        quarters.append(Period(f"{q}季度", largest, huge > 0, 3 * q > ended))

    leader_ids = set(TargetRowLeader.objects.filter(row__year=year).values_list("leader_id", flat=True).distinct())
    trips = {}
    for row in (
        Activity.leaders.through.objects.filter(
            activity__status=Status.CONFIRMED,
            activity__kind__in=[ActivityKind.VISIT, ActivityKind.EVENT],
            activity__occurred_on__gte=start,
            activity__occurred_on__lte=as_of,
        )
        .annotate(m=ExtractMonth("activity__occurred_on"))
        .values("leader_id", "m")
        .annotate(n=Count("activity_id"))
        .order_by()
    ):
        trips[(row["leader_id"], row["m"])] = row["n"]
        leader_ids.add(row["leader_id"])
    leaders = [
        {
            "leader": leader,
            "months": [
                Period(
                    f"{m}月",
                    trips.get((leader.pk, m), 0),
                    trips.get((leader.pk, m), 0) >= rules.leader_trips_per_month,
                    m > ended,
                )
                for m in range(1, as_of.month + 1)
            ],
        }
        for leader in Leader.objects.filter(pk__in=leader_ids).order_by("position", "id")
    ]
    for row in leaders:
        row["short"] = sum(1 for p in row["months"] if not p.met and not p.open)

    events = list(
        RequiredEvent.objects.filter(year=year, held_on__lte=as_of)
        .values("kind", "title", "held_on")
        .order_by("held_on")
    )
    trainings = [e for e in events if e["kind"] == RequiredEvent.Kind.TRAINING]
    ceremonies = {}
    for key, word in (("signing", rules.signing_ceremony_keyword), ("start", rules.start_ceremony_keyword)):
        per_quarter = []
        for q in range(1, (as_of.month - 1) // 3 + 2):
            held = [e for e in events if word and word in e["title"] and (e["held_on"].month - 1) // 3 + 1 == q]
            per_quarter.append(Period(f"{q}季度", held, bool(held), 3 * q > ended))
        ceremonies[key] = per_quarter

    library = {
        row["stage_then"]: row
        for row in projects_as_of(as_of)
        .values("stage_then")
        .annotate(total=Sum("total_investment"), n=Count("id"))
        .order_by()
    }
    stages = [
        {
            "stage": label,
            "total": (library.get(code) or {}).get("total") or ZERO,
            "count": (library.get(code) or {}).get("n", 0),
        }
        for code, label in Stage.choices
    ]
    pipeline = reserve_library(year, as_of)
    reserve = sum(((library.get(code) or {}).get("total") or ZERO for code in (Stage.RESERVE, Stage.NEGOTIATING)), ZERO)
    return {
        "visits": {
            "progress": r.progress("走访拜访企业", visit_total, rules.visits_target, t, rules, unit="家"),
            "months": [
                (m, visits.get(m, {}).get("enterprises") or 0, visits.get(m, {}).get("activities", 0))
                for m in range(1, as_of.month + 1)
            ],
        },
        "monthly_signings": monthly,
        "quarterly_signings": quarters,
        "leaders": leaders,
        "trainings": {
            "progress": r.progress("招商专业培训", len(trainings), rules.trainings_target, t, rules, unit="次"),
            "events": trainings,
        },
        "ceremonies": ceremonies,
        # 储备/在谈 projects plus 洽谈中 target enterprises with an expected amount (enterprises.selectors)
        "library": {
            "stages": stages,
            "reserve": pipeline["total"],
            "projects": reserve,
            "pipeline": pipeline,
            "target": rules.reserve_target,
        },  # fmt: skip
    }
