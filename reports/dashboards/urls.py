from django.urls import path

from reports.dashboards import views
from reports.ranking import views as ranking_views
from reports.review import views as review_views

app_name = "dashboards"

urlpatterns = [
    path("county/", views.county_current, name="county_current"),
    path("county/<int:year>/", views.county, name="county"),
    path("county/<int:year>/county.xlsx", views.county, {"fmt": "xlsx"}, name="county_xlsx"),
    path("county/<int:year>/county.pdf", views.county, {"fmt": "pdf"}, name="county_pdf"),
    path("my-units/", views.my_units_current, name="my_units_current"),
    path("my-units/<int:year>/", views.my_units, name="my_units"),
    path("my-units/<int:year>/my-units.xlsx", views.my_units, {"fmt": "xlsx"}, name="my_units_xlsx"),
    path("leaders/<int:pk>/<int:year>/", views.leader_units, name="leader"),
    path("leaders/<int:pk>/<int:year>/leader.xlsx", views.leader_units, {"fmt": "xlsx"}, name="leader_xlsx"),
    path("unit/", views.unit_current, name="unit_current"),
    path("unit/<int:pk>/<int:year>/", views.unit, name="unit"),
    path("unit/<int:pk>/<int:year>/unit.xlsx", views.unit, {"fmt": "xlsx"}, name="unit_xlsx"),
    path("office/", views.office_current, name="office_current"),
    path("office/<int:year>/", views.office, name="office"),
    path("office/<int:year>/office.xlsx", views.office, {"fmt": "xlsx"}, name="office_xlsx"),
    path("review/", review_views.review_current, name="review_current"),
    path("review/<int:year>/q<int:quarter>/", review_views.review_pack, name="review"),
    path("review/<int:year>/q<int:quarter>/review.xlsx", review_views.review_pack, {"fmt": "xlsx"}, name="review_xlsx"),
    path("review/<int:year>/q<int:quarter>/review.pdf", review_views.review_pack, {"fmt": "pdf"}, name="review_pdf"),
    path("review/<int:year>/q<int:quarter>/publish/", review_views.review_publish, name="review_publish"),
    path("review/<int:year>/q<int:quarter>/text/", review_views.review_text, name="review_text"),
    path("ranking/", ranking_views.notice_current, name="notice_current"),
    path("ranking/<int:year>/", ranking_views.notice, name="notice"),
    path("ranking/<int:year>/notice.xlsx", ranking_views.notice, {"fmt": "xlsx"}, name="notice_xlsx"),
    path("ranking/<int:year>/notice.pdf", ranking_views.notice, {"fmt": "pdf"}, name="notice_pdf"),
    path("ranking/<int:year>/publish/", ranking_views.notice_publish, name="notice_publish"),
]
