"""A plausible, reproducible 2023 of filings for the demo: projects, contracts, starts, monthly funds, activities,
monthly work reports and the center's required events, all made through the real services (so every record has
its evidence, history and audit trail), with a fixed random seed.

Figures are invented: each unit reaches a different share of its targets so that rankings, colours and dashboards
have something to show. Nothing here runs outside ``manage.py load_demo``.
"""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from projects import services
from projects.models import (
    ActivityKind,
    IndustryLabel,
    InvestorTag,
    MonthlyReport,
    Project,
    ProjectKind,
    RequiredEvent,
    Stage,
)
from targets.models import AssessmentYear, Leader, Unit

YEAR = 2023
SEED = 20230101
FOUR = Decimal("0.0001")
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
INVESTORS = [
    "重庆三峡绿色能源有限公司",
    "中民康旅投资有限公司",
    "华润电力（重庆）有限公司",
    "中交路桥建设有限公司",
    "国药集团重庆医药有限公司",
    "广药集团中药材有限公司",
    "盒马鲜生（重庆）有限公司",
    "京东正信物流有限公司",
    "携程旅行网络技术有限公司",
    "复星旅游文化集团有限公司",
    "春秋国际旅行社有限公司",
    "泰康健康产业投资有限公司",
    "长江水电开发有限公司",
    "华能新能源股份有限公司",
    "中农万联农产品有限公司",
    "双喜鞋服制造有限公司",
    "爱健康生物科技有限公司",
    "一品天成食品有限公司",
    "同仁堂中药材有限公司",
    "海答人工智能科技有限公司",
    "喜马拉雅科技（上海）有限公司",
    "巫山脆李深加工有限公司",
    "巫峡果胶科技有限公司",
    "渝东北冷链物流有限公司",
    "重庆城投置业有限公司",
    "康龙化成医药研发有限公司",
    "中铁建设投资有限公司",
    "重庆文旅康养有限公司",
]
PROJECT_WORDS = [
    "康养度假区",
    "研学旅行基地",
    "风光储一体化",
    "冷链物流产业园",
    "中药材精深加工",
    "脆李深加工",
    "豆腐柴果胶提取",
    "鞋服加工园",
    "农批专业市场",
    "高端酒店",
    "城市综合体",
    "特色街区",
    "数字医疗平台",
    "绿色建材",
    "水产养殖园",
    "蔬菜基地产业园",
    "纳米材料生产",
    "货运码头",
    "民宿集群",
    "智慧城市运营",
]
TAGS = ["global500", "china500", "central_soe", "high_tech", "unicorn", "specialized_new"]


def _d(value) -> Decimal:
    return Decimal(str(value)).quantize(FOUR, rounding=ROUND_HALF_UP)


