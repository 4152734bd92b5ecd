"""The system check warns when WeasyPrint would subset fonts without HarfBuzz (five times slower PDFs), in
``manage.py check`` and ``--deploy`` and in gunicorn's log at start-up; simulated by hiding the library."""

import ctypes
import gc
import io
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from reports import checks


@pytest.fixture
def no_harfbuzz_subset(monkeypatch):
    monkeypatch.setattr(checks, "HARFBUZZ_SUBSET", ("libharfbuzz-subset-missing.so.0",))


def test_this_machine_subsets_with_harfbuzz():
    assert checks.harfbuzz_subset_problem() is None


@pytest.mark.parametrize("deploy", [False, True])
def test_check_warns_when_the_subset_library_is_missing(no_harfbuzz_subset, deploy):
    out = io.StringIO()
    call_command("check", "--tag", "pdf", deploy=deploy, stdout=out, stderr=out)
    assert "reports.W001" in out.getvalue()
    assert "libharfbuzz-subset0" in out.getvalue()
    # The deployment's own command (README) stops on it; the test settings' other deploy warnings aside.
    with pytest.raises(SystemCheckError, match="reports.W001"):
        call_command("check", "--tag", "pdf", "--fail-level", "WARNING", deploy=deploy, stdout=out, stderr=out)


def test_check_warns_when_harfbuzz_is_older_than_4_1(monkeypatch):
    class Old:
        def hb_version_atleast(self, major, minor, micro):
            return False

    real = checks.load_library
    monkeypatch.setattr(checks, "load_library", lambda names: Old() if names is checks.HARFBUZZ else real(names))
    assert "4.1.0" in checks.harfbuzz_subset_problem()


def test_gunicorn_logs_the_warning_when_it_starts(no_harfbuzz_subset):
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"))
    logged = []

    class Log:
        def warning(self, fmt, *args):
            logged.append(fmt % args)

        info = warning

    try:
        config["when_ready"](type("Server", (), {"log": Log()})())
    finally:
        gc.unfreeze()  # when_ready freezes what the master made; this test process goes on collecting
    assert any("reports.W001" in line for line in logged)
    assert any(line.startswith("warmed before forking") for line in logged)


def test_the_library_is_where_weasyprint_looks_for_it():
    assert isinstance(checks.load_library(checks.HARFBUZZ_SUBSET), ctypes.CDLL)


def test_system_deps_installs_it_for_every_machine_that_renders():
    script = (Path(settings.BASE_DIR) / "scripts" / "system-deps").read_text()
    runtime = next(line for line in script.splitlines() if line.startswith("runtime="))
    assert "libharfbuzz-subset0" in runtime


def test_the_bulletin_command_warns_itself_as_it_runs_no_system_checks(no_harfbuzz_subset, monkeypatch, tmp_path):
    """The interchange commands skip the system checks (they import every view: most of a cold start); the bulletin
    command, which renders, still says when fonts would be subset without HarfBuzz."""
    from reports.management.commands import bulletin
    from scoring.management.commands import score

    assert bulletin.Command.requires_system_checks == [] and score.Command.requires_system_checks == []
    monkeypatch.setattr(bulletin, "bulletin_figures", lambda *a, **k: {"as_of": "2023-12-31"})
    monkeypatch.setattr(bulletin, "bulletin_pdf", lambda *a, **k: b"%PDF-1.7 test")
    monkeypatch.setattr(bulletin, "plan_year", lambda year: None)
    monkeypatch.setattr(bulletin.Bulletin.objects, "filter", lambda **k: type("Q", (), {"first": lambda self: None})())
    err = io.StringIO()
    call_command("bulletin", year=2023, month=12, output=str(tmp_path / "b.pdf"), stdout=io.StringIO(), stderr=err)
    assert "libharfbuzz-subset0" in err.getvalue() and (tmp_path / "b.pdf").read_bytes() == b"%PDF-1.7 test"
