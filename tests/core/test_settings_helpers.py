"""The settings read the environment through helpers that refuse junk at start-up (the reminder settings among them)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from wushan_invest.settings import env_int, env_ints, env_url


def test_the_reminder_settings_are_declared_with_their_defaults(settings):
    assert settings.FILING_REMINDER_DAYS == (3, 1)
    assert settings.FILING_OVERDUE_REPEAT_DAYS == 7
    assert settings.SITE_URL == ""


def test_lists_of_days_are_read_and_junk_is_refused(monkeypatch):
    monkeypatch.setenv("FILING_REMINDER_DAYS", "5, 2,1")
    assert env_ints("FILING_REMINDER_DAYS", [3, 1]) == [5, 2, 1]
    for junk in ("3;1", "三", "-1", ","):
        monkeypatch.setenv("FILING_REMINDER_DAYS", junk)
        with pytest.raises(ImproperlyConfigured, match="FILING_REMINDER_DAYS"):
            env_ints("FILING_REMINDER_DAYS", [3, 1])


def test_a_repeat_of_zero_days_is_refused(monkeypatch):
    monkeypatch.setenv("FILING_OVERDUE_REPEAT_DAYS", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("FILING_OVERDUE_REPEAT_DAYS", 7, minimum=1)


def test_the_site_address_must_be_http_or_https(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://zsks.example.cn")
    assert env_url("SITE_URL") == "https://zsks.example.cn"
    for junk in ("zsks.example.cn", "ftp://x", "https://"):
        monkeypatch.setenv("SITE_URL", junk)
        with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
            env_url("SITE_URL")
