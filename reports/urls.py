from django.urls import path

from reports import views
from reports.five_colour import pages as five_colour

app_name = "reports"

urlpatterns = [
    path("sample/", views.sample, name="sample"),
    path("sample.pdf", views.sample_pdf, name="sample_pdf"),
    path("sample.xlsx", views.sample_xlsx, name="sample_xlsx"),
    path("five-colour/", five_colour.five_colour_current, name="five_colour_current"),
    path("five-colour/<int:year>/", five_colour.five_colour, name="five_colour"),
    path("five-colour/<int:year>/five-colour.xlsx", five_colour.five_colour, {"fmt": "xlsx"}, name="five_colour_xlsx"),
    path("five-colour/<int:year>/five-colour.pdf", five_colour.five_colour, {"fmt": "pdf"}, name="five_colour_pdf"),
]
