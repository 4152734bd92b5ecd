"""Demo data of the pipeline: a chain for each of the six sectors, its ecosystem, and target enterprises at every stage
(with visits, conversions to projects and pauses), so every page of 三图一表 shows something in ``make run``.
Written through the services, deterministic, and safe to run again (it does nothing once chains exist)."""

import datetime as dt
import random
from decimal import Decimal

from enterprises import services
from enterprises.models import ChainLink, EcosystemCategory, TargetStage
from projects import services as project_services
from projects.models import ActivityKind, InvestorTag, ProjectKind
from projects.validators import credit_code_check_char
from targets.models import Sector, TargetRow

SEED = 20230314
# sector → [(segment, link, role)]
CHAINS = {
    "生态旅游": [
        ("上游", "旅游资源开发", "strength"), ("上游", "文旅规划设计", ""), ("中游", "高端酒店民宿", "gap"),
        ("中游", "康养度假", "gap"), ("中游", "景区运营", "strength"), ("中游", "研学旅行", ""),
        ("下游", "旅游营销服务", ""), ("下游", "文创商品", "gap"),
    ],
    "生态农业": [
        ("上游", "种苗繁育", "gap"), ("上游", "中药材种植", "strength"), ("上游", "脆李种植", "strength"),
        ("中游", "农产品精深加工", "gap"), ("中游", "冷链仓储", ""), ("下游", "电商销售", ""), ("下游", "品牌营销", ""),
    ],
    "生态工业": [
        ("上游", "清洁能源", "strength"), ("上游", "新型建材", ""), ("中游", "鞋服加工", "gap"),
        ("中游", "果胶提取", "strength"), ("中游", "生物医药", "gap"), ("下游", "工业物流配送", ""),
    ],
    "商贸物流": [
        ("上游", "港口码头", "strength"), ("中游", "冷链物流", "gap"), ("中游", "农批市场", ""),
        ("中游", "电子商务", "gap"), ("下游", "城乡配送", ""),
    ],
    "城市提升": [
        ("上游", "城市规划设计", ""), ("中游", "城市综合体", ""), ("中游", "特色街区", "strength"),
        ("中游", "智慧城市", "gap"), ("下游", "物业运营", ""),
    ],
    "科技金融": [
        ("上游", "数字基础设施", ""), ("中游", "软件信息服务", "gap"), ("中游", "科技金融服务", ""),
        ("下游", "数字应用场景", "gap"),
    ],
}  # fmt: skip
ECOSYSTEM = {
    "生态旅游": [("enterprise", "巫山旅游集团", "景区运营"), ("enterprise", "小三峡旅游公司", "旅游资源开发"),
                 ("institute", "重庆旅游职业学院巫山教学点", None), ("platform", "巫山智慧文旅平台", None),
                 ("park", "神女溪文旅产业园", None), ("service", "巫山县旅游协会", None)],
    "生态农业": [("enterprise", "巫山脆李专业合作社联合社", "脆李种植"), ("enterprise", "庙宇中药材种植基地", "中药材种植"),
                 ("institute", "西南大学巫山脆李研究院", None), ("park", "巫山现代农业产业园", None),
                 ("service", "巫山县农产品电商服务中心", None)],
    "生态工业": [("enterprise", "巫峡果胶科技", "果胶提取"), ("enterprise", "巫山县水电开发公司", "清洁能源"),
                 ("platform", "工贸园区企业服务中心", None), ("park", "巫山县工业园区", None)],
    "商贸物流": [("enterprise", "巫山港务公司", "港口码头"), ("park", "巫山县物流园", None),
                 ("service", "巫山县商贸流通协会", None)],
    "城市提升": [("enterprise", "巫山城投集团", "特色街区"), ("platform", "巫山智慧城市运营中心", None)],
    "科技金融": [("institute", "巫山县数字经济研究中心", None), ("service", "巫山县金融服务中心", None)],
}  # fmt: skip
COMPANIES = {
    "生态旅游": ["华南文旅投资集团有限公司", "中部康养产业集团有限公司", "长江游轮控股有限公司", "东方研学教育科技有限公司",
                 "西部酒店管理集团有限公司", "青山文创发展有限公司", "山水民宿运营有限公司"],
    "生态农业": ["北方种业科技股份有限公司", "江南中药饮片集团有限公司", "华东冷链食品有限公司", "鲜果电商科技有限公司",
                 "中原农产品加工有限公司", "岭南果业集团有限公司"],
    "生态工业": ["闽南鞋服制造集团有限公司", "华中生物制药股份有限公司", "西南新材料科技有限公司", "北方新能源装备有限公司",
                 "江苏果胶生物科技有限公司", "浙江智能制造有限公司"],
    "商贸物流": ["全国冷链物流集团有限公司", "华北供应链管理有限公司", "南方电商物流有限公司", "长江航运物流有限公司",
                 "中西部农批市场投资有限公司", "城乡配送科技有限公司"],
    "城市提升": ["华夏城市运营集团有限公司", "智慧城市科技股份有限公司", "中建城市更新投资有限公司", "商业综合体管理有限公司",
                 "城市物业服务集团有限公司", "特色街区文化发展有限公司"],
    "科技金融": ["云端软件信息技术有限公司", "数字金融科技股份有限公司", "算力基础设施有限公司", "产业数字化服务有限公司",
                 "普惠金融服务有限公司", "数据要素科技有限公司"],
}  # fmt: skip
REGIONS = ["广东省深圳市", "广东省广州市", "上海市", "北京市", "浙江省杭州市", "江苏省南京市", "湖北省武汉市",
           "四川省成都市", "福建省泉州市", "山东省青岛市", "重庆市", "陕西省西安市"]  # fmt: skip
