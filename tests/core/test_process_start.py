"""A process start (a gunicorn worker, every command) loads no library that only some requests need: WeasyPrint
costs ~1 s and openpyxl ~0.3 s of every start, and they are imported where a PDF or a workbook is made."""

import json
import os
import subprocess
import sys

from django.conf import settings

HEAVY = ("weasyprint", "openpyxl", "playwright", "hypothesis", "pypdf", "fontTools", "locust")


def loaded_after(code: str) -> set[str]:
    script = (
        "import json, sys, django\n"
        "django.setup()\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))\n"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "wushan_invest.settings", "DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_loading_the_urlconf_imports_neither_weasyprint_nor_openpyxl():
    assert loaded_after("from django.urls import get_resolver; get_resolver().url_patterns") == set()


def test_the_system_checks_import_no_heavy_library():
    assert loaded_after("from django.core import management; management.call_command('check')") == set()
