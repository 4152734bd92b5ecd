"""Writes to the plan: all or nothing, audited."""

import dataclasses
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log
from targets.importing import ParseResult, normalise_name
from targets.models import AssessmentYear, Leader, Sector, TargetRow, TargetRowLeader, Unit, UnitName
from targets.selectors import REOPENED_YEARS_KEY

# A sector's other names the plan itself uses, given to the sector when a year first creates it with no earlier year
# to inherit from (the body text says 金融科技 where Annex 1 says 科技金融). Each year's aliases stay editable.
DEFAULT_SECTOR_ALIASES = {"科技金融": "金融科技"}


class PlanError(Exception):
    pass


class YearClosed(ValidationError):
    """A write that would change what a closed year's scores read. A ValidationError, so every page that shows a
    service's message shows this one, and nothing is saved."""


def closed_years(years: Iterable[int]) -> list[int]:
    years = {y for y in years if y}
    return sorted(AssessmentYear.objects.filter(year__in=years, is_closed=True).values_list("year", flat=True))


def ensure_years_open(years: Iterable[int], what: str) -> None:
    """Refuse, with a Chinese message, a change of ``what`` that a closed year's scores read."""
    closed = closed_years(years)
    if closed:
        named = "、".join(f"{y}年度" for y in closed)
        message = f"{named}已关闭，{what}不能再修改。如确需修改，请系统管理员说明原因后重新开放该年度。"
        raise YearClosed({NON_FIELD_ERRORS: message})


@transaction.atomic
def _forget_reopened_years():
    """The banner's cached list: forgotten now and again once the change is committed (a page rendered in between
    must not keep the old list)."""
    cache.delete(REOPENED_YEARS_KEY)
    transaction.on_commit(lambda: cache.delete(REOPENED_YEARS_KEY))


def year_close(*, year: AssessmentYear, by) -> AssessmentYear:
    """Close a year: from now on nothing its scores read changes (records, project facts, shares, scheme, table)."""
    year = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    if year.is_closed:
        return year
    year.is_closed = True
    year.reopened_at, year.reopened_by, year.reopen_reason = None, "", ""
    year.save(update_fields=["is_closed", "reopened_at", "reopened_by", "reopen_reason"])
    audit_log(action="year.close", by=by, obj=year)
    _forget_reopened_years()
    return year


@transaction.atomic
def year_reopen(*, year: AssessmentYear, by, reason: str) -> AssessmentYear:
    """Re-open a closed year for a stated reason: audited, and a banner on every page until it is closed again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reopen_reason": "重新开放已关闭的年度，必须说明原因"})
    year = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_closed:
        raise ValidationError(f"{year.year}年度未关闭，无需重新开放")
    year.is_closed = False
    year.reopened_at = timezone.now()
    year.reopened_by = getattr(by, "display_name", "") or getattr(by, "username", "") or ""
    year.reopen_reason = reason
    year.save(update_fields=["is_closed", "reopened_at", "reopened_by", "reopen_reason"])
    audit_log(action="year.reopen", by=by, obj=year, detail={"reason": reason})
    _forget_reopened_years()
    return year


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
    # One import of a year at a time: a second one waits here and then sees the first one's rows.
    assessment_year = AssessmentYear.objects.select_for_update().get(pk=assessment_year.pk)
    if assessment_year.is_closed:
        raise PlanError(f"{year}年度已关闭，目标任务分解表不能再修改")

    rows = _canonical_rows(assessment_year, parsed.rows)
    parsed = dataclasses.replace(parsed, rows=rows)
    sectors = _sectors(assessment_year, [r.sector for r in parsed.rows if r.sector])
    leaders = _by_name(Leader, {n: {} for r in parsed.rows for n in r.leaders})
    kinds = {r.unit: r.unit_kind for r in reversed(parsed.rows)}
    units = _by_name(Unit, {name: {"kind": kinds[name], "position": i} for i, name in enumerate(dict.fromkeys(kinds))})
    for row in parsed.rows:
        unit = units[row.unit]
        if unit.kind != row.unit_kind:
            raise PlanError(f"单位“{unit.name}”已登记为“{unit.get_kind_display()}”，与导入的类型不一致")

    existing = {
        (t.sector_id, t.unit_id): t
        for t in TargetRow.objects.filter(year=assessment_year).prefetch_related("leader_links")
    }
    new_rows, updated, relink, keep = [], [], [], []
    for position, row in enumerate(parsed.rows):
        sector = sectors[row.sector] if row.sector else None
        wanted = [leaders[n].pk for n in row.leaders]
        target = existing.get((getattr(sector, "pk", None), units[row.unit].pk))
        if target is None:
            target = TargetRow(
                year=assessment_year,
                sector=sector,
                unit=units[row.unit],
                signed_target=row.signed_target,
                funded_target=row.funded_target,
                position=position,
            )
            new_rows.append((target, wanted))
            continue
        keep.append(target.pk)
        figures = (row.signed_target, row.funded_target, position)
        if (target.signed_target, target.funded_target, target.position) != figures:
            target.signed_target, target.funded_target, target.position = figures
            updated.append(target)
        current = [link.leader_id for link in sorted(target.leader_links.all(), key=lambda link: link.position)]
        if current != wanted:
            relink.append((target, wanted))
    TargetRow.objects.bulk_update(updated, ["signed_target", "funded_target", "position"])
    TargetRowLeader.objects.filter(row__in=[t for t, _ in relink]).delete()
    TargetRow.objects.bulk_create([target for target, _ in new_rows])
    # Primary keys for the new rows' leader links: read back, as not every database returns them from a bulk insert.
    saved = {(t.sector_id, t.unit_id): t.pk for t in TargetRow.objects.filter(year=assessment_year)}
    for target, _ in new_rows:
        target.pk = saved[(target.sector_id, target.unit_id)]
        keep.append(target.pk)
    TargetRowLeader.objects.bulk_create(
        TargetRowLeader(row=target, leader_id=pk, position=i)
        for target, wanted in relink + new_rows
        for i, pk in enumerate(wanted)
    )
    changed = len(new_rows) + len({t.pk for t in updated} | {t.pk for t, _ in relink})

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


def sector_names(year: AssessmentYear) -> tuple[dict[str, str], dict[str, str]]:
    """(alias → sector name, sector name → its aliases) for a year: the year's own sectors first, then the latest
    earlier year's, then the plan's known aliases (DEFAULT_SECTOR_ALIASES)."""
    aliases: dict[str, str] = {}
    carried: dict[str, str] = {}
    for sector, text in DEFAULT_SECTOR_ALIASES.items():
        carried[sector] = text
        for alias in Sector(name=sector, aliases=text).alias_names():
            aliases[alias] = sector
    earlier = Sector.objects.filter(year__year__lt=year.year).order_by("year__year", "id")
    for sector in [*earlier, *Sector.objects.filter(year=year).order_by("id")]:
        carried[sector.name] = sector.aliases
        for alias in sector.alias_names():
            aliases[alias] = sector.name
    return aliases, carried


def unit_former_names() -> dict[str, str]:
    """Former name → the unit's current name (a renamed unit keeps its identity)."""
    return {normalise_name(n): current for n, current in UnitName.objects.values_list("name", "unit__name")}