STAGES = [TargetStage.TARGET, TargetStage.CONTACTED, TargetStage.NEGOTIATING, TargetStage.NEGOTIATING,
          TargetStage.CONVERTED, TargetStage.PAUSED, TargetStage.CONTACTED]  # fmt: skip
TAG_SETS = [["china500"], ["central_soe", "global500"], ["unicorn"], ["gazelle", "high_tech"], ["chain_leader"],
            ["specialized_new"], ["top10"], []]  # fmt: skip


def _credit_code(n: int) -> str:
    body = f"9144{n:013d}"
    return body + credit_code_check_char(body)


def load_enterprise_demo(*, year, by, filer_of=None, say=print) -> bool:
    """The pipeline of ``year``'s six sectors. ``filer_of(unit)``: the account that files a unit's visits (default
    ``by``). Returns False when the year already has chains."""
    if ChainLink.objects.filter(sector__year=year).exists():
        return False
    rng = random.Random(SEED)
    filer_of = filer_of or (lambda unit: by)
    tags = {tag.code: tag for tag in InvestorTag.objects.all()}
    categories = {c.code: c for c in EcosystemCategory.objects.all()}
    counts = {"links": 0, "nodes": 0, "targets": 0, "contacts": 0}
    number = 0
    for sector in Sector.objects.filter(year=year).order_by("position", "id"):
        links = {}
        for segment, name, role in CHAINS.get(sector.name, []):
            links[name] = services.chain_link_save(sector=sector, name=name, segment=segment, role=role, by=by)
            counts["links"] += 1
        for code, name, link in ECOSYSTEM.get(sector.name, []):
            services.ecosystem_node_save(
                sector=sector, category=categories[code], name=name, link=links.get(link), by=by
            )
            counts["nodes"] += 1
        rows = list(
            TargetRow.objects.filter(year=year, sector=sector)
            .select_related("unit")
            .prefetch_related("leader_links__leader")
        )
        if not rows:
            continue
        link_list = list(links.values())
        gaps = [link for link in link_list if link.role == "gap"] or link_list
        for i, company in enumerate(COMPANIES.get(sector.name, [])):
            number += 1
            row = rows[i % len(rows)]
            stage = STAGES[i % len(STAGES)]
            link = gaps[i % len(gaps)] if i % 3 != 2 else link_list[i % len(link_list)]
            target = services.target_save(
                by=by,
                name=company,
                credit_code=_credit_code(number) if i % 2 == 0 else "",
                region=REGIONS[(number * 5) % len(REGIONS)],
                industry=link.name,
                sector=sector,
                link=link,
                unit=row.unit,
                leader=row.leader_list[0] if row.leader_list else None,
                expected_amount=Decimal(rng.randint(2, 40)) if stage != TargetStage.TARGET else None,
                contact=f"王经理 1390000{number:04d}",
                note="演示数据",
                stage=TargetStage.PAUSED if stage == TargetStage.PAUSED else TargetStage.TARGET,
                pause_reason="企业年内投资计划调整，暂缓对接" if stage == TargetStage.PAUSED else "",
                tags=[tags[c] for c in TAG_SETS[number % len(TAG_SETS)] if c in tags],
            )
            counts["targets"] += 1
            if stage in (TargetStage.CONTACTED, TargetStage.NEGOTIATING, TargetStage.CONVERTED):
                for visit in range(rng.randint(1, 3)):
                    day = dt.date(year.year, rng.randint(2, 11), rng.randint(1, 28))
                    activity = services.target_record_contact(
                        target=target,
                        by=filer_of(row.unit),
                        unit=row.unit,
                        kind=rng.choice([ActivityKind.VISIT, ActivityKind.VISIT, ActivityKind.RECEPTION]),
                        occurred_on=day,
                        title=f"{'赴' + target.city if target.city else '对接'}{company}（第{visit + 1}次）",
                        place=target.city or target.province,
                    )
                    project_services.record_confirm(record=activity, by=by)
                    counts["contacts"] += 1
            if stage == TargetStage.NEGOTIATING:
                services.target_set_stage(target=target, stage=stage, by=by)
            if stage == TargetStage.CONVERTED:
                services.target_convert(
                    target=target,
                    by=by,
                    code=f"MB{year.year}-{number:03d}",
                    name=f"{company.removesuffix('有限公司').removesuffix('股份')}{link.name}项目",
                    kind=ProjectKind.OTHER,
                    total_investment=target.expected_amount or Decimal("5"),
                )
    say(
        f"演示目标企业：{counts['links']} 个产业链环节、{counts['nodes']} 个生态主体、{counts['targets']} 家目标企业"
        f"（对接 {counts['contacts']} 次）。"
    )
    return True
