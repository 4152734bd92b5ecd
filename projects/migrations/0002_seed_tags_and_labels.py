"""The plan's investor tags and industry labels (Annex 2 §三(五)); the labels stay editable in the admin."""

from django.db import migrations

TAGS = [
    ("global500", "世界500强"),
    ("china500", "中国500强"),
    ("central_soe", "中央企业"),
    ("high_tech", "国家级高新技术企业"),
    ("unicorn", "独角兽企业"),
    ("specialized_new", "专精特新企业"),
]

LABELS = [
    ("focus", "2-1", "智能网联新能源汽车"),
    ("focus", "2-2", "电子制造业"),
    ("focus", "6-1", "集成电路"),
    ("focus", "6-2", "新型显示"),
    ("focus", "6-3", "智能装备"),
    ("focus", "6-4", "先进材料"),
    ("focus", "6-5", "生物医药"),
    ("focus", "6-6", "新能源及新型储能"),
    ("focus", "X", "未来产业"),
    ("producer_service", "R", "创新资源类（科研院所、研发平台、研发机构）"),
    ("producer_service", "01", "新兴金融服务业"),
    ("producer_service", "02", "离岸服务外包"),
    ("producer_service", "03", "研发、设计、咨询、会计、法律等专业服务业"),
    ("producer_service", "04", "国际物流及城乡配送"),
    ("producer_service", "05", "电子商务及跨境结算"),
    ("producer_service", "06", "保税商品展示及保税贸易"),
    ("producer_service", "07", "互联网云计算大数据"),
    ("producer_service", "08", "总部贸易和转口贸易"),
    ("digital", "D1", "软件信息服务业“满天星”"),
    ("digital", "D2", "数字产业集群"),
    ("other", "S1", "工业设计"),
    ("other", "S2", "科技服务"),
    ("other", "S3", "金融服务"),
    ("other", "S4", "现代物流"),
]


def seed(apps, schema_editor):
    InvestorTag = apps.get_model("projects", "InvestorTag")
    IndustryLabel = apps.get_model("projects", "IndustryLabel")
    for position, (code, name) in enumerate(TAGS):
        InvestorTag.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    for position, (group, code, name) in enumerate(LABELS):
        IndustryLabel.objects.update_or_create(group=group, code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
