from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("sample/", views.sample, name="sample"),
    path("sample.pdf", views.sample_pdf, name="sample_pdf"),
    path("sample.xlsx", views.sample_xlsx, name="sample_xlsx"),
]
