"""Reads of the pipeline, named for the page or report that uses them."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone

from enterprises.models import ChainLink, EcosystemCategory, EcosystemNode, TargetEnterprise, TargetStage
from enterprises.regions import join_region
from projects.models import Activity, Investor, Project, Stage, Status
from projects.selectors import projects_as_of
from targets.models import ZERO

OPEN_STAGES = (TargetStage.TARGET, TargetStage.CONTACTED, TargetStage.NEGOTIATING)


def _contacts():
    return Activity.objects.exclude(status__in=[Status.SUPERSEDED, Status.RETURNED]).order_by("-occurred_on", "-id")


def targets_with_contacts(queryset=None):
    """Targets with what every list shows: sector, link, unit, leader, project, tags and the last contact (an
    activity not superseded or returned) — ``last_contact_on`` annotated, ``contact_list`` newest first."""
    queryset = TargetEnterprise.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("sector__year", "link", "unit", "leader", "project")
        .prefetch_related("tags", Prefetch("activities", queryset=_contacts(), to_attr="contact_list"))
        .annotate(
            last_contact_on=Max(
                "activities__occurred_on",
                filter=~Q(activities__status__in=[Status.SUPERSEDED, Status.RETURNED]),
            )
        )
        .order_by("sector__position", "link__position", "name")
    )


def untouched_since(today: dt.date | None = None) -> dt.date:
    """Targets still open whose last contact (or, never contacted, their registration) is before this day are flagged."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.TARGET_UNTOUCHED_DAYS)


def is_untouched(target, today: dt.date | None = None) -> bool:
    if target.stage not in OPEN_STAGES:
        return False
    last = target.last_contact_on or timezone.localtime(target.created_at).date()
    return last < untouched_since(today)


def filter_targets(queryset, *, sector=None, link=None, unit=None, stage=None, tag=None, untouched=False, q=""):
    if sector:
        queryset = queryset.filter(sector=sector)
    if link:
        queryset = queryset.filter(link=link)
    if unit:
        queryset = queryset.filter(unit=unit)
    if stage:
        queryset = queryset.filter(stage=stage)
    if tag:
        queryset = queryset.filter(tags=tag)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code__icontains=q) | Q(industry__icontains=q))
    if untouched:
        since = untouched_since()
        queryset = queryset.filter(stage__in=OPEN_STAGES).filter(
            Q(last_contact_on__lt=since) | Q(last_contact_on__isnull=True, created_at__date__lt=since)
        )
    return queryset.distinct()


def stage_counts(queryset) -> dict[str, int]:
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in TargetStage.values}


# --- 产业链图 --------------------------------------------------------------------------------------------------


@dataclass
class LinkCell:
    link: ChainLink
    local: list = field(default_factory=list)  # names of local enterprises on the link
    stages: Counter = field(default_factory=Counter)  # target counts by stage
    projects: list = field(default_factory=list)  # codes and names of the projects the link's targets became

    @property
    def targets(self) -> int:
        return sum(self.stages.values())

    @property
    def is_gap(self) -> bool:
        return self.link.role == "gap"


@dataclass
class Segment:
    name: str
    cells: list