def aware(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _pdf(name: str):
    """A scan of its own for each record (its name in a PDF comment): one identical file everywhere would put a
    "same file as 391 other records" warning on every row of the auditor's queue, which no real month has."""
    body = PDF.replace(b"\n", b"\n%" + name.encode("utf-8") + b"\n", 1)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    amounts = [_d(total * Decimal(w / sum(weights))) for w in weights]
    amounts[-1] = total - sum(amounts[:-1])
    return amounts


class Demo:
    def __init__(self, stdout=None):
        self.rng = random.Random(SEED)
        self.year = AssessmentYear.objects.get(year=YEAR)
        self.auditor = User.objects.filter(role=Role.AUDITOR, is_active=True).order_by("pk").first()
        self.leaders = list(Leader.objects.all())
        self.tags = {t.code: t for t in InvestorTag.objects.all()}
        self.filers = {}
        self.counter = 0
        self.stdout = stdout

    def say(self, text):
        if self.stdout:
            self.stdout.write(text)

    def service_kind_for(self, kind) -> list:
        """A producer-service project is of one listed kind (招新引优 scores by it), taken in turn, not drawn: the
        random sequence of the rest of the demo stays as it was."""
        if kind != ProjectKind.PRODUCER_SERVICE:
            return []
        kinds = list(IndustryLabel.objects.filter(group=IndustryLabel.Group.PRODUCER_SERVICE).order_by("position"))
        return [kinds[self.counter % len(kinds)]] if kinds else []

    def filer_of(self, unit: Unit) -> User:
        if unit.pk not in self.filers:
            user = User.objects.filter(role=Role.FILER, unit=unit, is_active=True).order_by("pk").first()
            if user is None:
                user = User(
                    username=f"unit{unit.pk:02d}",
                    display_name=f"{unit.name}填报员",
                    role=Role.FILER,
                    unit=unit,
                    email=f"unit{unit.pk:02d}.filer@demo.wushan.example",
                )
                user.set_password("Wushan@2023")
                user.save()
            self.filers[unit.pk] = user
        return self.filers[unit.pk]

    def confirm(self, record, unit, period: dt.date, evidence=True, late=False, status="confirmed"):
        filer = self.filer_of(unit)
        if evidence:
            services.evidence_attach(record=record, file=_pdf(f"{record._meta.model_name}-{record.pk}.pdf"), by=filer)
        if status == "draft":
            return record
        due = period + dt.timedelta(days=self.rng.randint(3, 20) if not late else 45)
        services.record_submit(record=record, by=filer, now=aware(due))
        if status == "submitted":
            return record
        if status == "returned":
            services.record_return(record=record, by=self.auditor, reason="佐证材料不清晰，请补充盖章页后重新提交")
            return record
        services.record_confirm(record=record, by=self.auditor, now=aware(due + dt.timedelta(days=2), 15))
        return record

    # --- projects -----------------------------------------------------------------------------------------------

    def unit_projects(self, unit: Unit, signed_target: Decimal, funded_target: Decimal, sector):
        rng = self.rng
        pace = rng.choice([0.35, 0.6, 0.8, 0.9, 1.0, 1.05, 1.2])
        contract_total = _d(max(signed_target, Decimal("0.5")) * Decimal(str(pace)))
        funds_total = _d(max(funded_target, Decimal("0.2")) * Decimal(str(pace * rng.uniform(0.7, 1.15))))
        count = 2 if contract_total < 5 else rng.randint(3, 4)
        amounts = _split(contract_total, count, rng)
        started_share = []
        projects = []
        for amount in amounts:
            self.counter += 1
            code = f"WS{YEAR}-{self.counter:03d}"
            if Project.objects.filter(code=code).exists():
                continue
            tagged = rng.random() < 0.3
            base = INVESTORS[(self.counter - 1) % len(INVESTORS)]
            lap = (self.counter - 1) // len(INVESTORS)
            name = base if lap == 0 else f"{base.removesuffix('有限公司')}（巫山）第{lap}项目有限公司"
            investor = services.investor_save(
                by=self.auditor, name=name, tags=[self.tags[rng.choice(TAGS)]] if tagged else []
            )
            kind = rng.choice(
                [ProjectKind.MANUFACTURING, ProjectKind.OTHER, ProjectKind.OTHER, ProjectKind.PRODUCER_SERVICE]
            )
            project = services.project_create(
                by=self.filer_of(unit),
                credits=[(unit, Decimal("100"))],
                code=code,
                name=f"{rng.choice(PROJECT_WORDS)}项目（{self.counter}）",
                investor=investor,
                year=self.year,
                sector=sector,
                kind=kind,
                is_major=amount >= 5,
                labels=self.service_kind_for(kind),
                total_investment=_d(amount * Decimal("1.25")),
                in_fai_statistics=rng.random() < 0.6,
                responsible_leader=rng.choice(self.leaders),
            )
            signed_on = dt.date(YEAR, rng.randint(1, 11), rng.randint(1, 28))
            contract = services.record_create(
                record_type="contract",
                unit=unit,
                by=self.filer_of(unit),
                project=project,
                kind="formal",
                signed_on=signed_on,
                amount=amount,
                title=f"{project.name}投资合同",
            )
            self.confirm(contract, unit, signed_on, late=rng.random() < 0.08)
            if rng.random() < 0.25:
                other = services.record_create(
                    record_type="contract",
                    unit=unit,
                    by=self.filer_of(unit),
                    project=project,
                    kind=rng.choice(["intention", "framework", "strategic"]),
                    signed_on=signed_on - dt.timedelta(days=40) if signed_on.month > 2 else signed_on,
                    amount=amount,
                    title="前期协议",
                )
                self.confirm(other, unit, other.signed_on)
            if rng.random() < 0.75:
                start_on = min(signed_on + dt.timedelta(days=rng.randint(10, 90)), dt.date(YEAR, 12, 20))
                start = services.record_create(
                    record_type="start",
                    unit=unit,
                    by=self.filer_of(unit),
                    project=project,
                    started_on=start_on,
                )
                self.confirm(start, unit, start_on)
                started_share.append((project, start_on))
            projects.append(project)
        if started_share:
            for (project, start_on), portion in zip(
                started_share, _split(funds_total, len(started_share), rng), strict=True
            ):
                self.funds(unit, project, start_on, portion)
        return projects

    def funds(self, unit, project, start_on: dt.date, total: Decimal):
        months = list(range(start_on.month, 13))
        for month, amount in zip(months, _split(total, len(months), self.rng), strict=True):
            if amount <= 0:
                continue
            month_day = dt.date(YEAR, month, 1)
            status = "confirmed"
            if month == 12:
                status = self.rng.choice(["confirmed", "confirmed", "submitted"])
            record = services.record_create(
                record_type="funds",
                unit=unit,
                by=self.filer_of(unit),
                project=project,
                month=month_day,
                amount=min(amount, project.total_investment),
                source=self.rng.choice(["statistics", "bank", "bank"]),
            )
            self.confirm(record, unit, dt.date(YEAR + (month == 12), month % 12 + 1, 1), status=status)

    # --- the reserve library (储备/在谈): no contract yet, so nothing here counts in any score ----------------------

    def pipeline(self, rows):
        """Projects being courted, towards the plan's 500 亿元 reserve library. Their own random stream, so adding them
        leaves the signed projects' figures as they were."""
        rng = random.Random(SEED + 1)
        for number, row in enumerate(rows, start=1):
            for n in range(rng.randint(1, 2)):
                code = f"CB{YEAR}-{number:02d}{n + 1}"
                if Project.objects.filter(code=code).exists():
                    continue
                investor = services.investor_save(by=self.auditor, name=rng.choice(INVESTORS))
                services.project_create(
                    by=self.filer_of(row.unit),
                    credits=[(row.unit, Decimal("100"))],
                    code=code,
                    name=f"{rng.choice(PROJECT_WORDS)}储备项目（{number}-{n + 1}）",
                    investor=investor,
                    year=self.year,
                    sector=row.sector,
                    kind=rng.choice([ProjectKind.MANUFACTURING, ProjectKind.OTHER, ProjectKind.PRODUCER_SERVICE]),
                    stage=rng.choice([Stage.RESERVE, Stage.RESERVE, Stage.NEGOTIATING]),
                    total_investment=_d(rng.uniform(3, 16)),
                    is_major=True,
                    in_fai_statistics=False,
                    responsible_leader=rng.choice(self.leaders),
                )
        if len(rows) >= 2 and rows[0].unit != rows[1].unit:
            first, second = rows[0].unit, rows[1].unit
            if not Project.objects.filter(code=f"CB{YEAR}-LH1").exists():
                services.project_create(
                    by=self.filer_of(first),
                    credits=[(first, Decimal("60")), (second, Decimal("40"))],
                    agreement=_pdf("联合招商分成协议.pdf"),
                    code=f"CB{YEAR}-LH1",
                    name="三峡库区生态农旅融合项目（联合招商）",
                    investor=services.investor_save(by=self.auditor, name=INVESTORS[0]),
                    year=self.year,
                    sector=rows[0].sector,
                    kind=ProjectKind.OTHER,
                    stage=Stage.NEGOTIATING,
                    total_investment=Decimal("20.0000"),
                    is_major=True,
                    in_fai_statistics=False,
                    responsible_leader=self.leaders[0],
                )

    # --- activities, reports, events ----------------------------------------------------------------------------

    def activities(self, unit: Unit):
        rng = self.rng
        for month in range(1, 13):
            for _ in range(rng.randint(1, 3)):
                day = dt.date(YEAR, month, rng.randint(1, 25))
                kind = rng.choice(
                    [ActivityKind.VISIT, ActivityKind.VISIT, ActivityKind.RECEPTION, ActivityKind.PUBLICITY]
                )
                count = rng.randint(1, 4) if kind in (ActivityKind.VISIT, ActivityKind.RECEPTION) else 0
                record = services.record_create(
                    record_type="activity",
                    unit=unit,
                    by=self.filer_of(unit),
                    kind=kind,
                    occurred_on=day,
                    title={"visit": "赴外地拜访企业", "reception": "接待客商来巫考察", "publicity": "投资环境推介"}[
                        kind
                    ],
                    place=rng.choice(["广州", "深圳", "上海", "成都", "重庆主城", "巫山"]),
                    enterprise_count=count,
                    leaders=rng.sample(self.leaders, k=rng.randint(0, 1)),
                )
                self.confirm(record, unit, day, evidence=False)

    def reports(self, unit: Unit):
        rng = self.rng
        for month in range(1, 13):
            missing = {item for item in MonthlyReport.ITEMS if rng.random() < 0.04}
            fields = {item: "" if item in missing else "已按要求开展并报送" for item in MonthlyReport.ITEMS}
            record = services.record_create(
                record_type="report", unit=unit, by=self.filer_of(unit), month=dt.date(YEAR, month, 1), **fields
            )
            self.confirm(record, unit, dt.date(YEAR, month, 15), evidence=False, late=rng.random() < 0.05)

    def events(self, units: list[Unit]):
        rng = self.rng
        plan = [(RequiredEvent.Kind.TRAINING, m, "招商引资专业培训") for m in (3, 6, 9)]
        plan += [(RequiredEvent.Kind.EVENT, m, "重大招商项目集中签约仪式") for m in (3, 6, 9, 12)]
        plan += [(RequiredEvent.Kind.EVENT, m, "重大招商项目集中开工活动") for m in (4, 7, 10)]
        for kind, month, title in plan:
            event = services.required_event_save(
                by=self.auditor,
                units=units,
                year=self.year,
                kind=kind,
                title=f"{YEAR}年{month}月{title}",
                held_on=dt.date(YEAR, month, 18),
                place="巫山县会议中心",
            )
            rows = {u.pk: (rng.random() > 0.06, False, "") for u in units}
            services.attendance_record(event=event, by=self.auditor, rows=rows)
