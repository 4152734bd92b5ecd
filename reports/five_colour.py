"""The five-colour chart (五色图, DOMAIN.md §5.3) of the assessed units at a cut-off, in two steps:

- ``five_colour_data(year, as_of)``: the figures, as a JSON-serialisable dict (Decimals as strings). Scoring's own
  results (``reports.dashboards.selectors.standings``) for the indicator view; two grouped queries for the month view.
  A published bulletin keeps this dict in its snapshot.
- ``five_colour_views(data)``: the legend, the two tables (screen, PDF, .xlsx) and the two SVG charts, from the dict
  alone, so a snapshot renders again identically whatever the records or the scheme become later.

What each cell is coloured by (the legend's notes say the same):
- 正式合同额 and 到位资金: completion c = actual ÷ annual target against time progress t (contracts months/12, funds
  the plan's quarterly milestones), the scheme's bands (绿 c ≥ 100 %, 蓝 c ≥ t, 黄/橙/红 by the points behind t).
- 总得分: the same rule with c = total ÷ full marks against the pass line (80 of 100): "would it pass if the year
  ended today"; the gap is in points of score.
- The month view: one sub-row per amount; each month's cumulative completion at that month end against that month's
  time progress (the cut-off's month at the cut-off itself).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from core.templatetags.money import pct, points, score, yi
from reports import charts
from reports.charts import Cell, GridRow
from reports.tables import Column, HeaderCell, Row, Table, Value
from scoring import rules as r
from scoring.selectors import month_ends
from scoring.selectors import sql as q

FORMAT = 1
OTHER = "其他"  # units outside any sector of Annex 1 (the centre, the branch offices)
INDICATORS = (("contract", "正式合同额"), ("funds", "到位资金"))
ZERO = Decimal("0")


# --- the data ------------------------------------------------------------------------------------------------------


def five_colour_data(year, as_of: dt.date, scheme=None) -> dict:
    """The chart's figures at the cut-off under the scheme version (the current one by default). A fixed number of
    queries whatever the data: scoring's year (via ``standings``), the breakdown table's sectors, two monthly sums."""
    from reports.dashboards.selectors import standings
    from scoring.selectors import current_scheme

    scheme = scheme or current_scheme(year)
    st = standings(year, as_of, scheme)
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
        "target": _s(p.target),
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
    """Each unit's credited C and F at each cut-off, by scoring's definitions (selectors/sql.py), from two grouped
    queries: contracts per (unit, share, signing day), funds per (unit, share, funds month, project's start day)."""
    from projects.models import Contract, FundsInPlace, ProjectCredit, ProjectStart

    start = dt.date(year.year, 1, 1)
    params = {"start": q._date(start), "as_of": q._date(as_of), "month": q._date(as_of.replace(day=1))}
    contracts = q._rows(
        f"""
        SELECT c.unit_id, c.share, k.signed_on, SUM(k.amount)
        FROM {q._t(Contract)} k JOIN {q._t(ProjectCredit)} c ON c.project_id = k.project_id
        WHERE k.status = 'confirmed' AND k.kind = 'formal' AND k.signed_on >= %(start)s AND k.signed_on <= %(as_of)s
        GROUP BY c.unit_id, c.share, k.signed_on
        """,
        params,
    )
    funds = q._rows(
        f"""
        SELECT c.unit_id, c.share, x.month, s.started_on, SUM(x.total)
        FROM (SELECT f.project_id, f.month, SUM(f.amount) AS total
              FROM {q._t(FundsInPlace)} f
              WHERE f.status = 'confirmed' AND f.month >= %(start)s AND f.month <= %(month)s
              GROUP BY f.project_id, f.month) x
        JOIN (SELECT project_id, MIN(started_on) AS started_on FROM {q._t(ProjectStart)}
              WHERE status = 'confirmed' AND started_on <= %(as_of)s GROUP BY project_id) s
          ON s.project_id = x.project_id
        JOIN {q._t(ProjectCredit)} c ON c.project_id = x.project_id
        GROUP BY c.unit_id, c.share, x.month, s.started_on
        """,
        params,
    )

    def credited(total, share):
        return total if rules.joint_split == "full" else r.share_of(total, share)

    out: dict[int, dict[str, list[Decimal]]] = defaultdict(
        lambda: {"contract": [ZERO] * len(cut_offs), "funds": [ZERO] * len(cut_offs)}
    )
    for unit, share, signed_on, total in contracts:
        signed_on, amount = q.day(signed_on), credited(q.amount(total), share)
        series = out[unit]["contract"]
        for i, day in enumerate(cut_offs):
            if signed_on <= day:
                series[i] += amount
    for unit, share, month, started_on, total in funds:
        month, started_on, amount = q.day(month), q.day(started_on), credited(q.amount(total), share)
        series = out[unit]["funds"]
        for i, day in enumerate(cut_offs):
            if month <= day and started_on <= day:
                series[i] += amount
    return out


def legend_of(rules: r.Rules) -> list[dict]:
    """Every band of the scheme with its name, colour, a readable text colour and its rule in words."""
    n = _number
    rule = {
        "green": f"完成率≥{n(rules.band_green_at)}%，完成全年目标",
        "blue": "完成率≥序时进度，达到或超过序时进度",
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


def _number(value) -> str:
    d = Decimal(value)
    return f"{d.normalize():f}" if d == d.to_integral() else f"{d:f}"


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
        else "按季度节点（" + "/".join(f"{_number(m)}%" for m in rules.milestones) + "）线性插值"
    )
    return [
        f"序时进度：正式合同额按月数/12，到位资金{funds_rule}；完成率＝累计完成÷年度目标；"
        "“较序时进度”为完成率减序时进度（百分点，正数为超进度）。",
        f"总得分按同一规则着色：得分率（总分÷满分{_number(rules.full_marks)}分）对照合格线"
        f"{_number(rules.pass_score)}分，“较合格线”单位为分。",
        "月度视图：每个单位分正式合同额、到位资金两行，各月为截至该月末的累计完成率对照该月序时进度着色"
        f"（{as_of.month}月为截至{as_of.month}月{as_of.day}日）；到位资金只计截至当时已开工项目。",
        "年度目标为0的指标记为绿色（目标视为已完成）。仅计已认定记录。",
    ]


# --- the views -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiveColourViews:
    title: str
    legend: tuple[charts.Band, ...]
    indicator_table: Table
    month_table: Table
    indicator_chart: str
    month_chart: str
    notes: tuple[str, ...]


def legend_bands(data: dict) -> tuple[charts.Band, ...]:
    return tuple(charts.Band(b["code"], b["name"], b["colour"], b["text_colour"], b["rule"]) for b in data["legend"])


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def five_colour_views(data: dict) -> FiveColourViews:
    """The legend, both tables and both SVG charts, from ``five_colour_data``'s dict only."""
    bands = legend_bands(data)
    by_code = {b.key: b for b in bands}
    as_of = dt.date.fromisoformat(data["as_of"])
    period = f"{data['year']}年1月" if as_of.month == 1 else f"{data['year']}年1—{as_of.month}月"
    title = f"{period}招商引资考核情况五色图"
    cut_off = f"截至{as_of.year}年{as_of.month}月{as_of.day}日"
    tp = data["time_progress"]
    notes = tuple(data["notes"])
    legend_note = "图例：" + "；".join(f"{b.name}（{b.symbol}）{b.description}" for b in bands)

    indicator_table = _indicator_table(data, by_code, title=f"{title}（指标视图）", legend_note=legend_note)
    month_table = _month_table(data, by_code, title=f"{title}（月度视图）", legend_note=legend_note)
    indicator_chart = charts.five_colour_grid(
        [
            GridRow(
                row["unit"],
                [
                    _grid_cell(row["contract"], yi(_d(row["contract"]["value"]))),
                    _grid_cell(row["funds"], yi(_d(row["funds"]["value"]))),
                    Cell(
                        row["score"]["band"],
                        score(_d(row["score"]["value"])),
                        f"较合格线 {points(_d(row['score']['gap_points']), 2)}",
                    ),
                ],
                group=row["group"],
            )
            for row in data["rows"]
        ],
        [
            f"正式合同额（亿元）序时进度 {pct(_d(tp['contract']))}",
            f"到位资金（亿元）序时进度 {pct(_d(tp['funds']))}",
            f"总得分 合格线 {_number(data['score_reference']['pass_score'])}分",
        ],
        bands,
        label=f"{title}（指标视图，{cut_off}）",
    )
    month_rows = []
    for row in data["rows"]:
        for key, _label in INDICATORS:
            month_rows.append(
                GridRow(
                    f"{row['unit']}·{'合同' if key == 'contract' else '到位'}",
                    [Cell(c["band"], pct(_d(c["completion"]))) for c in row["months"][key]],
                    group=row["group"],
                )
            )
    month_chart = charts.five_colour_grid(
        month_rows,
        [f"{m['month']}月" for m in data["months"]],
        bands,
        label=f"{title}（月度视图：各月累计完成率对照当月序时进度，{cut_off}）",
        min_cell_width=50,
    )
    return FiveColourViews(title, bands, indicator_table, month_table, indicator_chart, month_chart, notes)


def _grid_cell(cell: dict, text: str) -> Cell:
    return Cell(cell["band"], text, f"{pct(_d(cell['completion']))}｜{points(_d(cell['gap_points']))}")


def _filled(value, band: charts.Band | None, text: str | None = None) -> Value:
    if band is None:
        return Value(value, text=text)
    return Value(value, text=text, fill=band.colour, font_colour=band.text_colour)


def _groups_spans(rows: list[dict], per_row: int = 1) -> dict[int, int]:
    """Index of each group's first row → the number of table rows it spans."""
    spans, start = {}, 0
    for i, row in enumerate(rows):
        if i == 0 or row["group"] != rows[i - 1]["group"]:
            start = i
            spans[start] = 0
        spans[start] += per_row
    return spans


def _indicator_table(data: dict, by_code: dict, *, title: str, legend_note: str) -> Table:
    tp = data["time_progress"]
    columns = [Column("group", "类别", "center", width=8), Column("unit", "单位", width=20)]
    for key, _label in INDICATORS:
        columns += [
            Column(f"{key}_value", "完成", "amount"),
            Column(f"{key}_rate", "完成率", "pct"),
            Column(f"{key}_gap", "较序时进度", "points"),
            Column(f"{key}_band", "颜色", "center", width=5),
        ]
    columns += [
        Column("score", "总得分", "score"),
        Column("score_gap", "较合格线", "score"),
        Column("score_band", "颜色", "center", width=5),
    ]
    header = [
        [HeaderCell("类别", rowspan=2), HeaderCell("单位", rowspan=2)]
        + [HeaderCell(f"{label}（序时进度{pct(_d(tp[key]))}）", colspan=4) for key, label in INDICATORS]
        + [HeaderCell(f"总得分（合格线{_number(data['score_reference']['pass_score'])}分）", colspan=3)],
        [HeaderCell(t) for t in ("完成", "完成率", "较序时进度", "颜色") * 2]
        + [HeaderCell(t) for t in ("得分", "较合格线", "颜色")],
    ]
    spans = _groups_spans(data["rows"])
    rows = []
    for i, row in enumerate(data["rows"]):
        cells = [Value(row["group"], rowspan=spans[i]) if i in spans else None, row["unit"]]
        for key, _label in INDICATORS:
            cell = row[key]
            band = by_code.get(cell["band"])
            cells += [
                _filled(_d(cell["value"]), band),
                _filled(_d(cell["completion"]), band),
                _filled(_d(cell["gap_points"]), band),
                _filled(band.name if band else "", band),
            ]
        s = row["score"]
        band = by_code.get(s["band"])
        gap = _d(s["gap_points"])
        cells += [
            _filled(_d(s["value"]), band),
            _filled(gap, band, text=points(gap, 2)),
            _filled(band.name if band else "", band),
        ]
        rows.append(Row(cells))
    return Table(
        title=title,
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：亿元、%、百分点、分",
        notes=[legend_note, *data["notes"][:2], data["notes"][3]],
        sheet_name="五色图（指标视图）",
    )


def _month_table(data: dict, by_code: dict, *, title: str, legend_note: str) -> Table:
    months = data["months"]
    columns = [
        Column("group", "类别", "center", width=8),
        Column("unit", "单位", width=20),
        Column("indicator", "指标", "center", width=10),
    ] + [Column(f"m{m['month']}", f"{m['month']}月", "pct") for m in months]
    header = [
        [HeaderCell("类别", rowspan=2), HeaderCell("单位", rowspan=2), HeaderCell("指标", rowspan=2)]
        + [HeaderCell(f"{m['month']}月") for m in months],
        [HeaderCell(f"{pct(_d(m['contract_progress']))}/{pct(_d(m['funds_progress']))}") for m in months],
    ]
    spans = _groups_spans(data["rows"], per_row=len(INDICATORS))
    rows = []
    for i, row in enumerate(data["rows"]):
        for k, (key, label) in enumerate(INDICATORS):
            first = i in spans and k == 0
            cells = [
                Value(row["group"], rowspan=spans[i]) if first else None,
                Value(row["unit"], rowspan=len(INDICATORS)) if k == 0 else None,
                label,
            ]
            for cell in row["months"][key]:
                band = by_code.get(cell["band"])
                done = _d(cell["completion"])
                text = pct(done)
                cells.append(_filled(done, band, text=f"{band.symbol} {text}" if band else text))
            rows.append(Row(cells))
    return Table(
        title=title,
        columns=columns,
        header=header,
        rows=rows,
        unit="单位：完成率（表头第二行为当月序时进度：正式合同额/到位资金）",
        notes=[legend_note, data["notes"][2], data["notes"][0], data["notes"][3]],
        sheet_name="五色图（月度视图）",
    )
