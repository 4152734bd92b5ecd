from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = "年度目标与组织"
