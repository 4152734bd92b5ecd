"""An uploaded breakdown table waiting between preview and confirm.

The bytes sit in MEDIA_ROOT/tmp/targets_import/<random token><suffix>; the session holds the token, the original
name and the year. Nothing reaches the database before confirm; cancel or confirm deletes the file, and files left
behind by abandoned previews are swept after a day.
"""

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "targets_import"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
SUFFIXES = {".csv", ".xlsx"}
MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str
    year: int
    suffix: str

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.token}{self.suffix}"

    def read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except OSError:
            return None


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp" / "targets_import"


def pending_store(request, *, name: str, data: bytes, year: int) -> PendingUpload:
    """Keep an upload for its preview, replacing (and deleting) any earlier one of this session."""
    pending_discard(request)
    _sweep()
    suffix = Path(name).suffix.lower()
    pending = PendingUpload(
        token=secrets.token_hex(16), name=Path(name).name[:200], year=year, suffix=suffix if suffix in SUFFIXES else ""
    )
    pending.path.parent.mkdir(parents=True, exist_ok=True)
    pending.path.write_bytes(data)
    request.session[SESSION_KEY] = {
        "token": pending.token,
        "name": pending.name,
        "year": year,
        "suffix": pending.suffix,
    }
    return pending


def pending_load(request) -> PendingUpload | None:
    stored = request.session.get(SESSION_KEY)
    try:
        pending = PendingUpload(
            token=str(stored["token"]), name=str(stored["name"]), year=int(stored["year"]), suffix=str(stored["suffix"])
        )
    except (TypeError, KeyError, ValueError):
        return None
    if not TOKEN.match(pending.token) or pending.suffix not in SUFFIXES | {""} or not pending.path.is_file():
        return None
    return pending


def pending_discard(request) -> None:
    pending = pending_load(request)
    if pending is not None:
        pending.path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _sweep() -> None:
    folder = upload_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
