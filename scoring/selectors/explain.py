"""What a score page tells a unit beside its figures: the score in plain words, whether the year reads as past, and
(for a year still running) what the unit needs for its next points in money. Pure rules, read for the page."""

import datetime as dt

from scoring import rules as r


def score_story(year, scores: r.YearScores, score: r.UnitScore, as_of: dt.date, today: dt.date) -> dict:
    """``explained``: the six rows in words; ``period``: past or running; ``needs``: the goals (empty when past)."""
    period = r.period(year.year, as_of, today, closed=year.is_closed)
    return {
        "explained": r.explain_unit(score, scores.rules),
        "period": period,
        "needs": [] if period.past else r.unit_needs(scores, score.unit_id),
    }
