from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.breakdown_current, name="breakdown_current"),
    path("<int:year>/", views.breakdown_page, name="breakdown"),
    path("<int:year>/export.xlsx", views.breakdown_export, name="export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("leaders/<int:pk>/", views.leader_detail, name="leader"),
    path("import/", views.import_upload, name="import"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
]
