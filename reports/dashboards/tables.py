"""The dashboards' tables as ``core.tables.Table``: one description for the screen, the PDF and the .xlsx."""

from decimal import Decimal

from core.tables import Column, Row, Table, Value, band_cell
from reports.dashboards import forecast as fc

ZERO = Decimal("0")


def overview_table(data: dict) -> Table:
    county, cf, ff = data["county"], data["contract_forecast"], data["funds_forecast"]
    columns = [
        Column("item", "指标", width=12),
        Column("target", "年度目标", "amount"),
        Column("actual", "累计完成", "amount"),
        Column("completion", "完成率", "pct"),
        Column("progress", "序时进度", "pct"),
        Column("gap", "较序时进度（百分点）", "points"),
        Column("band", "颜色", "center"),
        Column("projected", "预计全年", "amount"),
        Column("projected_rate", "预计完成率", "pct"),
        Column("risk", "预测", "center"),
    ]
    past = data["standings"].period.past
    if past:  # a past year: the result, no projection
        columns = columns[:7]
    rows = []
    for p, f in ((county["contract"], cf), (county["funds"], ff)):
        cells = [p.label, p.target, p.actual, p.completion, p.progress, p.gap_points, band_cell(p.band)]
        if not past:
            cells += [f.projected, f.completion, band_cell(f.band, "有风险" if f.at_risk else "可完成")]
        rows.append(Row(cells))
    return Table(
        title="全县总体进展" if past else "全县总体进展与年末预测",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=[data["standings"].period.results_label]
        if past
        else [fc.METHOD["contract"], fc.METHOD["funds"], fc.METHOD["assumption"]],
        sheet_name="总体进展",
    )


def milestones_table(milestones: list[dict]) -> Table:
    columns = [
        Column("quarter", "节点", "center"),
        Column("share", "节点比例", "pct"),
        Column("due", "应到位", "amount"),
        Column("actual", "实际到位", "amount"),
        Column("completion", "完成节点", "pct"),
        Column("state", "状态", "center"),
    ]
    rows = [
        Row([m["label"], m["share"] / 100, m["due"], m["actual"], m["completion"], m["state_label"]])
        for m in milestones
    ]
    return Table(
        title="到位资金季度节点",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=["注：节点为全年到位资金目标的累计比例；进行中的季度“实际到位”为截至截止日的累计数。"],
        sheet_name="季度节点",
    )


def sectors_table(sectors: list[dict]) -> Table:
    columns = [
        Column("sector", "类别", width=16),
        Column("c_target", "合同额目标", "amount"),
        Column("c_actual", "合同额完成", "amount"),
        Column("c_rate", "完成率", "pct"),
        Column("c_gap", "较序时", "points"),
        Column("c_band", "颜色", "center"),
        Column("f_target", "到位目标", "amount"),
        Column("f_actual", "到位完成", "amount"),
        Column("f_rate", "完成率", "pct"),
        Column("f_gap", "较序时", "points"),
        Column("f_band", "颜色", "center"),
    ]
    rows = []
    for s in sectors:
        c, f = s["contract"], s["funds"]
        rows.append(
            Row(
                [
                    s["name"],
                    c.target,
                    c.actual,
                    c.completion,
                    c.gap_points,
                    band_cell(c.band),
                    f.target,
                    f.actual,
                    f.completion,
                    f.gap_points,
                    band_cell(f.band),
                ]
            )
        )
    return Table(
        title="分领域进展（按项目所属类别）",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        sheet_name="分领域",
    )


def trend_table(year: int, trend: dict, time_path: list, funds_path: list) -> Table:
    columns = [
        Column("month", "月份", "center"),
        Column("contract", "累计正式合同额", "amount"),
        Column("time_path", "序时进度线", "amount"),
        Column("funds", "累计到位资金", "amount"),
        Column("funds_path", "节点路径", "amount"),
    ]
    rows = []
    for m in range(1, 13):
        i = m - 1
        rows.append(
            Row(
                [
                    f"{m}月",
                    trend["contract"][i] if i < len(trend["contract"]) else None,
                    time_path[i],
                    trend["funds"][i] if i < len(trend["funds"]) else None,
                    funds_path[i],
                ]
            )
        )
    return Table(
        title=f"{year}年全县月度累计完成情况",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=["注：每月为该月末的累计数；到位资金只计截至该月末已开工项目的资金，与考核口径一致。"],
        sheet_name="月度累计",
    )


