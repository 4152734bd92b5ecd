"""Backups of the database and the evidence files, their SHA-256 manifest, restore, and the restore drill.

A backup is a directory `wushan-YYYYMMDDTHHMMSSZ/` (optionally packed as `.tar.gz`):
    database.dump | database.sqlite3   pg_dump custom format, or an SQLite online-backup copy
    media/...                          every file under MEDIA_ROOT (the evidence)
    manifest.json                      SHA-256 and size of every file above, and the row count of every table
Both the dump and the row counts come from ONE snapshot of the database (PostgreSQL: pg_export_snapshot shared with
pg_dump; SQLite: counted in the copy), so a backup taken while units are filing is consistent with its manifest.
Evidence files are written before their row commits and never changed, so copying them after the snapshot catches
every file the dump refers to.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ops.databases import Database

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
EVIDENCE_DIR = "evidence"  # under MEDIA_ROOT, as projects.models.evidence_storage keeps it


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source: Path, target: Path) -> dict:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return {"sha256": digest.hexdigest(), "size": size}


def _copy_tree(source_root: Path, target_root: Path) -> dict[str, dict]:
    files = {}
    if not source_root.exists():
        return files
    for path in sorted(source_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(source_root).as_posix()
            files[relative] = _copy_hashing(path, target_root / relative)
    return files


# --- backup ----------------------------------------------------------------------------------------------------


def _dump_postgresql(db: Database, target: Path) -> dict[str, int]:
    with contextlib.closing(db.connect()) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = db.row_counts(conn)
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             f"--file={target}", f"--dbname={db.name}"],
            env=db.pg_env(), capture_output=True, text=True,
        )  # fmt: skip
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump 失败：{result.stderr.strip()}")
    return counts


def _dump_sqlite(db: Database, target: Path) -> dict[str, int]:
    with contextlib.closing(db.connect()) as source, contextlib.closing(sqlite3_connect(target)) as copy:
        source.backup(copy)  # one step: a consistent copy even while others write
    with contextlib.closing(sqlite3_connect(target)) as copy:
        return Database("sqlite", str(target)).row_counts(copy)


def sqlite3_connect(path):
    import sqlite3

    return sqlite3.connect(str(path))


@dataclass
class Backup:
    path: Path
    manifest: dict = field(repr=False)


def create_backup(*, db: Database, media_root: Path, backup_dir: Path, tar: bool = False) -> Backup:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")[:-4] + "Z"
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = backup_dir / f"wushan-{stamp}"
    partial = backup_dir / f".partial-{stamp}"
    partial.mkdir(mode=0o700)
    started = time.monotonic()
    try:
        if db.vendor == "postgresql":
            dump = partial / "database.dump"
            counts = _dump_postgresql(db, dump)
        elif db.vendor == "sqlite":
            dump = partial / "database.sqlite3"
            counts = _dump_sqlite(db, dump)
        else:
            raise BackupError(f"不支持的数据库类型：{db.vendor}")
        media = _copy_tree(Path(media_root), partial / "media")
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": db.vendor,
            "database": {"file": dump.name, "sha256": sha256_of(dump), "size": dump.stat().st_size},
            "tables": counts,
            "rows": sum(counts.values()),
            "media": media,
            "seconds": round(time.monotonic() - started, 2),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        partial.rename(final)  # a backup directory without .partial- is complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if tar:
        archive = final.with_name(final.name + ".tar.gz")
        with tarfile.open(archive, "w:gz") as packed:
            packed.add(final, arcname=final.name)
        os.chmod(archive, 0o600)
        shutil.rmtree(final)
        return Backup(archive, manifest)
    return Backup(final, manifest)


def prune_backups(backup_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups; return what was removed."""
    backups = sorted(p for p in Path(backup_dir).glob("wushan-*") if not p.name.startswith("."))
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return removed


