"""The five-colour chart's figures at a cut-off, as a JSON-serialisable dict (see reports/five_colour/__init__.py)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from core.formatting import plain
from scoring import rules as r
from scoring.selectors import month_ends
from scoring.selectors import sql as q

FORMAT = 1
OTHER = "其他"  # units outside any sector of Annex 1 (the centre, the branch offices)
INDICATORS = (("contract", "正式合同额"), ("funds", "到位资金"))
ZERO = Decimal("0")


def five_colour_data(year, as_of: dt.date, scheme=None, *, st=None) -> dict:
    """The chart's figures at the cut-off under the scheme version (the current one by default). A fixed number of
    queries whatever the data: scoring's year (via ``standings``, or ``st`` when the caller has just computed it, as
    the bulletin has), the breakdown table's sectors, two monthly sums."""
    from reports.dashboards.selectors import standings
    from scoring.selectors import current_scheme

    if st is None:
        st = standings(year, as_of, scheme or current_scheme(year), fresh=True)
    rules = st.rules
    t, tf = r.time_progress(as_of), r.funds_time_progress(as_of, rules)
    cut_offs = _month_cut_offs(year.year, as_of)
    monthly = _monthly_amounts(year, as_of, cut_offs, rules)
    groups = _unit_groups(year)
    full, pass_score = rules.full_marks, rules.pass_score
    pass_line = r.exact(pass_score) / r.exact(full) if full else Fraction(0)

    rows = []
    for standing in sorted(st.units, key=lambda u: groups.get(u.unit_id, (10**6, OTHER))[0]):
        s = standing.score
        months = {"contract": [], "funds": []}
        for m, day in enumerate(cut_offs):
            figures = monthly.get(s.unit_id, {})
            for key, label in INDICATORS:
                actual = figures.get(key, [ZERO] * len(cut_offs))[m]
                target = standing.contract.target if key == "contract" else standing.funds.target
                progress = r.time_progress(day) if key == "contract" else r.funds_time_progress(day, rules)
                months[key].append(_month_cell(r.progress(label, actual, target, progress, rules)))
        total_done = r.exact(s.total) / r.exact(full) if full else None
        rows.append(
            {
                "unit_id": s.unit_id,
                "unit": s.name,
                "group": groups.get(s.unit_id, (0, OTHER))[1],
                "rank": s.rank,
                "contract": _indicator_cell(standing.contract),
                "funds": _indicator_cell(standing.funds),
                "score": {
                    "value": _s(s.total),
                    "completion": _s(r.half_up(total_done, 4)) if total_done is not None else None,
                    "gap_points": _s(r.half_up(r.exact(s.total) - r.exact(pass_score), 2)),
                    "band": r.band(total_done, pass_line, rules).code,
                },
                "months": months,
            }
        )
    return {
        "kind": "five_colour",
        "format": FORMAT,
        "year": year.year,
        "as_of": as_of.isoformat(),
        "month": as_of.month,
        "scheme": rules.label or str(scheme),
        "time_progress": {"contract": _s(r.half_up(t, 4)), "funds": _s(r.half_up(tf, 4))},
        "score_reference": {
            "full_marks": _s(full),
            "pass_score": _s(pass_score),
            "completion": _s(r.half_up(pass_line, 4)),
        },
        "legend": legend_of(rules),
        "months": [
            {
                "month": day.month,
                "as_of": day.isoformat(),
                "contract_progress": _s(r.half_up(r.time_progress(day), 4)),
                "funds_progress": _s(r.half_up(r.funds_time_progress(day, rules), 4)),
            }
            for day in cut_offs
        ],
        "rows": rows,
        "notes": _notes(rules, as_of),
    }


def _s(value) -> str | None:
    """A Decimal as a plain string (no exponent), None kept."""
    return None if value is None else f"{Decimal(value):f}"


def _indicator_cell(p: r.Progress) -> dict:
    return {
        "value": _s(r.half_up(p.actual, 4)),
        "target": _s(r.half_up(p.target, 4)),  # the same string on PostgreSQL and SQLite (whose sums drop the places)
        "completion": _s(p.completion),
        "gap_points": _s(p.gap_points),
        "band": p.band.code,
    }


def _month_cell(p: r.Progress) -> dict:
    return {
        "value": _s(r.half_up(p.actual, 4)),
        "completion": _s(p.completion),
        "gap_points": _s(p.gap_points),
        "band": p.band.code,
    }


def _month_cut_offs(year: int, as_of: dt.date) -> list[dt.date]:
    """Each month end January … the month before the cut-off's, then the cut-off itself."""
    return [*month_ends(year)[: as_of.month - 1], as_of]


def _unit_groups(year) -> dict[int, tuple[int, str]]:
    """unit id → (its place in Annex 1, the sector of its first row there); one query."""
    from targets.models import TargetRow

    groups = {}
    for place, (unit_id, sector) in enumerate(
        TargetRow.objects.for_breakdown(year).values_list("unit_id", "sector__name")
    ):
        groups.setdefault(unit_id, (place, sector or OTHER))
    return groups


