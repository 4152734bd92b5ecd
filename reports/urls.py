from django.urls import path

from reports.bulletin import views as bulletin_views
from reports.five_colour import pages as five_colour

app_name = "reports"

urlpatterns = [
    path("five-colour/", five_colour.five_colour_current, name="five_colour_current"),
    path("five-colour/<int:year>/", five_colour.five_colour, name="five_colour"),
    path("five-colour/<int:year>/five-colour.xlsx", five_colour.five_colour, {"fmt": "xlsx"}, name="five_colour_xlsx"),
    path("five-colour/<int:year>/five-colour.pdf", five_colour.five_colour, {"fmt": "pdf"}, name="five_colour_pdf"),
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