def largest_table(rows: list[dict]) -> Table:
    columns = [
        Column("rank", "序号", "int"),
        Column("code", "项目编号", "center"),
        Column("name", "项目名称", width=28),
        Column("sector", "类别", "center"),
        Column("units", "招商单位", width=22),
        Column("amount", "本年正式合同额", "amount"),
        Column("started", "开工日期", "center"),
        Column("funds", "本年到位资金", "amount"),
    ]
    body = [
        Row(
            [
                i,
                row["project"].code,
                row["project"].name,
                row["sector"].name if row["sector"] else "—",
                row["units"],
                row["amount"],
                f"{row['started_on']:%Y-%m-%d}" if row["started_on"] else "未开工",
                row["funds"],
            ]
        )
        for i, row in enumerate(rows, start=1)
    ]
    return Table(title="本年签约额最大的项目", columns=columns, rows=body, unit="单位：亿元", sheet_name="最大项目")


def standing_columns(with_forecast: bool = True) -> list[Column]:
    columns = [
        Column("rank", "名次", "int"),
        Column("unit", "单位", width=20),
        Column("c_actual", "合同额", "amount"),
        Column("c_target", "目标", "amount"),
        Column("c_rate", "完成率", "pct"),
        Column("c_gap", "较序时", "points"),
        Column("c_band", "颜色", "center"),
        Column("f_actual", "到位资金", "amount"),
        Column("f_target", "目标", "amount"),
        Column("f_rate", "完成率", "pct"),
        Column("f_gap", "较序时", "points"),
        Column("f_band", "颜色", "center"),
        Column("total", "总分", "score"),
    ]
    if with_forecast:
        columns += [
            Column("c_proj", "合同额预计完成率", "pct"),
            Column("f_proj", "到位预计完成率", "pct"),
            Column("risk", "年末预测", "center"),
        ]
    return columns


def standing_row(u, with_forecast: bool = True) -> Row:
    cells = [
        u.score.rank,
        u.name,
        u.contract.actual,
        u.contract.target,
        u.contract.completion,
        u.contract.gap_points,
        band_cell(u.contract.band),
        u.funds.actual,
        u.funds.target,
        u.funds.completion,
        u.funds.gap_points,
        band_cell(u.funds.band),
        u.score.total,
    ]
    if with_forecast:
        cells += [
            u.contract_forecast.completion,
            u.funds_forecast.completion,
            Value("有风险", bold=True) if u.at_risk else "可完成",
        ]
    return Row(cells)


def standings_table(units, *, title: str, sheet_name: str, notes=(), with_forecast: bool = True, total=None) -> Table:
    rows = [standing_row(u, with_forecast) for u in units]
    if total is not None:
        rows.append(total)
    return Table(
        title=title,
        columns=standing_columns(with_forecast),
        rows=rows,
        unit="单位：亿元",
        notes=list(notes),
        sheet_name=sheet_name,
    )


def lagging_table(units) -> Table:
    return standings_table(
        units,
        title="滞后单位（合同额或到位资金滞后序时进度10个百分点以上）",
        sheet_name="滞后单位",
        notes=["注：按滞后最多的一项排序；“较序时”为完成率减序时进度（百分点）。"],
        with_forecast=False,
    )


def forecast_table(units) -> Table:
    columns = [
        Column("unit", "单位", width=20),
        Column("c_actual", "合同额累计", "amount"),
        Column("c_target", "目标", "amount"),
        Column("c_proj", "预计全年", "amount"),
        Column("c_rate", "预计完成率", "pct"),
        Column("c_band", "颜色", "center"),
        Column("f_actual", "到位累计", "amount"),
        Column("f_target", "目标", "amount"),
        Column("f_proj", "预计全年", "amount"),
        Column("f_rate", "预计完成率", "pct"),
        Column("f_band", "颜色", "center"),
        Column("f_need", "到位资金尚需月均", "amount"),
        Column("risk", "预测", "center"),
    ]
    rows = []
    for u in units:
        c, f = u.contract_forecast, u.funds_forecast
        rows.append(
            Row(
                [
                    u.name,
                    c.actual,
                    c.target,
                    c.projected,
                    c.completion,
                    band_cell(c.band),
                    f.actual,
                    f.target,
                    f.projected,
                    f.completion,
                    band_cell(f.band),
                    f.needed_pace,
                    Value("有风险", bold=True) if u.at_risk else "可完成",
                ]
            )
        )
    return Table(
        title="年末完成预测（按当前进度）",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=[fc.METHOD["contract"], fc.METHOD["funds"], f"{fc.METHOD['bands']}。{fc.METHOD['assumption']}"],
        sheet_name="年末预测",
    )


