"""The quarterly review pack's snapshot: every figure, chart and table the page, the PDF and the workbook show, and
the office's 文号/印发日期/文字 (``review_snapshot``); ``ReviewView`` gives the templates the attribute names of
``pack.review_pack``. A draft is the snapshot of now; a published version is its stored snapshot."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from reports import snapshots as sj
from reports.review import pack as review


def _standing(u) -> dict:
    return {"name": u.name, "rank": u.score.rank, "total": sj.dec(u.score.total)}


def _change(c) -> dict:
    return _standing(c.now) | {"rank_text": c.rank_text, "score_change": sj.dec(c.score_change)}


def review_snapshot(year, quarter: int, text, issued_on: dt.date | None, *, now: dt.datetime | None = None) -> dict:
    """``text``: the quarter's ``QuarterlyReview`` (or None); ``issued_on``: the date the pack carries."""
    pack = review.review_pack(year, quarter)
    rules, scheme = pack["rules"], pack["standings"].scheme
    charts = review.review_charts(pack)
    return {
        "kind": "review",
        "year": year.year,
        "quarter": quarter,
        "as_of": pack["as_of"].isoformat(),
        "previous_as_of": sj.day(pack["previous_as_of"]),
        "issued_on": sj.day(issued_on),
        "computed_at": (now or timezone.now()).replace(microsecond=0).isoformat(),
        "scheme": {"version": getattr(scheme, "number", None), "label": getattr(scheme, "label", str(scheme))},
        "text": {
            "number": text.number if text else "",
            "problems": text.problems if text else "",
            "next_steps": text.next_steps if text else "",
        },
        "county": {k: sj.progress_json(pack["county"][k]) for k in ("contract", "funds")},
        "milestone": sj.dec(pack["milestone"]),
        "milestone_amount": sj.dec(pack["milestone_amount"]),
        "milestone_short": sj.dec(pack["milestone_short"]),
        "units": len(pack["standings"].units),
        "lagging": len(pack["lagging"]),
        "best": [_change(c) for c in pack["best"]],
        "improved": [_change(c) for c in pack["improved"]],
        "behind": [
            {"name": b.now.name, "shortfalls": [{"label": g.label, "text": g.text} for g in b.shortfalls]}
            for b in pack["behind"]
        ],
        "rules": {
            "bands": [sj.band_json(b) for b in rules.bands],
            "band_yellow_within": sj.dec(rules.band_yellow_within),
            "band_orange_within": sj.dec(rules.band_orange_within),
        },
        "charts": {k: str(v) for k, v in charts.items()},
        "tables": sj.tables_json(review.review_tables(pack)),
    }


def _change_view(x: dict) -> SimpleNamespace:
    return SimpleNamespace(
        now=SimpleNamespace(name=x["name"], score=SimpleNamespace(rank=x["rank"], total=sj.undec(x["total"]))),
        rank_text=x["rank_text"],
        score_change=sj.undec(x["score_change"]),
    )


def _behind_view(x: dict) -> SimpleNamespace:
    shortfalls = [SimpleNamespace(**g) for g in x["shortfalls"]]
    return SimpleNamespace(now=SimpleNamespace(name=x["name"]), shortfalls=shortfalls, worst=shortfalls[0])


class ReviewView:
    """A pack's snapshot put back: ``p`` (the pack), ``charts``, ``tables`` and ``review`` (the office's text)."""

    def __init__(self, snap: dict):
        self.snap = snap
        self.year = snap["year"]
        self.quarter = snap["quarter"]
        self.as_of = dt.date.fromisoformat(snap["as_of"])
        self.issued_on = sj.unday(snap["issued_on"])
        self.computed_at = dt.datetime.fromisoformat(snap["computed_at"])
        self.version = snap.get("version", 1)
        self.reason = snap.get("reason", "")
        self.tables = sj.json_tables(snap["tables"])
        self.charts = {k: sj.svg(v) for k, v in snap["charts"].items()}
        rules = snap["rules"]
        self.p = {
            "year": SimpleNamespace(year=self.year),
            "quarter": self.quarter,
            "quarter_name": review.QUARTER_NAMES[self.quarter],
            "as_of": self.as_of,
            "previous_as_of": sj.unday(snap["previous_as_of"]),
            "county": {k: sj.json_progress(v) for k, v in snap["county"].items()},
            "milestone": sj.undec(snap["milestone"]),
            "milestone_amount": sj.undec(snap["milestone_amount"]),
            "milestone_short": sj.undec(snap["milestone_short"]),
            "standings": SimpleNamespace(
                units=range(snap["units"]), scheme=SimpleNamespace(**snap["scheme"])
            ),  # the page counts them
            "lagging": range(snap["lagging"]),
            "best": [_change_view(x) for x in snap["best"]],
            "improved": [_change_view(x) for x in snap["improved"]],
            "behind": [_behind_view(x) for x in snap["behind"]],
            "rules": SimpleNamespace(
                bands=[sj.json_band(b) for b in rules["bands"]],
                band_yellow_within=sj.undec(rules["band_yellow_within"]),
                band_orange_within=sj.undec(rules["band_orange_within"]),
            ),
        }
        self.review = SimpleNamespace(**snap["text"], issued_on=self.issued_on)

    @property
    def document(self):
        return review.review_document(self.p, self.review)