def chain_map(sector) -> list[Segment]:
    """The sector's chain, segment by segment in the order the links were entered, each link with its local
    enterprises, its targets by stage and its projects (four queries, whatever the size)."""
    links = list(ChainLink.objects.filter(sector=sector).order_by("position", "id"))
    cells = {link.pk: LinkCell(link) for link in links}
    local = EcosystemNode.objects.filter(
        sector=sector, link__isnull=False, category__code=EcosystemCategory.LOCAL_ENTERPRISE
    ).values_list("link_id", "name")
    for link_id, name in local:
        cells[link_id].local.append(name)
    for link_id, stage, n in (
        TargetEnterprise.objects.filter(sector=sector, link__isnull=False)
        .values_list("link_id", "stage")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[link_id].stages[stage] = n
    for link_id, code, name in (
        TargetEnterprise.objects.filter(sector=sector, link__isnull=False, project__isnull=False)
        .order_by("project__code")
        .values_list("link_id", "project__code", "project__name")
    ):
        cells[link_id].projects.append((code, name))
    segments: dict[str, list] = {}
    for link in links:
        segments.setdefault(link.segment, []).append(cells[link.pk])
    return [Segment(name, segment_cells) for name, segment_cells in segments.items()]


def ecosystem(sector) -> list[tuple[EcosystemCategory, list[EcosystemNode]]]:
    """The bodies around the sector's chain, by category (every category listed, empty ones too)."""
    nodes = defaultdict(list)
    for node in EcosystemNode.objects.filter(sector=sector).select_related("link").order_by("name"):
        nodes[node.category_id].append(node)
    return [(category, nodes[category.pk]) for category in EcosystemCategory.objects.all()]


# --- 企业分布图 ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str
    targets: int
    investors: int

    @property
    def total(self) -> int:
        return self.targets + self.investors


def distribution(targets, sector=None) -> dict:
    """Where the enterprises come from: the targets given, and the investors of signed, started or producing
    projects (landed investors, not themselves targets), by headquarters province and city, most first. Investors carry no region of
    their own: one whose enterprise was a target takes the target's; the rest are counted, not placed."""
    targets = list(targets.values("province", "city", "project__investor_id"))
    converted = {t["project__investor_id"] for t in targets if t["project__investor_id"]}
    regions = {
        row["project__investor_id"]: (row["province"], row["city"])
        for row in TargetEnterprise.objects.filter(project__isnull=False).values(
            "project__investor_id", "province", "city"
        )
    }
    investors = Investor.objects.filter(projects__stage__in=[Stage.SIGNED, Stage.STARTED, Stage.PRODUCING])
    if sector is not None:
        investors = investors.filter(projects__sector=sector)
    landed = [
        regions.get(pk, ("", "")) for pk in investors.exclude(pk__in=converted).distinct().values_list("pk", flat=True)
    ]
    provinces, cities = Counter(), Counter()
    landed_provinces, landed_cities = Counter(), Counter()
    for t in targets:
        provinces[t["province"] or "未登记"] += 1
        cities[(t["province"] or "未登记", t["city"] or t["province"] or "未登记")] += 1
    unplaced = sum(1 for province, _ in landed if not province)
    for province, city in landed:
        if not province:
            continue  # ranked only where known; counted in the note
        landed_provinces[province or "未登记"] += 1
        landed_cities[(province or "未登记", city or province or "未登记")] += 1

    def ranked(counter, other, label=str):
        places = [Place(label(key), counter[key], other[key]) for key in set(counter) | set(other)]
        return sorted(places, key=lambda p: (-p.total, -p.targets, p.name))

    return {
        "provinces": ranked(provinces, landed_provinces),
        "cities": ranked(cities, landed_cities, lambda key: join_region(*key)),
        "target_total": len(targets),
        "investor_total": len(landed),
        "investors_unplaced": unplaced,
    }


# --- the reserve library (500亿级滚动储备项目库) ------------------------------------------------------------------


def reserve_library(year=None, as_of: dt.date | None = None) -> dict:
    """储备/在谈 projects and 洽谈中 targets with an expected amount, by sector (name, across years, as the library
    holds projects of every year) and stage, against the plan's 500 亿; two queries. A target already converted is
    counted through its project, never twice.

    With a cut-off the projects are those of that day, in the stage they were then
    (``projects.selectors.projects_as_of``); the target library keeps no stage history, so its 洽谈中 targets are
    today's (the page says so)."""
    rows: dict = defaultdict(lambda: defaultdict(lambda: {"count": 0, "total": ZERO}))
    if as_of is None:
        projects = Project.objects.filter(stage__in=[Stage.RESERVE, Stage.NEGOTIATING]).values(
            "sector__name", "sector__position", "stage"
        )
    else:
        projects = (
            projects_as_of(as_of)
            .filter(stage_then__in=[Stage.RESERVE, Stage.NEGOTIATING])
            .values("sector__name", "sector__position", "stage_then")
        )
    projects = projects.annotate(n=Count("id"), total=Sum("total_investment")).order_by()
    order = {}
    for row in projects:
        order[row["sector__name"] or "其他"] = row["sector__position"] if row["sector__name"] else 999
        cell = rows[row["sector__name"] or "其他"][f"project_{row.get('stage_then') or row['stage']}"]
        cell["count"] += row["n"]
        cell["total"] += row["total"] or ZERO
    targets = (
        TargetEnterprise.objects.filter(stage=TargetStage.NEGOTIATING, expected_amount__isnull=False)
        .values("sector__name", "sector__position")
        .annotate(n=Count("id"), total=Sum("expected_amount"))
        .order_by()
    )
    for row in targets:
        order[row["sector__name"] or "其他"] = row["sector__position"] if row["sector__name"] else 999
        cell = rows[row["sector__name"] or "其他"]["target_negotiating"]
        cell["count"] += row["n"]
        cell["total"] += row["total"] or ZERO
    columns = [
        ("project_reserve", "储备项目"),
        ("project_negotiating", "在谈项目"),
        ("target_negotiating", "洽谈中目标企业"),
    ]
    sectors = []
    for name in sorted(rows, key=lambda n: (order.get(n, 999), n)):
        cells = [rows[name][key] for key, _ in columns]
        sectors.append({"name": name, "cells": cells, "total": sum((c["total"] for c in cells), ZERO)})
    totals = [
        {
            "count": sum(s["cells"][i]["count"] for s in sectors),
            "total": sum((s["cells"][i]["total"] for s in sectors), ZERO),
        }
        for i in range(len(columns))
    ]
    return {
        "columns": [label for _, label in columns],
        "sectors": sectors,
        "totals": totals,
        "total": sum((t["total"] for t in totals), ZERO),
    }


def town_target_counts(unit_ids) -> dict[int, int]:
    """目标企业数量 of each town (Annex 2 §五): targets the town is responsible for, paused ones left out."""
    return dict(
        TargetEnterprise.objects.filter(unit_id__in=list(unit_ids))
        .exclude(stage=TargetStage.PAUSED)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
