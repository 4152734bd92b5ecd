"""The plan's "大商、名商、强商" (三(一)3) as tags of the one editable list of enterprise tags, beside the six bonus tags
projects seeded; and the ecosystem's categories (产业生态图). Both stay editable in the admin."""

from django.db import migrations

TAGS = [
    ("top10", "行业前10强", 7),
    ("gazelle", "瞪羚企业", 8),
    ("chain_leader", "链主企业", 9),
]
CATEGORIES = [
    ("enterprise", "本地企业", 1),
    ("institute", "科研院所", 2),
    ("platform", "创新平台", 3),
    ("park", "产业园区", 4),
    ("service", "服务机构", 5),
]


def seed(apps, schema_editor):
    InvestorTag = apps.get_model("projects", "InvestorTag")
    for code, name, position in TAGS:
        InvestorTag.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    EcosystemCategory = apps.get_model("enterprises", "EcosystemCategory")
    for code, name, position in CATEGORIES:
        EcosystemCategory.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_chains_and_targets"),
        ("projects", "0002_seed_tags_and_labels"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
