"""Writes to the plan: all or nothing, audited."""

from django.db import transaction

from audit.services import audit_log
from targets.importing import ParseResult
from targets.models import AssessmentYear, Leader, Sector, TargetRow, TargetRowLeader, Unit


class PlanError(Exception):
    pass


@transaction.atomic
def plan_import(*, year: int, parsed: ParseResult, by=None, source: str = "") -> dict:
    """Make the year's breakdown table exactly the parsed rows. Re-importing the same rows changes nothing.

    Returns counts of what changed.
    """
    if not parsed.ok:
        raise PlanError("导入数据有错误，未保存任何内容")
    assessment_year, created_year = AssessmentYear.objects.get_or_create(
        year=year, defaults={"title": f"巫山县{year}年抓招商促投资攻坚行动"}
    )
    if assessment_year.is_closed:
        raise PlanError(f"{year}年度已关闭，目标任务分解表不能再修改")

    sectors = {}
    for position, name in enumerate(dict.fromkeys(r.sector for r in parsed.rows if r.sector)):
        sector, _ = Sector.objects.get_or_create(year=assessment_year, name=name, defaults={"position": position})
        if sector.position != position:
            sector.position = position
            sector.save(update_fields=["position"])
        sectors[name] = sector

    leaders = {}
    for name in dict.fromkeys(n for r in parsed.rows for n in r.leaders):
        leaders[name], _ = Leader.objects.get_or_create(name=name)

    units = {}
    for row in parsed.rows:
        if row.unit in units:
            continue
        unit, _ = Unit.objects.get_or_create(name=row.unit, defaults={"kind": row.unit_kind, "position": len(units)})
        if unit.kind != row.unit_kind:
            raise PlanError(f"单位“{unit.name}”已登记为“{unit.get_kind_display()}”，与导入的类型不一致")
        units[row.unit] = unit

    changed = 0
    keep = []
    for position, row in enumerate(parsed.rows):
        target, created = TargetRow.objects.get_or_create(
            year=assessment_year,
            sector=sectors.get(row.sector),
            unit=units[row.unit],
            defaults={"signed_target": row.signed_target, "funded_target": row.funded_target, "position": position},
        )
        if not created and (target.signed_target, target.funded_target, target.position) != (
            row.signed_target,
            row.funded_target,
            position,
        ):
            target.signed_target, target.funded_target, target.position = row.signed_target, row.funded_target, position
            target.save(update_fields=["signed_target", "funded_target", "position"])
            changed += 1
        changed += created
        wanted = [leaders[n].pk for n in row.leaders]
        current = list(target.leader_links.order_by("position").values_list("leader_id", flat=True))
        if current != wanted:
            target.leader_links.all().delete()
            TargetRowLeader.objects.bulk_create(
                TargetRowLeader(row=target, leader_id=pk, position=i) for i, pk in enumerate(wanted)
            )
            changed += not created
        keep.append(target.pk)

    _, deleted = TargetRow.objects.filter(year=assessment_year).exclude(pk__in=keep).delete()
    removed = deleted.get("targets.TargetRow", 0)
    Sector.objects.filter(year=assessment_year).exclude(pk__in=[s.pk for s in sectors.values()]).filter(
        target_rows__isnull=True, projects__isnull=True
    ).delete()

    plan_refresh_totals(year=assessment_year)

    summary = {"rows": len(parsed.rows), "changed": changed, "removed": removed, "created_year": created_year}
    if changed or removed or created_year:
        audit_log(action="targets.import", by=by, obj=assessment_year, detail={**summary, "source": source})
    return summary


def plan_refresh_totals(*, year: AssessmentYear) -> None:
    """The county targets of a year are the sums of its breakdown rows; kept in step after every change to them."""
    totals = TargetRow.objects.filter(year=year).totals()
    if (year.county_signed_target, year.county_funded_target) != (totals["signed"], totals["funded"]):
        year.county_signed_target = totals["signed"]
        year.county_funded_target = totals["funded"]
        year.save(update_fields=["county_signed_target", "county_funded_target"])
