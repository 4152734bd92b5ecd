from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("", views.breakdown_current, name="breakdown_current"),
    path("<int:year>/", views.breakdown, name="breakdown"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("leaders/<int:pk>/", views.leader_detail, name="leader"),
]
