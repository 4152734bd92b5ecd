"""The standings every dashboard starts from: scoring's results at the cut-off (never recomputed here), each unit
with its progress bands and its year-end forecast, kept in the worker's memory for a few seconds."""

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from reports.dashboards import forecast as fc
from scoring import rules as r
from scoring import selectors

ZERO = Decimal("0")
RISK_CODES = ("yellow", "orange", "red")
AT_RISK_ORDER = "按年末预计完成率由低到高排列（取预计未完成的一项中较低者），相同时按名次"
UNMET_ORDER = "按完成率由低到高排列（取未完成的一项中较低者），相同时按名次"
LAGGING_CODES = ("orange", "red")


@dataclass(frozen=True)
class UnitStanding:
    """One responsible unit at the cut-off: scoring's result, its progress bands and its year-end forecast."""

    score: r.UnitScore
    contract: r.Progress
    funds: r.Progress
    contract_forecast: fc.Forecast
    funds_forecast: fc.Forecast

    @property
    def unit_id(self) -> int:
        return self.score.unit_id

    @property
    def name(self) -> str:
        return self.score.name

    @property
    def at_risk(self) -> bool:
        return self.contract_forecast.at_risk or self.funds_forecast.at_risk

    @property
    def behind(self) -> list[fc.Forecast]:
        """The amounts whose year-end projection is short of the target (what makes the unit "at risk"), the
        furthest behind first: the list names these, never an amount that will be met."""
        return sorted(
            (f for f in (self.contract_forecast, self.funds_forecast) if f.at_risk),
            key=lambda f: (f.completion is not None, f.completion or 0),
        )

    @property
    def unmet(self) -> list[r.Progress]:
        """The amounts below their annual target at the cut-off (a past year's result), the furthest behind first."""
        return sorted(
            (p for p in (self.contract, self.funds) if p.target > 0 and p.actual < p.target),
            key=lambda p: p.completion_exact,
        )

    @property
    def lagging(self) -> bool:
        """Behind time progress by more than the yellow band (橙 or 红) on either amount."""
        return self.contract.band.code in LAGGING_CODES or self.funds.band.code in LAGGING_CODES

    @property
    def worst_gap(self) -> Decimal:
        gaps = [g for g in (self.contract.gap_points, self.funds.gap_points) if g is not None]
        return min(gaps, default=ZERO)


@dataclass(frozen=True)
class Standings:
    year: object
    as_of: dt.date
    scheme: object
    scores: r.YearScores
    units: tuple[UnitStanding, ...]  # in the order of the breakdown table
    # Past (closed, or before today's year: results are final, no projection) or running; read when the standings are
    # made (kept at most STANDINGS_CACHE_SECONDS).
    period: r.Period
    # what each unit needs next (scoring.rules.needs: 0.1–0.7 s a unit), kept with the standings it was found from
    _needs: dict = field(default_factory=dict, repr=False, compare=False)

    def needs(self, unit_id: int, only: tuple[str, ...] = ()) -> list[r.Need]:
        """What the unit needs for its next points in money; nothing for a past year."""
        if self.period.past:
            return []
        key = (unit_id, only)
        if key not in self._needs:
            self._needs[key] = r.unit_needs(self.scores, unit_id, only=only)
        return self._needs[key]

    @property
    def rules(self) -> r.Rules:
        return self.scores.rules

    @property
    def time_progress(self) -> Decimal:
        return r.half_up(r.time_progress(self.as_of), 4)

    @property
    def funds_time_progress(self) -> Decimal:
        return r.half_up(r.funds_time_progress(self.as_of, self.rules), 4)

    @property
    def ranking(self) -> list[UnitStanding]:
        by_id = {u.unit_id: u for u in self.units}
        return [by_id[s.unit_id] for s in self.scores.ranking]

    def unit(self, unit_id: int) -> UnitStanding | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    @property
    def lagging(self) -> list[UnitStanding]:
        return sorted((u for u in self.units if u.lagging), key=lambda u: (u.worst_gap, u.score.rank))

    @property
    def at_risk_order(self) -> str:
        """The order of ``at_risk``, as the pages state it."""
        return UNMET_ORDER if self.period.past else AT_RISK_ORDER

    @property
    def at_risk(self) -> list[UnitStanding]:
        """Units whose year-end projection misses a target, in the order AT_RISK_ORDER states; in a past year, the
        units that missed a target (UNMET_ORDER)."""
        if self.period.past:
            return sorted((u for u in self.units if u.unmet), key=lambda u: (u.unmet[0].completion_exact, u.score.rank))
        return sorted(
            (u for u in self.units if u.at_risk),
            key=lambda u: (u.behind[0].completion is not None, u.behind[0].completion or 0, u.score.rank),
        )


_STANDINGS: dict[tuple, tuple[float, "Standings"]] = {}
_STANDINGS_LOCK = threading.Lock()


def standings(year, as_of: dt.date, scheme=None, *, fresh: bool = False) -> Standings:
    """Scoring's year at the cut-off (``scoring.selectors.year_scores``), each unit with its bands and forecast.

    Kept in the worker's memory for STANDINGS_CACHE_SECONDS (default 30) per year, cut-off and scheme version: the
    home page and every dashboard of the month-end peak read the same standings, and scoring the year is about a dozen
    queries and most of these pages' time. A confirmation shows on the dashboards at most that many seconds later
    (the score pages under /scoring/ always compute afresh); a new scheme version shows at once (it is in the key).
    ``fresh``: documents that go out (the bulletin's snapshot, the five-colour chart, the quarterly review, the ranking
    notice) never take the cached copy."""
    scheme = scheme or selectors.current_scheme(year)
    ttl = settings.STANDINGS_CACHE_SECONDS
    if ttl <= 0 or fresh:
        return _standings(year, as_of, scheme)
    key = (year.pk, as_of, scheme.pk, scheme.number)
    now = time.monotonic()
    hit = _STANDINGS.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    result = _standings(year, as_of, scheme)
    with _STANDINGS_LOCK:
        for stale in [k for k, (expires, _) in _STANDINGS.items() if expires <= now]:
            _STANDINGS.pop(stale, None)
        if len(_STANDINGS) < 64:
            _STANDINGS[key] = (now + ttl, result)
    return result


def _standings(year, as_of: dt.date, scheme) -> Standings:
    scores = selectors.year_scores(year, as_of, scheme)
    rules = scores.rules
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, rules)
    units = []
    for s in scores.units:
        c, ct = s.contract.numerator, s.contract.denominator
        f, ft = s.funds.numerator, s.funds.denominator
        units.append(
            UnitStanding(
                s,
                r.progress("正式合同额", c, ct, t, rules),
                r.progress("到位资金", f, ft, tf, rules),
                fc.contract_forecast(c, ct, as_of, rules),
                fc.funds_forecast(f, ft, as_of, rules),
            )
        )
    period = r.period(year.year, as_of, timezone.localdate(), closed=year.is_closed)
    return Standings(year, as_of, scheme, scores, tuple(units), period)
