"""Pending uploads: an evidence file chosen on a form that was shown again (a wrong amount, a 提示 to confirm) is kept
under MEDIA_ROOT/pending and referred to by a signed token in a hidden field, so the correction never means choosing
the file again. The token names the stored file, its original name and the user who chose it; it is good for
``MAX_AGE`` seconds and for that user only. Nothing here writes a record: the file becomes evidence only when the
form is saved, through ``services.evidence_attach``.
"""

import secrets
import time
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core import signing
from django.core.files import File

SALT = "projects.pending-upload"
MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Pending:
    token: str
    name: str
    size: int


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "pending"


def _sweep(root: Path) -> None:
    """Files older than twice the token's life are of no use to anyone: gone with the next stash."""
    limit = time.time() - 2 * MAX_AGE
    for path in root.glob("*.bin"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def stash(file, user) -> Pending:
    """Keep a chosen (already checked) upload; returns the token the re-shown form carries."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    key = secrets.token_hex(16)
    file.seek(0)
    with open(root / f"{key}.bin", "wb") as out:
        for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
            out.write(chunk)
    file.seek(0)
    name = PurePath((getattr(file, "name", "") or "file").replace("\\", "/")).name or "file"
    size = (root / f"{key}.bin").stat().st_size
    token = signing.dumps({"k": key, "n": name[-255:], "u": user.pk, "s": size}, salt=SALT)
    return Pending(token=token, name=name[-255:], size=size)


def _load(token: str, user) -> dict | None:
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or not str(data.get("k", "")).isalnum():
        return None
    return data


def describe(token: str, user) -> Pending | None:
    """What a token refers to, if it is still good for this user and its file is still there."""
    data = _load(token, user)
    if data is None or not (_root() / f"{data['k']}.bin").is_file():
        return None
    return Pending(token=token, name=data["n"], size=data.get("s", 0))


def claim(token: str, user) -> File | None:
    """The kept file, open for reading under its original name; None when the token is bad, expired, another user's
    or its file gone. The caller closes it (``discard`` after the evidence is saved)."""
    data = _load(token, user)
    if data is None:
        return None
    path = _root() / f"{data['k']}.bin"
    if not path.is_file():
        return None
    file = File(open(path, "rb"), name=data["n"])  # noqa: SIM115 - closed by discard() or the caller
    file.pending_token = token
    return file


def discard(file) -> None:
    """Close a claimed file and remove it from the pending area (it is evidence now, or no longer wanted)."""
    token = getattr(file, "pending_token", None)
    try:
        file.close()
    except (OSError, AttributeError):
        pass
    data = signing.loads(token, salt=SALT) if token else None
    if data:
        try:
            (_root() / f"{data['k']}.bin").unlink()
        except OSError:
            pass
