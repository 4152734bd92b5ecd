"""The first version of each year's scheme said it followed "DOMAIN.md", a developers' document no user knows of;
say what it is instead. Only that exact wording is touched."""

from django.db import migrations

OLD = "默认方案（按 DOMAIN.md 的默认取值）"
NEW = "初始方案：考核办法规定的权重、加分与奖励，办法未写明之处取系统默认值"


def forwards(apps, schema_editor):
    apps.get_model("scoring", "SchemeVersion").objects.filter(reason=OLD).update(reason=NEW)


def backwards(apps, schema_editor):
    apps.get_model("scoring", "SchemeVersion").objects.filter(reason=NEW).update(reason=OLD)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
