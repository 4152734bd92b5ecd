"""The producer-service kinds of Annex 2 §三(五) as ten entries: 创新资源类 split into 科研院所 and 研发平台、研发机构
(the plan's two named groups), next to 战略性新兴服务业 01–08. A project records its kind as one of these labels."""

from django.db import migrations


def split_innovation(apps, schema_editor):
    IndustryLabel = apps.get_model("projects", "IndustryLabel")
    IndustryLabel.objects.filter(group="producer_service", code="R").update(name="创新资源类：科研院所")
    IndustryLabel.objects.get_or_create(
        group="producer_service", code="R2", defaults={"name": "创新资源类：研发平台、研发机构", "position": 10}
    )
    # keep the plan's order: R, R2, 01 … 08
    for position, code in enumerate(["R", "R2", "01", "02", "03", "04", "05", "06", "07", "08"], start=9):
        IndustryLabel.objects.filter(group="producer_service", code=code).update(position=position)


def join_innovation(apps, schema_editor):
    IndustryLabel = apps.get_model("projects", "IndustryLabel")
    IndustryLabel.objects.filter(group="producer_service", code="R2", projects__isnull=True).delete()
    IndustryLabel.objects.filter(group="producer_service", code="R").update(
        name="创新资源类（科研院所、研发平台、研发机构）"
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_input_rules")]
    operations = [migrations.RunPython(split_innovation, join_innovation)]
