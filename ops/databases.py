"""A database named by Django settings, reached directly (psycopg or sqlite3), outside Django's connections.

Backups, restores and drills work on databases Django is not connected to (a scratch database for the drill), and
read the live one through a snapshot of their own, so they speak DB-API here.
"""

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field


@dataclass
class Database:
    vendor: str  # "postgresql" or "sqlite"
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings_dict) -> "Database":
        engine = settings_dict["ENGINE"]
        vendor = "postgresql" if "postgresql" in engine else "sqlite" if "sqlite3" in engine else engine
        if vendor == "sqlite":
            return cls(vendor, str(settings_dict["NAME"]))
        options = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str)}
        return cls(
            vendor,
            settings_dict["NAME"],
            settings_dict.get("HOST") or "",
            str(settings_dict.get("PORT") or ""),
            settings_dict.get("USER") or "",
            settings_dict.get("PASSWORD") or "",
            options,
        )

    def with_name(self, name: str) -> "Database":
        return Database(self.vendor, name, self.host, self.port, self.user, self.password, dict(self.options))

    # --- connections ---------------------------------------------------------------------------------------

    def connect(self, dbname: str | None = None, autocommit: bool = False):
        if self.vendor == "postgresql":
            import psycopg

            kwargs = {k: v for k, v in self._pg_kwargs().items() if v}
            kwargs["dbname"] = dbname or self.name
            return psycopg.connect(autocommit=autocommit, **kwargs)
        if self.vendor == "sqlite":
            uri = self.name.startswith("file:")
            return sqlite3.connect(self.name, uri=uri, isolation_level=None if autocommit else "DEFERRED")
        raise ValueError(f"不支持的数据库类型：{self.vendor}")

    def _pg_kwargs(self):
        return {"host": self.host, "port": self.port, "user": self.user, "password": self.password, **self.options}

    def pg_env(self) -> dict:
        """Environment for pg_dump/pg_restore/psql: the password never appears on a command line."""
        env = dict(os.environ)
        for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
            value = self._pg_kwargs().get(key)
            if value:
                env[var] = str(value)
        if self.options.get("sslmode"):
            env["PGSSLMODE"] = self.options["sslmode"]
        return env

    # --- questions -----------------------------------------------------------------------------------------

    def tables(self, conn) -> list[str]:
        if self.vendor == "postgresql":
            rows = conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        else:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        return [r[0] for r in rows]

    def row_counts(self, conn) -> dict[str, int]:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables(conn)}

    def is_empty(self) -> bool:
        with contextlib.closing(self.connect(autocommit=True)) as conn:
            return not self.tables(conn)

    def create(self):
        """Create this (PostgreSQL) database; SQLite files appear when first opened."""
        if self.vendor == "postgresql":
            with contextlib.closing(self.connect(dbname="postgres", autocommit=True)) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.vendor == "postgresql":
            with contextlib.closing(self.connect(dbname="postgres", autocommit=True)) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        elif os.path.exists(self.name):
            os.remove(self.name)