def _canonical_rows(year: AssessmentYear, rows):
    """The rows with sector aliases and units' former names replaced by the names on file; two rows that then name
    the same (sector, unit) are refused."""
    aliases, _ = sector_names(year)
    former = unit_former_names()
    out, seen = [], {}
    for row in rows:
        sector = aliases.get(row.sector, row.sector) if row.sector else row.sector
        unit = former.get(row.unit, row.unit)
        key = (sector, unit)
        if key in seen:
            raise PlanError(
                f"第{seen[key]}行与第{row.line}行是同一类别（{sector or '无类别'}）的同一单位（{unit}）："
                "类别别名或单位曾用名指向同一行，请合并"
            )
        seen[key] = row.line
        out.append(dataclasses.replace(row, sector=sector, unit=unit))
    return out


def _sectors(year: AssessmentYear, names: list[str]) -> dict[str, Sector]:
    """The year's sectors named in the file, created if new (with the aliases the sector had before), ordered as the
    file lists them."""
    order = list(dict.fromkeys(names))
    have = {s.name: s for s in Sector.objects.filter(year=year, name__in=order)}
    _, carried = sector_names(year)
    Sector.objects.bulk_create(
        Sector(year=year, name=n, position=i, aliases=carried.get(n, "")) for i, n in enumerate(order) if n not in have
    )
    sectors = {s.name: s for s in Sector.objects.filter(year=year, name__in=order)}
    moved = [s for s in sectors.values() if s.position != order.index(s.name)]
    for sector in moved:
        sector.position = order.index(sector.name)
    Sector.objects.bulk_update(moved, ["position"])
    return sectors


def _by_name(model, wanted: dict[str, dict]) -> dict:
    """Rows of ``model`` by name, creating those not on file with the given fields."""
    have = set(model.objects.filter(name__in=wanted).values_list("name", flat=True))
    model.objects.bulk_create(model(name=name, **fields) for name, fields in wanted.items() if name not in have)
    return {obj.name: obj for obj in model.objects.filter(name__in=wanted)}


@transaction.atomic
def unit_rename(*, unit: Unit, new_name: str, from_year: int, by=None) -> Unit:
    """Rename a unit from ``from_year`` on, keeping its identity: the old name becomes a former name (used until the
    year before), which imports keep accepting."""
    new_name = normalise_name(new_name)
    old_name = unit.name
    if not new_name:
        raise PlanError("新名称不能为空")
    if new_name == old_name:
        raise PlanError(f"单位已叫“{new_name}”")
    if Unit.objects.filter(name=new_name).exclude(pk=unit.pk).exists():
        raise PlanError(f"已有单位叫“{new_name}”，不能重名")
    if UnitName.objects.filter(name=new_name).exclude(unit=unit).exists():
        raise PlanError(f"“{new_name}”是另一单位的曾用名，不能使用")
    UnitName.objects.filter(unit=unit, name=new_name).delete()  # renamed back to a name it had
    UnitName.objects.create(unit=unit, name=old_name, until_year=from_year - 1)
    unit.name = new_name
    unit.save(update_fields=["name"])
    audit_log(action="unit.rename", by=by, obj=unit, detail={"from": old_name, "to": new_name, "from_year": from_year})
    return unit