def _monthly_amounts(year, as_of: dt.date, cut_offs: list[dt.date], rules: r.Rules) -> dict:
    """Each unit's credited C and F at each cut-off, by scoring's definitions (selectors/sql.py) and with the credits
    in force at that cut-off (a share change confirmed from July is in no earlier month: docs/integrity.md), from two
    grouped queries: contracts and funds per (cut-off, unit, share)."""
    from projects.models import Contract, FundsInPlace, ProjectStart

    start = dt.date(year.year, 1, 1)
    credits, cuts = q.credits_at_each(cut_offs)
    params = {"start": q._date(start), "as_of": q._date(as_of), "month": q._date(as_of.replace(day=1)), **cuts}
    contracts = q._rows(
        f"""
        WITH {credits}
        SELECT c.cut, c.unit_id, c.share, SUM(x.total)
        FROM (SELECT k.project_id, k.signed_on, SUM(k.amount) AS total FROM {q._t(Contract)} k
              WHERE k.status = 'confirmed' AND k.kind = 'formal' AND k.signed_on >= %(start)s
                AND k.signed_on <= %(as_of)s
              GROUP BY k.project_id, k.signed_on) x
        JOIN cr c ON c.project_id = x.project_id AND x.signed_on <= c.cut
        GROUP BY c.cut, c.unit_id, c.share
        """,
        params,
    )
    funds = q._rows(
        f"""
        WITH {credits}
        SELECT c.cut, c.unit_id, c.share, SUM(x.total)
        FROM (SELECT f.project_id, f.month, SUM(f.amount) AS total
              FROM {q._t(FundsInPlace)} f
              WHERE f.status = 'confirmed' AND f.month >= %(start)s AND f.month <= %(month)s
              GROUP BY f.project_id, f.month) x
        JOIN (SELECT project_id, MIN(started_on) AS started_on FROM {q._t(ProjectStart)}
              WHERE status = 'confirmed' AND started_on <= %(as_of)s GROUP BY project_id) s
          ON s.project_id = x.project_id
        JOIN cr c ON c.project_id = x.project_id AND x.month <= c.cut AND s.started_on <= c.cut
        GROUP BY c.cut, c.unit_id, c.share
        """,
        params,
    )

    def credited(total, share):
        return total if rules.joint_split == "full" else r.share_of(total, q.percent(share))

    out: dict[int, dict[str, list[Decimal]]] = defaultdict(
        lambda: {"contract": [ZERO] * len(cut_offs), "funds": [ZERO] * len(cut_offs)}
    )
    index = {day: i for i, day in enumerate(cut_offs)}
    for kind, rows in (("contract", contracts), ("funds", funds)):
        for cut, unit, share, total in rows:
            out[unit][kind][index[q.day(cut)]] += credited(q.amount(total), share)
    return out


def legend_of(rules: r.Rules) -> list[dict]:
    """Every band of the scheme with its name, colour, a readable text colour and its rule in words."""
    n = number
    rule = {
        "green": f"完成率≥{n(rules.band_green_at)}%（完成全年目标）",
        "blue": "完成率≥序时进度",
        "yellow": f"落后序时进度{n(rules.band_yellow_within)}个百分点以内",
        "orange": f"落后序时进度{n(rules.band_yellow_within)}—{n(rules.band_orange_within)}个百分点",
        "red": f"落后序时进度{n(rules.band_orange_within)}个百分点以上",
    }
    return [
        {
            "code": b.code,
            "name": b.label,
            "colour": b.colour,
            "text_colour": text_colour(b.colour),
            "rule": rule.get(b.code, ""),
        }
        for b in rules.bands
    ]


def number(value) -> str:
    d = Decimal(value)
    return plain(d) if d == d.to_integral() else f"{d:f}"


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    digits = (fill or "").lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    try:
        red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return "#000000"

    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#000000" if luminance > 0.179 else "#ffffff"


def _notes(rules: r.Rules, as_of: dt.date) -> list[str]:
    funds_rule = (
        "按月数/12"
        if rules.funds_progress == "months"
        else "按季度节点（" + "/".join(f"{number(m)}%" for m in rules.milestones) + "）线性插值"
    )
    return [
        f"序时进度：正式合同额按月数/12，到位资金{funds_rule}；完成率＝累计完成÷年度目标；"
        "“较序时进度”为完成率减序时进度（百分点，正数为超进度）。",
        f"总得分按同一规则着色：得分率（总分÷满分{number(rules.full_marks)}分）对照合格线"
        f"{number(rules.pass_score)}分，“较合格线”单位为分。",
        "月度视图：每个单位分正式合同额、到位资金两行，各月为截至该月末的累计完成率对照该月序时进度着色"
        f"（{as_of.month}月为截至{as_of.month}月{as_of.day}日）；到位资金只计截至当时已开工项目。",
        "年度目标为0的指标记为绿色（目标视为已完成）。仅计已认定记录。",
    ]
