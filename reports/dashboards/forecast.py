"""A year-end forecast at the current pace (pure functions, no ORM): what a leader reads as "will we make it?".

Method, stated on every page that shows it:
- 正式合同额: linear run-rate of the year to date. Projected year-end = actual ÷ time progress (months elapsed / 12),
  i.e. the average month so far repeated for the rest of the year.
- 到位资金: the plan's milestone path (Q1 10 %, Q2 50 %, Q3 80 %, Q4 100 %, linear in between). Projected year-end =
  actual ÷ the path's share due by the cut-off: a unit at 60 % of the path now ends at 60 % of its target. The plan
  expects funds to arrive late in the year, so a plain run-rate would understate them.
- The projected completion is coloured by the year's five-colour bands against 100 %: 绿 will meet the target, 黄
  short by less than 10 points, 橙 10–30, 红 more than 30. Anything but green is flagged as at risk.
Assumption: the pace of the year to date continues; records not yet confirmed do not count.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring import rules as r

ONE = Fraction(1)
METHOD = {
    "contract": "正式合同额按年初至今的月均进度线性外推：预计全年 = 累计完成 ÷ 序时进度（已过月数/12）",
    "funds": "到位资金按方案的季度节点路径外推（一季度10%、二季度50%、三季度80%、四季度100%，其间线性）："
    "预计全年 = 累计到位 ÷ 截止日应达到的节点比例",
    "bands": "预计完成率对照100%着色：绿 可完成全年目标；黄 差10个百分点以内；橙 差10—30个百分点；红 差30个百分点以上。"
    "非绿色即列为“有风险”",
    "assumption": "假设：保持年初至今的进度不变；仅计已认定记录，未认定的填报不计。",
}


@dataclass(frozen=True)
class Forecast:
    label: str
    actual: Decimal
    target: Decimal
    path_exact: Fraction  # share of the target the method expects by the cut-off (t or the milestone path)
    months_elapsed: int
    band: r.Band

    @property
    def projected_exact(self) -> Fraction | None:
        if self.path_exact <= 0:
            return None
        return r.exact(self.actual) / self.path_exact

    @property
    def projected(self) -> Decimal | None:
        p = self.projected_exact
        return None if p is None else r.half_up(p, 4)

    @property
    def completion(self) -> Decimal | None:
        """Projected year-end completion (a ratio)."""
        p = self.projected_exact
        if p is None or self.target <= 0:
            return None
        return r.half_up(p / r.exact(self.target), 4)

    @property
    def at_risk(self) -> bool:
        return self.target > 0 and self.band.code != "green"

    @property
    def shortfall(self) -> Decimal:
        """亿元 the projection falls short of the target (0 when it meets it)."""
        p = self.projected_exact
        if p is None or self.target <= 0:
            return Decimal("0")
        return max(Decimal("0"), r.half_up(r.exact(self.target) - p, 4))

    @property
    def monthly_pace(self) -> Decimal:
        """Average per month so far."""
        return r.half_up(r.exact(self.actual) / max(self.months_elapsed, 1), 4)

    @property
    def needed_pace(self) -> Decimal | None:
        """Per remaining month, what is still needed to meet the target (None in December or when met)."""
        remaining = 12 - self.months_elapsed
        left = r.exact(self.target) - r.exact(self.actual)
        if remaining <= 0 or left <= 0:
            return None
        return r.half_up(left / remaining, 4)


def forecast(label: str, actual, target, path_exact: Fraction, months_elapsed: int, rules: r.Rules) -> Forecast:
    actual, target = Decimal(actual), Decimal(target)
    if target <= 0:
        band = rules.band("green")
    elif path_exact <= 0:
        band = rules.band("red") if actual <= 0 else rules.band("green")
    else:
        band = r.band(r.exact(actual) / path_exact / r.exact(target), ONE, rules)
    return Forecast(label, actual, target, path_exact, months_elapsed, band)


def contract_forecast(actual, target, as_of, rules: r.Rules, label: str = "正式合同额") -> Forecast:
    return forecast(label, actual, target, r.time_progress(as_of), as_of.month, rules)


def funds_forecast(actual, target, as_of, rules: r.Rules, label: str = "到位资金") -> Forecast:
    return forecast(label, actual, target, r.funds_time_progress(as_of, rules), as_of.month, rules)


def milestone_path(target: Decimal, rules: r.Rules, year: int) -> list[Decimal]:
    """The funds milestone path in 亿元 at each month end (Jan 3.3 % … Dec 100 % of the target)."""
    import datetime as dt

    return [r.half_up(r.exact(target) * r.funds_time_progress(dt.date(year, m, 1), rules), 4) for m in range(1, 13)]


def time_path(target: Decimal) -> list[Decimal]:
    """The time-progress line in 亿元 at each month end (target × m / 12)."""
    return [r.half_up(r.exact(target) * Fraction(m, 12), 4) for m in range(1, 13)]
