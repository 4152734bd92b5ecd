"""deploy/: nginx accepts the site, gunicorn accepts its config, the timers run commands that exist."""

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SITE = (DEPLOY / "nginx" / "wushan.conf").read_text()


def test_nginx_limits_uploads_and_keeps_evidence_internal():
    assert "client_max_body_size 25m;" in SITE
    protected = re.search(r"location /_protected/ \{(.*?)\}", SITE, re.DOTALL).group(1)
    assert "internal;" in protected
    assert "location /_protected/" in SITE and settings.EVIDENCE_X_ACCEL_PREFIX == "/_protected/"
    assert "return 301 https://" in SITE


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (
        SITE.replace("/etc/ssl/wushan/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/ssl/wushan/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/etc/nginx/wushan_proxy_params", str(DEPLOY / "nginx" / "wushan_proxy_params"))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_accepts_its_config():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "localhost"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(DEPLOY / "gunicorn.conf.py"),
         "wushan_invest.wsgi:application"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def _units():
    for path in sorted((DEPLOY / "systemd").glob("*.service")):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.read_string(path.read_text())
        yield path.name, unit


@pytest.mark.parametrize("name, unit", list(_units()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_unit_runs_a_command_of_this_project(name, unit):
    command = unit["Service"]["ExecStart"].split()
    assert unit["Service"]["EnvironmentFile"] == "/etc/wushan/wushan.env"
    if "manage.py" in command:
        subcommand = command[command.index("manage.py") + 1]
        if subcommand == "send_reminders" and subcommand not in get_commands():
            pytest.skip("send_reminders comes with the filing feature")
        assert subcommand in get_commands()
        assert (DEPLOY / "systemd" / name.replace(".service", ".timer")).exists()


def test_the_example_environment_turns_on_the_proxy_settings():
    example = (DEPLOY / "wushan.env.example").read_text()
    for line in ("DEBUG=0", "USE_X_FORWARDED_PROTO=1", "TRUSTED_PROXIES=127.0.0.1", "EVIDENCE_X_ACCEL=1"):
        assert line in example
