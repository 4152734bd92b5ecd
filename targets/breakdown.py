"""The breakdown table as Annex 1 shows it: rows grouped by sector, a subtotal per sector, the grand total.

Plain data in, plain data out (no ORM): the page, the upload preview and the xlsx export all lay out the same lines.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class Entry:
    """One row of the table, whether it comes from the database or from a file being previewed."""

    sector: str | None
    leaders: tuple[tuple[str, int | None], ...]  # (name, leader id or None)
    unit: str
    unit_id: int | None
    unit_kind: str
    signed: Decimal
    funded: Decimal

    @property
    def leader_names(self) -> list[str]:
        return [name for name, _ in self.leaders]


@dataclass(frozen=True)
class Line:
    kind: str  # "row", "subtotal" or "total"
    signed: Decimal
    funded: Decimal
    sector: str | None = None
    entry: Entry | None = None
    sector_rows: int = 0  # on a sector's first row: how many rows its 类别 cell spans; 0 elsewhere
    first_in_sector: bool = False
    units: int = 0  # on subtotal and total lines: how many distinct units they cover

    @property
    def css(self) -> str:
        return {"row": "sector-start" if self.first_in_sector else "", "subtotal": "subtotal", "total": "grandtotal"}[
            self.kind
        ]


@dataclass(frozen=True)
class Block:
    sector: str | None
    entries: list[Entry]

    @property
    def signed(self) -> Decimal:
        return sum((e.signed for e in self.entries), ZERO)

    @property
    def funded(self) -> Decimal:
        return sum((e.funded for e in self.entries), ZERO)


def blocks(entries: Iterable[Entry]) -> list[Block]:
    """Consecutive entries of one sector form a block; entries outside any sector form one block at the end."""
    result: list[Block] = []
    for entry in entries:
        if result and result[-1].sector == entry.sector:
            result[-1].entries.append(entry)
        else:
            result.append(Block(entry.sector, [entry]))
    return result


def lines(entries: Iterable[Entry]) -> list[Line]:
    """Rows of each sector, then the sector's subtotal; rows outside any sector, as Annex 1, have none."""
    entries = list(entries)
    out: list[Line] = []
    for block in blocks(entries):
        for i, entry in enumerate(block.entries):
            out.append(
                Line(
                    "row",
                    entry.signed,
                    entry.funded,
                    sector=block.sector,
                    entry=entry,
                    sector_rows=len(block.entries) if i == 0 else 0,
                    first_in_sector=i == 0,
                )
            )
        if block.sector is not None:
            units = len({e.unit for e in block.entries})
            out.append(Line("subtotal", block.signed, block.funded, sector=block.sector, units=units))
    if entries:
        out.append(
            Line(
                "total",
                sum((e.signed for e in entries), ZERO),
                sum((e.funded for e in entries), ZERO),
                units=len({e.unit for e in entries}),
            )
        )
    return out


@dataclass(frozen=True)
class Summary:
    sectors: int
    units: int
    rows: int
    signed: Decimal
    funded: Decimal


def summary(entries: Iterable[Entry]) -> Summary:
    entries = list(entries)
    return Summary(
        sectors=len({e.sector for e in entries if e.sector}),
        units=len({e.unit for e in entries}),
        rows=len(entries),
        signed=sum((e.signed for e in entries), ZERO),
        funded=sum((e.funded for e in entries), ZERO),
    )


def entries_from_rows(rows) -> list[Entry]:
    """TargetRows (with sector, unit and leader links loaded) → entries."""
    return [
        Entry(
            sector=row.sector.name if row.sector_id else None,
            leaders=tuple((leader.name, leader.pk) for leader in row.leader_list),
            unit=row.unit.name,
            unit_id=row.unit_id,
            unit_kind=row.unit.kind,
            signed=row.signed_target,
            funded=row.funded_target,
        )
        for row in rows
    ]


def entries_from_plan(plan_rows) -> list[Entry]:
    """Parsed rows of a file (targets.importing.PlanRow) → entries, for the preview."""
    return [
        Entry(
            sector=row.sector,
            leaders=tuple((name, None) for name in row.leaders),
            unit=row.unit,
            unit_id=None,
            unit_kind=row.unit_kind,
            signed=row.signed_target,
            funded=row.funded_target,
        )
        for row in plan_rows
    ]