def result_text(u) -> Value | str:
    """A past year's result of a unit: which amount missed its target, or that both were met."""
    if not u.unmet:
        return "已完成"
    return Value("未完成：" + "、".join(p.label for p in u.unmet), bold=True)


def results_table(units) -> Table:
    """A past year's place of the year-end forecast: the year's result, no projection."""
    columns = [
        Column("unit", "单位", width=20),
        Column("c_actual", "合同额完成", "amount"),
        Column("c_target", "目标", "amount"),
        Column("c_rate", "完成率", "pct"),
        Column("f_actual", "到位资金完成", "amount"),
        Column("f_target", "目标", "amount"),
        Column("f_rate", "完成率", "pct"),
        Column("result", "年度结果", "center"),
    ]
    rows = [
        Row(
            [
                u.name,
                u.contract.actual,
                u.contract.target,
                u.contract.completion,
                u.funds.actual,
                u.funds.target,
                u.funds.completion,
                result_text(u),
            ]
        )
        for u in units
    ]
    return Table(
        title="年度目标完成结果",
        columns=columns,
        rows=rows,
        unit="单位：亿元",
        notes=["注：本年度已结束，按截止日已认定的记录列出结果，不作预测。"],
        sheet_name="年度结果",
    )


def outlook_table(st, units) -> Table:
    """The year-end forecast of a running year, or the result of a past one."""
    return results_table(units) if st.period.past else forecast_table(units)


def county_tables(data: dict, year: int) -> dict[str, Table]:
    st = data["standings"]
    past = st.period.past
    return {
        "overview": overview_table(data),
        "milestones": milestones_table(data["milestones"]),
        "sectors": sectors_table(data["overview"]["sectors"]),
        "trend": trend_table(
            year,
            data["trend"],
            fc.time_path(data["county"]["contract"].target),
            fc.milestone_path(data["county"]["funds"].target, data["rules"], year),
        ),
        "largest": largest_table(data["largest"]),
        "lagging": lagging_table(st.lagging),
        "forecast": outlook_table(st, st.units),
        "ranking": standings_table(
            st.ranking, title="各单位完成情况及得分", sheet_name="各单位", with_forecast=not past
        ),
    }


def leader_tables(data: dict) -> dict[str, Table]:
    """A leader's units: the running year with its year-end forecast; a past (or closed) year without (issue 16)."""
    c, f = data["contract"], data["funds"]
    past = data["standings"].period.past
    forecast = [
        data["contract_forecast"].completion,
        data["funds_forecast"].completion,
        Value("有风险", bold=True) if data["contract_forecast"].at_risk or data["funds_forecast"].at_risk else "可完成",
    ]
    total = Row(
        [
            None,
            Value("合计", bold=True),
            c.actual,
            c.target,
            c.completion,
            c.gap_points,
            band_cell(c.band),
            f.actual,
            f.target,
            f.completion,
            f.gap_points,
            band_cell(f.band),
            None,
        ]
        + ([] if past else forecast),
        kind="total",
    )
    return {
        "units": standings_table(
            data["ranked"],
            title=f"{data['leader'].name}牵头单位完成情况",
            sheet_name="牵头单位",
            notes=["注：名次为全县责任单位中的名次；合计为各单位认定数之和（联合招商按分成比例计）。"],
            total=total,
            with_forecast=not past,
        ),
        "forecast": outlook_table(data["standings"], data["units"]),
    }


def indicators_table(s, story: dict) -> Table:
    """The page's 得分构成 in its words (scoring.rules.wording), with the auditor's formula in the last column."""
    columns = [
        Column("item", "指标", width=22),
        Column("working", "计算", width=44),
        Column("score", "得分", "score"),
        Column("note", "说明", width=30),
        Column("formula", "计算公式", width=40),
    ]
    rows = [Row([e.title, e.working, e.score, e.note, e.formula]) for e in story["explained"]]
    rows.append(Row([Value("总分", bold=True), f"第{s.rank}名", s.total, "", ""], kind="total"))
    notes = [f"{n.goal}：{n.text}" for n in story["needs"] if n.key in ("pass", "next_rank")]
    return Table(title="得分构成", columns=columns, rows=rows, notes=notes, sheet_name="得分构成")


def unit_trend_table(year: int, trend: dict, contract_target, funds_target, rules) -> Table:
    return trend_table(year, trend, fc.time_path(contract_target), fc.milestone_path(funds_target, rules, year))


