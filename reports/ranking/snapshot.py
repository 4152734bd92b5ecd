"""The ranking notice's snapshot: every figure the page, the PDF and the workbook show (``notice_snapshot``), and the
view the templates read from it (``NoticeView``, the attribute names of ``notice.notice_data``). A draft is the
snapshot of now; a published version is its stored snapshot, so it reads the same whatever is confirmed later."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from reports import snapshots as sj
from reports.ranking import notice as ranking


def notice_snapshot(year, as_of: dt.date, issued_on: dt.date, *, now: dt.datetime | None = None) -> dict:
    data = ranking.notice_data(year, as_of)
    scheme = data["standings"].scheme
    return {
        "kind": "notice",
        "year": year.year,
        "as_of": as_of.isoformat(),
        "issued_on": issued_on.isoformat(),
        "computed_at": (now or timezone.now()).replace(microsecond=0).isoformat(),
        "scheme": {"version": getattr(scheme, "number", None), "label": getattr(scheme, "label", str(scheme))},
        "final": data["final"],
        "objection_days": data["objection_days"],
        "reward_places": data["rules"].reward_places,
        "ranking": [
            {
                "rank": x["s"].rank,
                "name": x["s"].name,
                "total": sj.dec(x["s"].total),
                "eligible": x["s"].reward.eligible,
                "amount_wan": sj.dec(x["s"].reward.amount_wan),
                "excellent": x["s"].reward.excellent,
                "arithmetic": x["arithmetic"],
            }
            for x in data["ranking"]
        ],
        "tables": sj.tables_json(ranking.notice_tables(data)),
    }


class NoticeView:
    """A notice's snapshot with Decimals and dates put back: ``d`` is what the templates read as ``notice_data``."""

    def __init__(self, snap: dict):
        self.snap = snap
        self.year = snap["year"]
        self.as_of = dt.date.fromisoformat(snap["as_of"])
        self.issued_on = dt.date.fromisoformat(snap["issued_on"])
        self.computed_at = dt.datetime.fromisoformat(snap["computed_at"])
        self.version = snap.get("version", 1)
        self.reason = snap.get("reason", "")
        self.tables = sj.json_tables(snap["tables"])
        self.d = {
            "year": SimpleNamespace(year=self.year),
            "as_of": self.as_of,
            "final": snap["final"],
            "objection_days": snap["objection_days"],
            "standings": SimpleNamespace(scheme=SimpleNamespace(**snap["scheme"])),
            "rules": SimpleNamespace(reward_places=snap["reward_places"]),
            "ranking": [
                {
                    "s": SimpleNamespace(
                        rank=x["rank"],
                        name=x["name"],
                        total=sj.undec(x["total"]),
                        reward=SimpleNamespace(
                            eligible=x["eligible"], amount_wan=sj.undec(x["amount_wan"]), excellent=x["excellent"]
                        ),
                    ),
                    "arithmetic": x["arithmetic"],
                }
                for x in snap["ranking"]
            ],
            "version": self.version,
            "reason": self.reason,
        }

    @property
    def document(self):
        return ranking.notice_document(self.d, self.issued_on)
