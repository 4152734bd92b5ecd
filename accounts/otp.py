"""Time-based one-time passwords (RFC 6238, via pyotp) and the enrolment QR code (SVG, via segno)."""

import hmac
import time

import pyotp
import segno
from django.conf import settings

STEP_SECONDS = 30
DRIFT_STEPS = 1  # accept the previous and next code too: phones' clocks drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=settings.OTP_ISSUER)


def qr_svg(uri: str) -> str:
    """An inline <svg> element (no script, no style attribute) for the enrolment page."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#1b1f24", light="#ffffff")


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step whose code equals ``code``, or None. Compares in constant time."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None
