from django.urls import path, re_path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