def projects_table(projects: dict) -> Table:
    columns = [
        Column("code", "项目编号", "center"),
        Column("name", "项目名称", width=28),
        Column("sector", "类别", "center"),
        Column("stage", "阶段", "center"),
        Column("share", "分成", "pct"),
        Column("contract", "本年计入合同额", "amount4"),
        Column("started", "开工日期", "center"),
        Column("funds", "本年计入到位资金", "amount4"),
    ]
    rows = [
        Row(
            [
                row["project"].code,
                row["project"].name,
                row["sector"].name if row["sector"] else "—",
                row["project"].get_stage_display(),
                row["share"] / 100,
                row["contract"],
                f"{row['started_on']:%Y-%m-%d}" if row["started_on"] else "—",
                row["funds"],
            ]
        )
        for row in projects["rows"]
    ]
    notes = ["注：计入数为本单位按分成比例计入的已认定数额。"]
    if projects["count"] > len(projects["rows"]):
        notes.append(f"共 {projects['count']} 个项目，此处列出本年计入数额最大的 {len(projects['rows'])} 个。")
    return Table(title="本单位招商项目", columns=columns, rows=rows, unit="单位：亿元", notes=notes, sheet_name="项目")


def due_table(panel) -> Table:
    columns = [
        Column("item", "事项", width=36),
        Column("due", "截止日期", "center"),
        Column("state", "状态", "center"),
    ]
    items = list(panel.this_month) + list(panel.overdue)
    rows = [Row([o.label, f"{o.due:%Y-%m-%d}", o.state_label]) for o in items]
    return Table(title="本单位应报事项", columns=columns, rows=rows, sheet_name="应报事项")


def unit_tables(data: dict, year: int) -> dict[str, Table]:
    s = data["standing"]
    if s is None:
        return {"due": due_table(data["due"])}
    return {
        "standing": standings_table(
            [s],
            title="完成情况" if data["standings"].period.past else "完成情况与年末预测",
            sheet_name="完成情况",
            with_forecast=not data["standings"].period.past,
        ),
        "indicators": indicators_table(s.score, data["story"]),
        "trend": unit_trend_table(year, data["trend"], s.contract.target, s.funds.target, data["rules"]),
        "projects": projects_table(data["projects"]),
        "due": due_table(data["due"]),
    }


def office_tables(data: dict) -> dict[str, Table]:
    month = data["month"]
    filing = Table(
        title=f"{month.year}年{month.month}月各单位报送情况",
        columns=[
            Column("unit", "单位", width=22),
            Column("state", "本月状态", "center"),
            Column("detail", "明细", width=48),
            Column("overdue", "全年逾期/退回未改", "int"),
        ],
        rows=[
            Row(
                [
                    row["unit"].name,
                    data["state_labels"].get(row["cell"].state, "—") if row["cell"].state else "未到报送期",
                    "；".join(f"{o.label}：{o.state_label}" for o in row["cell"].items),
                    row["overdue"],
                ]
            )
            for row in data["per_unit"]
        ],
        sheet_name="报送情况",
    )
    chase = Table(
        title="需要催办的事项",
        columns=[Column("unit", "单位", width=22), Column("count", "件数", "int"), Column("items", "事项", width=60)],
        rows=[
            Row([c["unit"].name, len(c["items"]), "；".join(f"{o.label}（{o.state_label}）" for o in c["items"])])
            for c in data["chase"]
        ],
        sheet_name="催办",
    )
    completeness = Table(
        title="各月报送完整情况",
        columns=[
            Column("month", "月份", "center"),
            Column("units", "应报单位", "int"),
            Column("filed", "已报单位", "int"),
            Column("rate", "完整率", "pct"),
        ],
        rows=[
            Row(
                [
                    f"{c['month'].month}月",
                    c["units"],
                    c["filed"],
                    Decimal(c["filed"]) / Decimal(c["units"]) if c["units"] else None,
                ]
            )
            for c in data["completeness"]
            if not c["open"]
        ],
        sheet_name="完整率",
    )
    labels = {
        "contract": "签约合同",
        "start": "项目开工",
        "funds": "到位资金",
        "activity": "招商活动",
        "report": "月度工作情况",
    }
    queue = Table(
        title="待审核记录",
        columns=[Column("kind", "类型"), Column("count", "件数", "int")],
        rows=[Row([labels.get(k, k), n]) for k, n in data["queue"].items()]
        + [Row([Value("合计", bold=True), data["queue_total"]], kind="total")],
        sheet_name="待审核",
    )
    return {
        "filing": filing,
        "chase": chase,
        "completeness": completeness,
        "queue": queue,
        "lagging": lagging_table(data["standings"].lagging),
    }
