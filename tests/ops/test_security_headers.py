"""Security headers on every page, and templates that a content security policy without 'unsafe-inline' allows."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loaders.app_directories import get_app_template_dirs

ROOT = Path(settings.BASE_DIR)


def test_pages_carry_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_https_requests_get_strict_transport_security(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def _our_templates():
    root = ROOT.resolve()  # .venv is a symlink under the worktree: resolving keeps third-party templates out
    app_dirs = [Path(d).resolve() for d in get_app_template_dirs("templates")]
    dirs = [root / "templates", *(d for d in app_dirs if root in d.parents and ".venv" not in d.parts)]
    return sorted({path for d in dirs for path in d.rglob("*.html")})


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
INLINE_STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_templates_are_found():
    assert any(p.name == "base.html" for p in _our_templates())


@pytest.mark.parametrize("template", _our_templates(), ids=lambda p: str(p.relative_to(ROOT.resolve())))
def test_no_template_has_inline_script_style_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    for attributes in SCRIPT_TAG.findall(text):
        is_data = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attributes)
        assert "src=" in attributes or is_data, f"{template.name}: inline <script> (put it in static/js/)"
    assert not EVENT_ATTRIBUTE.search(text), f"{template.name}: on*= attribute (wire it with data-* in static/js/)"
    assert not JAVASCRIPT_URL.search(text), f"{template.name}: javascript: URL"
    # style-src 'self' blocks these in the browser too, silently: use classes in static/css/app.css
    # (SVG: presentation attributes such as fill= and stroke=).
    assert not STYLE_ATTRIBUTE.search(text), f"{template.name}: style= attribute (use a class in static/css/)"
    assert not INLINE_STYLE_TAG.search(text), f"{template.name}: <style> element (use static/css/)"


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": "k3Y-" + "x7Qp9Lm2Zr8Vt4Wn6Bh1Jc5Gd0Fs3Ka" * 2,
        "ALLOWED_HOSTS": "zsks.example.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_an_audit_retention_below_180_days(tmp_path):
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "AUDIT_RETENTION_DAYS": "90"}
    result = subprocess.run(
        [sys.executable, "-c", "import wushan_invest.settings"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "AUDIT_RETENTION_DAYS must be at least 180" in result.stderr


def test_password_expiry_and_second_factor_come_from_the_environment():
    env = {"PATH": os.environ["PATH"], "DEBUG": "1", "PASSWORD_MAX_AGE_DAYS": "60", "OTP_REQUIRED": "1"}
    code = "import wushan_invest.settings as s; print(s.PASSWORD_MAX_AGE_DAYS, s.OTP_REQUIRED, s.SECURE_SSL_REDIRECT)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["60", "True", "False"]
