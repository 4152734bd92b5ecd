from django.urls import path

from reports import bulletin_views, views

app_name = "reports"

urlpatterns = [
    path("sample/", views.sample, name="sample"),
    path("sample.pdf", views.sample_pdf, name="sample_pdf"),
    path("sample.xlsx", views.sample_xlsx, name="sample_xlsx"),
    path("bulletins/", bulletin_views.archive, name="bulletins"),
    path("bulletins/<int:year>/<int:month>/", bulletin_views.detail, name="bulletin"),
    path("bulletins/<int:year>/<int:month>/bulletin.pdf", bulletin_views.detail, {"fmt": "pdf"}, name="bulletin_pdf"),
    path(
        "bulletins/<int:year>/<int:month>/bulletin.xlsx", bulletin_views.detail, {"fmt": "xlsx"}, name="bulletin_xlsx"
    ),
    path("bulletins/<int:year>/<int:month>/prepare/", bulletin_views.prepare, name="bulletin_prepare"),
    path("bulletins/<int:year>/<int:month>/recompute/", bulletin_views.recompute, name="bulletin_recompute"),
    path("bulletins/<int:year>/<int:month>/text/", bulletin_views.save_text, name="bulletin_text"),
    path("bulletins/<int:year>/<int:month>/publish/", bulletin_views.publish, name="bulletin_publish"),
]
