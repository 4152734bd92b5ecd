from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "通报与报表"

    def ready(self):
        from reports import checks  # noqa: F401