# --- verify and restore ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def opened(source: Path):
    """A backup directory, unpacking a .tar.gz into a temporary directory first."""
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.name.endswith(".tar.gz") or not source.is_file():
        raise BackupError(f"找不到备份：{source}")
    with tempfile.TemporaryDirectory(prefix="wushan-restore-") as tmp:
        with tarfile.open(source, "r:gz") as packed:
            packed.extractall(tmp, filter="data")
        (inner,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        yield inner


def read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{backup} 中没有 {MANIFEST}：不是完整的备份。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不受支持。")
    return manifest


def verify_files(backup: Path, manifest: dict) -> list[str]:
    """Problems with the backup's own files (missing or changed since it was taken)."""
    problems = []
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"media/{name}": entry["sha256"] for name, entry in manifest["media"].items()})
    for name, digest in expected.items():
        path = backup / name
        if not path.is_file():
            problems.append(f"缺少文件：{name}")
        elif sha256_of(path) != digest:
            problems.append(f"文件校验值不符（已损坏或被改动）：{name}")
    return problems


def _load_database(db: Database, backup: Path, manifest: dict, *, force: bool):
    dump = backup / manifest["database"]["file"]
    if manifest["engine"] != db.vendor:
        raise BackupError(f"备份来自 {manifest['engine']}，不能恢复到 {db.vendor}。")
    if db.vendor == "postgresql":
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={db.name}"]
        if force:
            command += ["--clean", "--if-exists"]
        result = subprocess.run([*command, str(dump)], env=db.pg_env(), capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败：{result.stderr.strip()}")
    else:
        with contextlib.closing(sqlite3_connect(dump)) as source, contextlib.closing(db.connect()) as target:
            source.backup(target)


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def restore_backup(*, source: Path, db: Database, media_root: Path, force: bool = False) -> RestoreReport:
    """Restore into an EMPTY database and an empty MEDIA_ROOT (``force`` overwrites), then check it."""
    media_root = Path(media_root)
    with opened(source) as backup:
        manifest = read_manifest(backup)
        problems = verify_files(backup, manifest)
        if problems:
            raise BackupError("备份文件校验失败，未恢复：\n" + "\n".join(problems))
        if not force and not db.is_empty():
            raise BackupError(f"目标数据库 {db.name} 不是空的：只能恢复到空数据库（确需覆盖请加 --force）。")
        if not force and media_root.exists() and any(p.is_file() for p in media_root.rglob("*")):
            raise BackupError(f"目标文件目录 {media_root} 不是空的（确需覆盖请加 --force）。")
        _load_database(db, backup, manifest, force=force)
        for name in manifest["media"]:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(backup / "media" / name, target)
    return check_restored(db=db, media_root=media_root, manifest=manifest)


def check_restored(*, db: Database, media_root: Path, manifest: dict) -> RestoreReport:
    """Row counts equal the manifest's, every file's hash equals the manifest's, every evidence row has its file."""
    problems = []
    with contextlib.closing(db.connect()) as conn:
        counts = db.row_counts(conn)
        evidence = _evidence_rows(db, conn)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"表 {table} 行数不符：备份时 {expected}，恢复后 {counts.get(table)}")
    for name, entry in manifest["media"].items():
        path = Path(media_root) / name
        if not path.is_file():
            problems.append(f"恢复后缺少文件：{name}")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"恢复后文件校验值不符：{name}")
    for stored_name, digest in evidence:
        path = Path(media_root) / EVIDENCE_DIR / stored_name
        if not path.is_file():
            problems.append(f"佐证材料记录指向的文件不存在：{stored_name}")
        elif sha256_of(path) != digest:
            problems.append(f"佐证材料文件与记录的 SHA-256 不符：{stored_name}")
    return RestoreReport(len(counts), sum(counts.values()), len(manifest["media"]), problems)


def _evidence_rows(db: Database, conn) -> list[tuple[str, str]]:
    if "projects_evidence" not in db.tables(conn):
        return []
    return [tuple(row) for row in conn.execute("SELECT file, sha256 FROM projects_evidence").fetchall()]
