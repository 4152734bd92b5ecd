"""The logged address is REMOTE_ADDR, or X-Forwarded-For only when the request came through a trusted proxy."""

import pytest
from django.test import RequestFactory

from audit.client_ip import client_ip


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_a_header_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_the_trusted_proxy_s_client_is_believed(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", "10.20.30.40")) == "10.20.30.40"


def test_a_forged_left_part_of_the_header_is_skipped(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # the client wrote "6.6.6.6"; nginx appended the address it saw, an internal proxy appended its own
    assert client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_garbage_in_the_header_stops_at_the_last_trusted_hop(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", "unknown")) == "127.0.0.1"


@pytest.mark.parametrize("remote", ["", "not-an-address"])
def test_no_usable_address_gives_none(settings, remote):
    assert client_ip(request(remote)) is None


def test_the_address_reaches_the_audit_log(client, filer, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        "/accounts/login/",
        {"username": "filer", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    from audit.models import AuditEvent

    assert AuditEvent.objects.get(action="auth.login_failed").ip == "192.0.2.44"


def test_a_state_change_made_while_serving_a_request_carries_its_address(client, filer, settings):
    """Services take no request; the address still reaches their events (audit.context)."""
    from audit.models import AuditEvent
    from tests.conftest import client_for

    settings.TRUSTED_PROXIES = []
    client_for(client, filer)
    response = client.post(
        "/filing/report/new/", {"month": "2023-05", "signing": "有", "note": ""}, REMOTE_ADDR="198.51.100.23"
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="report.create").ip == "198.51.100.23"


def test_an_event_outside_a_request_has_no_address(filer):
    from audit.models import AuditEvent
    from audit.services import audit_log

    audit_log(action="reminders.send", detail={"created": 0})
    assert AuditEvent.objects.get(action="reminders.send").ip is None
