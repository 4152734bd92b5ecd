"""The bulletin's sentences, written from its snapshot as the county writes them."""

from core.formatting import pct, plain, score, yi
from reports.bulletin.snapshot import BulletinView, ProgressView


def gap_words(p: ProgressView, progress_name: str = "序时进度") -> str:
    """较序时进度（83.3%）超 5.2 个百分点 / 滞后 7.4 个百分点, as the county writes it."""
    if p.gap_points is None:
        return "目标为0"
    word = "超" if p.gap_points >= 0 else "滞后"
    return f"较{progress_name}（{pct(p.progress)}）{word} {abs(p.gap_points):.1f} 个百分点"


def overview_text(v: BulletinView) -> list[str]:
    c, f = v.contract, v.funds
    first = (
        f"{v.months_label}，全县新签约正式合同额 {yi(c.actual)} 亿元，完成年度目标 {yi(c.target)} 亿元的 "
        f"{pct(c.completion)}，{gap_words(c)}；实现到位资金 {yi(f.actual)} 亿元，完成年度目标 {yi(f.target)} 亿元的 "
        f"{pct(f.completion)}，{gap_words(f)}。"
    )
    short = v.milestone_amount - f.actual
    second = (
        f"第{v.quarter_name}季度末到位资金节点为全年目标的 {plain(v.milestone_share)}%（{yi(v.milestone_amount)} 亿元），"
        + ("已达到节点。" if short <= 0 else f"尚差 {yi(short)} 亿元。")
    )
    if v.visits.get("target"):
        second += f"全县走访拜访企业 {v.visits['actual']:.0f} 家，完成全年目标 {v.visits['target']:.0f} 家的 {pct(v.visits['completion'])}。"
    return [first, second]


def _names(items) -> str:
    return "、".join(items) if items else "无"


def sectors_text(v: BulletinView) -> list[str]:
    sectors = [x for x in v.sectors if not x["name"].startswith("不分领域")]
    ahead = [x["name"] for x in sectors if x["contract"].ahead]
    behind = [x["name"] for x in sectors if not x["contract"].ahead]
    f_ahead = [x["name"] for x in sectors if x["funds"].ahead]
    f_behind = [x["name"] for x in sectors if not x["funds"].ahead]
    return [
        f"正式合同额达到序时进度的领域：{_names(ahead)}；滞后序时进度的领域：{_names(behind)}。",
        f"到位资金达到序时进度的领域：{_names(f_ahead)}；滞后序时进度的领域：{_names(f_behind)}。",
    ]


def units_text(v: BulletinView) -> list[str]:
    top = [f"{u.name}（{score(u.scores['total'])}分）" for u in v.units[:3]]
    lines = [f"按考核办法计分，排名前三的单位为：{'、'.join(top)}。"]
    met = v.targets_met
    lines.append(
        f"正式合同额和到位资金均已完成全年目标的单位 {len(met)} 个"
        + (f"：{_names([u.name for u in met])}。" if met else "。")
    )
    lag = v.lagging
    lines.append(
        f"正式合同额或到位资金滞后序时进度10个百分点以上的单位 {len(lag)} 个"
        + (f"：{_names([u.name for u in lag])}。" if lag else "。")
    )
    return lines


def leaders_text(v: BulletinView) -> list[str]:
    """Who of the county leaders has every unit on time, and whose units lag (the figures are in 表4)."""
    on_time, behind = [], []
    for x in v.leaders:
        lagging = [u["name"] for u in x["units"] if u["lagging"]]
        if x["contract"].ahead and x["funds"].ahead and not lagging:
            on_time.append(x["name"])
        elif lagging:
            behind.append(f"{x['name']}同志牵头的{'、'.join(lagging)}")
    lines = [
        f"{len(v.leaders)}位分管县领导牵头单位的完成情况见表4。牵头单位正式合同额、到位资金均达到序时进度且无滞后单位的："
        f"{_names([n + '同志' for n in on_time])}。"
    ]
    if behind:
        lines.append(f"有单位滞后序时进度10个百分点以上的：{'；'.join(behind)}。请分管县领导加强调度，督促其加快进度。")
    return lines
