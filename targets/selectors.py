"""Reads of the plan, named for the page or command that uses them."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from core.memo import per_request
from targets.breakdown import Entry, entries_from_rows
from targets.importing import ParseResult
from targets.models import AssessmentYear, TargetRow, Unit


def current_year() -> AssessmentYear | None:
    """The year of today's date if it is set up, else the latest year before it, else the earliest there is."""
    return per_request("current_year", _current_year)


def assessment_years() -> list[AssessmentYear]:
    """Every year, newest first (read once a GET request: core.memo)."""
    return per_request("assessment_years", lambda: list(AssessmentYear.objects.order_by("-year")))


def _current_year() -> AssessmentYear | None:
    today = timezone.localdate()
    years = assessment_years()
    for year in years:
        if year.year <= today.year:
            return year
    return years[-1] if years else None


def year_numbers() -> list[int]:
    """For the year switcher, newest first."""
    return list(AssessmentYear.objects.order_by("-year").values_list("year", flat=True))


def entries_for_breakdown(year: AssessmentYear) -> list[Entry]:
    """The year's table in Annex 1 order, in three queries."""
    return entries_from_rows(TargetRow.objects.for_breakdown(year))


def entries_for_export(year_number: int) -> list[Entry] | None:
    year = AssessmentYear.objects.filter(year=year_number).first()
    return None if year is None else entries_for_breakdown(year)


def unit_kinds_on_file() -> dict[str, str]:
    """Unit name (current or former) → kind, so an import keeps the kind of a unit it already knows."""
    from targets.models import UnitName

    return {
        **dict(UnitName.objects.values_list("name", "unit__kind")),
        **dict(Unit.objects.values_list("name", "kind")),
    }


def rows_for_unit_page(unit: Unit):
    """A unit's rows of every year, newest year first, with what the page shows."""
    return (
        TargetRow.objects.filter(unit=unit)
        .select_related("year", "sector")
        .prefetch_related("leader_links__leader")
        .order_by("-year__year", "position", "id")
    )


def rows_for_leader_page(leader, year: AssessmentYear):
    return TargetRow.objects.for_breakdown(year).filter(leader_links__leader=leader)


@dataclass(frozen=True)
class Change:
    kind: str  # "add", "change" or "remove"
    sector: str | None
    unit: str
    before: tuple[Decimal, Decimal, tuple[str, ...]] | None
    after: tuple[Decimal, Decimal, tuple[str, ...]] | None

    @property
    def label(self) -> str:
        return {"add": "新增", "change": "修改", "remove": "删除"}[self.kind]


def plan_changes(year_number: int, parsed: ParseResult) -> list[Change]:
    """What saving a parsed file would change in the year's table: for the preview before anyone confirms."""
    year = AssessmentYear.objects.filter(year=year_number).first()
    current = {}
    if year is not None:
        for entry in entries_for_breakdown(year):
            current[(entry.sector, entry.unit)] = (entry.signed, entry.funded, tuple(entry.leader_names))
    wanted = {(r.sector, r.unit): (r.signed_target, r.funded_target, r.leaders) for r in parsed.rows}
    changes = []
    for key, after in wanted.items():
        before = current.get(key)
        if before is None:
            changes.append(Change("add", *key, None, after))
        elif before != after:
            changes.append(Change("change", *key, before, after))
    changes += [Change("remove", *key, before, None) for key, before in current.items() if key not in wanted]
    return changes


REOPENED_YEARS_KEY = "targets:reopened-years"


def reopened_years() -> list[dict]:
    """The years an admin re-opened after closing them, for the banner on every page: cached, since every page asks
    and the answer changes only through year_close / year_reopen, which forget it (and at most 5 minutes late in
    another worker process)."""
    years = cache.get(REOPENED_YEARS_KEY)
    if years is None:
        found = AssessmentYear.objects.filter(is_closed=False, reopened_at__isnull=False)
        years = [
            {"year": y.year, "reopened_at": y.reopened_at, "reopened_by": y.reopened_by,
             "reopen_reason": y.reopen_reason}
            for y in found.order_by("year")
        ]  # fmt: skip
        cache.set(REOPENED_YEARS_KEY, years, 300)
    return years
