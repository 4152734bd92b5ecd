"""Whether a year reads as past: a closed year, or a year before today's, shows its results as final, with no year-end
projection ("年末预计 … 有风险") and no countdown to a deadline ("还有N天")."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    year: int
    as_of: dt.date
    past: bool  # the year is over (or closed): nothing is still to come
    closed: bool = False

    @property
    def final(self) -> bool:
        """The cut-off is the year's last day of a past year: these are the year's results."""
        return self.past and self.as_of == dt.date(self.year, 12, 31)

    @property
    def results_label(self) -> str:
        """What the figures are, as a page heads them."""
        if self.final:
            return f"{self.year}年度最终结果"
        if self.past:
            return f"{self.year}年度已结束，以下为截至{self.as_of.month}月{self.as_of.day}日的结果"
        return f"截至{self.as_of.month}月{self.as_of.day}日"


def period(year: int, as_of: dt.date, today: dt.date, *, closed: bool = False) -> Period:
    return Period(year, as_of, closed or year < today.year, closed)
