"""The bulletin's snapshot (``reports.bulletin.figures``) with Decimals, dates and bands put back: what the text,
the tables, the charts and the templates read."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


def d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class BandView:
    code: str
    label: str
    colour: str


@dataclass(frozen=True)
class ProgressView:
    """A progress figure of the snapshot with the attribute names of ``scoring.rules.Progress``."""

    label: str
    actual: Decimal
    target: Decimal
    completion: Decimal | None
    progress: Decimal
    gap_points: Decimal | None
    expected: Decimal
    band: BandView

    @property
    def ahead(self) -> bool:
        return self.gap_points is not None and self.gap_points >= 0


@dataclass(frozen=True)
class UnitView:
    name: str
    rank: int
    leaders: str
    contract: ProgressView
    funds: ProgressView
    scores: dict
    lagging: bool
    targets_met: bool


class BulletinView:
    """The snapshot with Decimals, dates and bands put back, for templates, tables and charts."""

    def __init__(self, snap: dict):
        self.snap = snap
        self.year = snap["year"]
        self.month = snap["month"]
        self.number = snap["number"]
        self.as_of = dt.date.fromisoformat(snap["as_of"])
        self.computed_at = dt.datetime.fromisoformat(snap["computed_at"])
        self.issued_at = dt.datetime.fromisoformat(snap["issued_at"]) if snap.get("issued_at") else None
        self.scheme = snap["scheme"]
        self.time_progress = d(snap["time_progress"])
        self.funds_time_progress = d(snap["funds_time_progress"])
        self.pass_score = d(snap["pass_score"])
        self.bands = [BandView(**b) for b in snap["bands"]]
        self._band = {b.code: b for b in self.bands}
        self.contract = self.progress(snap["county"]["contract"])
        self.funds = self.progress(snap["county"]["funds"])
        self.quarter = snap["quarter"]
        self.milestone_share = d(snap["milestone"]["share"])
        self.milestone_amount = d(snap["milestone"]["amount"])
        self.milestones = [
            m | {k: d(m[k]) for k in ("share", "due", "actual", "completion")} for m in snap["milestones"]
        ]
        self.sectors = [
            {"name": x["name"], "contract": self.progress(x["contract"]), "funds": self.progress(x["funds"])}
            for x in snap["sectors"]
        ]
        self.units = [
            UnitView(
                u["name"],
                u["rank"],
                "、".join(u["leaders"]),
                self.progress(u["contract"]),
                self.progress(u["funds"]),
                {k: d(v) for k, v in u["scores"].items()},
                u["lagging"],
                u["targets_met"],
            )
            for u in snap["units"]
        ]
        self.leaders = [
            {
                "name": x["name"],
                "units": [
                    y | {"total": d(y["total"]), "contract_band": self.band(y["contract_band"])} for y in x["units"]
                ],
                "contract": self.progress(x["contract"]),
                "funds": self.progress(x["funds"]),
            }
            for x in snap["leaders"]
        ]
        self.visits = {k: d(v) for k, v in snap["visits"].items()}
        self.five_colour = snap.get("five_colour")

    def band(self, code: str) -> BandView:
        return self._band.get(code) or BandView(code, code, "#777777")

    def progress(self, p: dict) -> ProgressView:
        return ProgressView(
            p["label"],
            d(p["actual"]),
            d(p["target"]),
            d(p["completion"]),
            d(p["progress"]),
            d(p["gap"]),
            d(p["expected"]),
            self.band(p["band"]),
        )

    @property
    def months_label(self) -> str:
        return "1月" if self.month == 1 else f"1—{self.month}月"

    @property
    def quarter_name(self) -> str:
        return "一二三四"[self.quarter - 1]

    @property
    def lagging(self) -> list[UnitView]:
        return [u for u in self.units if u.lagging]

    @property
    def targets_met(self) -> list[UnitView]:
        return [u for u in self.units if u.targets_met]

    @property
    def milestone_met(self) -> bool:
        return self.funds.actual >= self.milestone_amount
