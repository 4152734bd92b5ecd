from django.contrib import admin
from django.urls import include, path

from scoring import views as scoring_views
from wushan_invest import views as site_views

admin.site.site_header = "巫山县招商引资考核系统 · 后台管理"
admin.site.site_title = "招商考核后台"
admin.site.index_title = "系统设置"

urlpatterns = [
    path("", site_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("targets/", include("targets.urls")),
    path("reports/", include("reports.urls")),
    path("dashboards/", include("reports.dashboards.urls")),
    path("audit/", include("audit.urls")),
    path("scoring/", include("scoring.urls")),
    path("enterprises/", include("reports.pipeline.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("rate/<str:token>/", scoring_views.rate, name="rate"),
    path("", include("projects.urls")),
    path("admin/", admin.site.urls),
]
