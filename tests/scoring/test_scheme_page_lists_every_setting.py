"""A guard: every setting of the scoring scheme (a field of SchemeVersion) is shown on the scheme page, so a setting
added to the model cannot decide scores unseen (the page lists them by hand, section by section)."""

from django.utils.html import escape

from scoring.models import SchemeVersion
from tests.conftest import client_for

BOOKKEEPING = {"id", "year", "number", "created_by", "created_at", "reason"}


def settings_of_the_scheme():
    return [f for f in SchemeVersion._meta.concrete_fields if f.name not in BOOKKEEPING]


def test_every_setting_of_the_scheme_model_appears_on_the_scheme_page(client, auditor):
    html = client_for(client, auditor).get("/scoring/scheme/2023/").content.decode()
    assert len(settings_of_the_scheme()) > 30  # the settings were found at all
    missing = [f.name for f in settings_of_the_scheme() if escape(str(f.verbose_name)) not in html]
    assert not missing, f"settings not on the scheme page: {missing}"
