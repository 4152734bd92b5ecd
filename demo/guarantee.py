"""The demo's guarantee units and towns, rated by the enterprises whose projects landed there and appraised month
by month, all through the scoring services."""

import datetime as dt
from decimal import Decimal

from demo.records import YEAR, Demo, aware
from projects import services
from projects.models import Project, Stage
from scoring import services as scoring
from scoring.selectors import current_scheme
from targets.models import Unit, UnitKind

# Guarantee units (招商保障单位: the county's service departments and the towns where projects land). The 2023 table
# names none; the demo registers a few so that the enterprises' ratings and the 2-point appraisal have something to show.
GUARANTEE_UNITS = ["县政务服务管理办公室", "县市场监管局", "县生态环境局", "县住房城乡建委", "县人力社保局", "县税务局"]
TOWNS = ["高唐街道", "龙门街道", "巫峡镇", "大昌镇", "福田镇", "官渡镇"]
RATING_COMMENTS = ["", "", "办事效率高，项目手续一次办结", "用地报批还可以更快", "用工招聘对接及时", ""]


class GuaranteeDemo:
    """Ratings by the enterprises that landed projects (through their one-time links, and a few paper forms entered
    by the center) and the center's monthly deductions of towns and guarantee units, all through the services."""

    def __init__(self, demo: Demo):
        self.demo, self.rng, self.year, self.auditor = demo, demo.rng, demo.year, demo.auditor
        self.scheme = current_scheme(self.year)
        self.rules = self.scheme.as_rules()

    def units(self) -> tuple[list[Unit], list[Unit]]:
        def unit(name, kind, position):
            return Unit.objects.get_or_create(name=name, defaults={"kind": kind, "position": position})[0]

        guarantee = [unit(n, UnitKind.GUARANTEE, 100 + i) for i, n in enumerate(GUARANTEE_UNITS)]
        towns = [unit(n, UnitKind.TOWN, 200 + i) for i, n in enumerate(TOWNS)]
        return guarantee, towns

    def land_projects(self, towns: list[Unit]) -> list[Project]:
        """Signed projects get the town they land in (as the center records it)."""
        signed = list(Project.objects.filter(stage__in=[Stage.SIGNED, Stage.STARTED, Stage.PRODUCING]).order_by("pk"))
        landed = signed[: max(1, len(signed) * 2 // 3)]
        for project in landed:
            services.project_update(project=project, by=self.auditor, town=self.rng.choice(towns))
        return landed

    def scores(self, base: int) -> dict:
        """One enterprise's marks for one unit: each criterion near ``base`` % of its points, never above them."""
        marks = {}
        for c in self.rules.guarantee_criteria:
            share = min(Decimal(100), Decimal(base + self.rng.randint(-8, 8))) / 100
            marks[c.name] = str((c.max_points * share).quantize(Decimal("1")))
        return marks

    def ratings(self, guarantee: list[Unit], landed: list[Project]) -> int:
        quality = {u.pk: self.rng.randint(70, 95) for u in guarantee + [p.town for p in landed]}
        by_investor = {}
        for project in landed:
            by_investor.setdefault(project.investor, set()).add(project.town)
        investors = sorted(by_investor, key=lambda i: i.pk)
        issued_on = aware(dt.date(YEAR, 11, 20), 9)
        count = 0
        for n, investor in enumerate(investors):
            units = sorted(by_investor[investor] | set(self.rng.sample(guarantee, 2)), key=lambda u: u.pk)
            if n % 7 == 6:  # a few enterprises returned the paper form instead; the center entered it
                for unit in units:
                    scoring.rating_enter_paper(
                        year=self.year, unit=unit, investor=investor, scores=self.scores(quality[unit.pk]),
                        criteria=self.rules.guarantee_criteria, by=self.auditor, comment="纸质评分表",
                        now=issued_on + dt.timedelta(days=self.rng.randint(5, 25)),
                    )  # fmt: skip
                    count += 1
                continue
            link, token = scoring.rating_link_issue(
                year=self.year, investor=investor, units=units, by=self.auditor, days=self.scheme.rating_link_days,
                now=issued_on,
            )  # fmt: skip
            if n % 5 == 4:  # and a few never answered: their links show as expired
                continue
            scoring.rating_submit_by_link(
                token=token,
                scores_by_unit={u.pk: self.scores(quality[u.pk]) for u in units},
                criteria=self.rules.guarantee_criteria,
                comment=self.rng.choice(RATING_COMMENTS),
                now=issued_on + dt.timedelta(days=self.rng.randint(1, 20)),
            )
            count += len(units)
        return count

    def findings(self, guarantee: list[Unit], towns: list[Unit]) -> int:
        count = 0
        for units, criteria in (
            (towns, self.rules.town_criteria),
            (guarantee, self.rules.guarantee_appraisal_criteria),
        ):
            for unit in units:
                for month in sorted(self.rng.sample(range(1, 13), self.rng.randint(0, 4))):
                    criterion = self.rng.choice(criteria)
                    scoring.finding_record(
                        year=self.year, unit=unit, month=dt.date(YEAR, month, 1), criterion=criterion,
                        note=f"{month}月未按时报送“{criterion}”佐证材料", by=self.auditor, criteria=criteria,
                        now=aware(dt.date(YEAR + month // 12, month % 12 + 1, 10), 11),
                    )  # fmt: skip
                    count += 1
        return count

    def run(self) -> None:
        guarantee, towns = self.units()
        landed = self.land_projects(towns)
        rated = self.ratings(guarantee, landed)
        found = self.findings(guarantee, towns)
        self.demo.say(
            f"演示保障单位：{len(guarantee)} 个县级保障单位、{len(towns)} 个乡镇（街道），企业评分 {rated} 条，实绩考核扣分 {found} 项。"
        )
