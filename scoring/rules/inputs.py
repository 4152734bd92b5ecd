"""What the selector hands to the rules: plain frozen data, already summed by the database."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class Credited:
    """A figure credited to a unit: ``shared`` applies its share of each joint project, ``whole`` counts each project
    in full (ambiguity D chooses which one scores)."""

    shared: Decimal = ZERO
    whole: Decimal = ZERO

    def under(self, joint_split: str) -> Decimal:
        return self.whole if joint_split == "full" else self.shared

    def __add__(self, other: "Credited") -> "Credited":
        return Credited(self.shared + other.shared, self.whole + other.whole)


@dataclass(frozen=True)
class MonthReport:
    """A unit's confirmed monthly work report (招商活跃指数): the items it filled and whether it came late."""

    month: dt.date
    filled: frozenset[str]
    is_late: bool = False
    record_id: int | None = None


@dataclass(frozen=True)
class MissedEvent:
    """A required investment event or training the unit neither attended nor was excused from."""

    event_id: int
    title: str
    held_on: dt.date
    kind: str = "event"


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    signed_target: Decimal = ZERO
    funded_target: Decimal = ZERO
    contract: Credited = Credited()  # C: confirmed formal contracts signed 1 Jan … d
    funds: Credited = Credited()  # F: confirmed funds Jan … month of d, of projects started by d
    signed_projects: Credited = Credited()  # projects first signed in the three-year window (counts)
    started_projects: Credited = Credited()  # … of which started by d
    reports: tuple[MonthReport, ...] = ()
    missed_events: tuple[MissedEvent, ...] = ()


@dataclass(frozen=True)
class BonusProject:
    """A candidate for the bonus: its first confirmed formal contract, the year's confirmed formal amount up to d,
    its investor's tags, its kind, the listed producer-service kind it is of (a code of the editable list, or ""),
    and the credited units [(unit id, share %)]."""

    project_id: int
    code: str
    name: str
    first_signed: dt.date
    amount: Decimal
    tags: frozenset[str] = frozenset()
    kind: str = "other"
    is_major: bool = False
    service_kind: str = ""
    credits: tuple[tuple[int, Decimal], ...] = ()


@dataclass(frozen=True)
class YearInputs:
    year: int
    as_of: dt.date
    units: tuple[UnitFigures, ...]
    bonus_projects: tuple[BonusProject, ...] = field(default=())
