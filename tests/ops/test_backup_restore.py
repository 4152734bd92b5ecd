"""manage.py backup / restore / restore_drill: a consistent dump plus every evidence file, checked by SHA-256."""

import datetime as dt
import json
import threading
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils.functional import empty

from ops.backup import BackupError, check_restored, create_backup, prune_backups, read_manifest, restore_backup
from ops.databases import Database
from ops.management.commands.restore_drill import drill
from projects import services
from projects.models import Contract, Evidence, evidence_storage
from tests.helpers import PDF_BYTES, make_project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    evidence_storage._wrapped = empty  # the lazy storage keeps the first MEDIA_ROOT it saw
    yield settings.MEDIA_ROOT
    evidence_storage._wrapped = empty


def db():
    return Database.from_settings(connection.settings_dict)


def file_contract(project, filer, n):
    contract = services.record_create(
        record_type="contract", unit=filer.unit, by=filer, project=project, signed_on=dt.date(2023, 3, 1),
        amount=Decimal("1.5"),
    )  # fmt: skip
    pdf = SimpleUploadedFile(f"合同{n}.pdf", PDF_BYTES + f"%{n}\n".encode(), content_type="application/pdf")
    services.evidence_attach(record=contract, file=pdf, by=filer)
    return contract


@pytest.fixture
def filed(filer):
    project = make_project(by=filer, code="B1", credits=[("县文化旅游委", 100)])
    for n in range(3):
        file_contract(project, filer, n)
    return project


def test_a_backup_holds_the_dump_every_file_and_a_manifest_that_matches(filed, media, tmp_path):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    manifest = read_manifest(backup.path)
    assert manifest["tables"]["projects_contract"] == 3
    assert manifest["tables"]["projects_evidence"] == 3
    assert len(manifest["media"]) == 3 and all(name.startswith("evidence/") for name in manifest["media"])
    for evidence in Evidence.objects.all():
        assert manifest["media"][f"evidence/{evidence.file.name}"]["sha256"] == evidence.sha256
    assert oct(backup.path.stat().st_mode & 0o777) == "0o700"


def test_the_drill_restores_into_an_empty_database_and_checks_rows_and_hashes(filed, media, tmp_path):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    _, report = drill(db=db(), media_root=media, backup=backup.path)
    assert report.ok, report.problems
    assert report.files == 3 and report.rows == backup.manifest["rows"]


def test_the_drill_command_restores_a_packed_backup_and_reports_in_chinese(filed, media, tmp_path, capsys):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b", tar=True)
    assert backup.path.name.endswith(".tar.gz")
    call_command("restore_drill", "--backup", str(backup.path))
    assert "恢复演练通过" in capsys.readouterr().out


def test_restore_refuses_a_database_that_is_not_empty(filed, media, tmp_path):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    with pytest.raises(BackupError, match="不是空的"):
        restore_backup(source=backup.path, db=db(), media_root=tmp_path / "elsewhere")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(backup.path))


def test_restore_refuses_a_backup_whose_files_were_changed(filed, media, tmp_path):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    victim = sorted((backup.path / "media" / "evidence").rglob("*.pdf"))[0]
    victim.write_bytes(b"%PDF-1.4 forged")
    with pytest.raises(BackupError, match="校验值不符"):
        restore_backup(source=backup.path, db=db(), media_root=tmp_path / "elsewhere")


def test_the_check_notices_a_missing_file_and_a_wrong_count(filed, media, tmp_path):
    backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    manifest = read_manifest(backup.path)
    manifest["tables"]["projects_contract"] += 1
    next(iter(sorted(media.rglob("*.pdf")))).unlink()
    report = check_restored(db=db(), media_root=media, manifest=manifest)
    problems = "\n".join(report.problems)
    assert (
        "projects_contract 行数不符" in problems
        and "缺少文件" in problems
        and "佐证材料记录指向的文件不存在" in problems
    )


def test_prune_keeps_the_newest_backups(db_ready, media, tmp_path):
    for _ in range(4):
        create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
    removed = prune_backups(tmp_path / "b", keep=2)
    assert len(removed) == 2 and len(list((tmp_path / "b").glob("wushan-*"))) == 2


@pytest.fixture
def db_ready(plan_2023):
    return plan_2023


def test_the_backup_command_is_audited(db_ready, capsys, settings):
    call_command("backup")
    assert "备份完成" in capsys.readouterr().out
    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="backup.create").exists()


def test_a_backup_taken_while_units_file_restores_consistently(filed, filer, media, tmp_path):
    """Writes go on in another thread during the backup; the drill still finds the dump and files consistent."""
    stop = threading.Event()
    written = []
    errors = []

    def keep_filing():
        try:
            n = 100
            while not stop.is_set() and n < 5000:
                for attempt in range(5):
                    try:
                        written.append(file_contract(filed, filer, n).pk)
                        break
                    except Exception as error:  # SQLite's shared in-memory test database may report "locked"
                        if "locked" not in str(error) or attempt == 4:
                            raise
                        time.sleep(0.05)
                n += 1
                # Units file at a human pace, not in a tight loop: on SQLite's shared-cache test database a writer
                # that never pauses holds the table locks, and the online backup (which retries every 250 ms) would
                # starve until the writer ran out of numbers, leaving no write after the snapshot (CI, stop 8).
                time.sleep(0.02)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    writer = threading.Thread(target=keep_filing)
    writer.start()
    try:
        while len(written) < 5:
            time.sleep(0.01)
        before = len(written)
        backup = create_backup(db=db(), media_root=media, backup_dir=tmp_path / "b")
        during = len(written) - before
        after = len(written) + 3
        deadline = time.monotonic() + 20
        while len(written) < after and time.monotonic() < deadline:  # some writes surely after the snapshot
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not errors, errors
    manifest = json.loads((backup.path / "manifest.json").read_text())
    assert 3 + before <= manifest["tables"]["projects_contract"] < Contract.objects.count()
    _, report = drill(db=db(), media_root=media, backup=backup.path)
    assert report.ok, report.problems
    print(f"records written during the backup: {during}")
