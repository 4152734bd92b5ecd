from django.urls import path

from scoring import views

app_name = "scoring"

# Each page family under its own prefix, so the menu marks the right entry as active.
urlpatterns = [
    path("ranking/", views.ranking_current, name="ranking_current"),
    path("ranking/<int:year>/", views.ranking, name="ranking"),
    path("ranking/<int:year>/scores.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("ranking/<int:year>/units/<int:pk>/", views.unit_score, name="unit"),
    path("ranking/<int:year>/units/<int:pk>/score.xlsx", views.unit_xlsx, name="unit_xlsx"),
    path("progress/", views.progress_current, name="progress_current"),
    path("progress/<int:year>/", views.progress, name="progress"),
    path("progress/<int:year>/progress.xlsx", views.progress_xlsx, name="progress_xlsx"),
    path("scheme/", views.scheme_current, name="scheme_current"),
    path("scheme/<int:year>/", views.scheme, name="scheme"),
    path("scheme/<int:year>/edit/", views.scheme_edit, name="scheme_edit"),
    path("scheme/<int:year>/bands.css", views.bands_css, name="bands_css"),
    path("guarantee/", views.guarantee_current, name="guarantee_current"),
    path("guarantee/<int:year>/", views.guarantee, name="guarantee"),
    path("guarantee/<int:year>/guarantee.xlsx", views.guarantee_xlsx, name="guarantee_xlsx"),
    path("guarantee/<int:year>/links/", views.rating_links, name="rating_links"),
    path("guarantee/<int:year>/paper/", views.rating_paper, name="rating_paper"),
    path("guarantee/<int:year>/appraisal/", views.appraisal, name="appraisal"),
    path("guarantee/<int:year>/appraisal/appraisal.xlsx", views.appraisal_xlsx, name="appraisal_xlsx"),
    path("guarantee/findings/<int:pk>/withdraw/", views.finding_withdraw, name="finding_withdraw"),
]
