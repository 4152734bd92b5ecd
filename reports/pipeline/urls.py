from django.urls import path

from reports.pipeline import views

app_name = "maps"

urlpatterns = [
    path("chains/<int:pk>/", views.chain_map, name="chain"),
    path("chains/<int:pk>/pdf/", views.chain_pdf, name="chain_pdf"),
    path("distribution/", views.distribution, name="distribution"),
]
