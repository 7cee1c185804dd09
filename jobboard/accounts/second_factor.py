"""The second factor of the programme office: TOTP (RFC 6238) with one-time recovery codes.

Programme-office users sign in with their password first; their session is marked as
having passed the second factor only after a valid code. Moderation and administration
pages open only then (`satisfied()`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets

import pyotp
import qrcode
import qrcode.image.svg
from flask import session

from ..models import RecoveryCode, User
from ..timeutil import utcnow

ISSUER = "Cluster-Jobbörse"
RECOVERY_CODES = 10
SESSION_KEY = "_mfa"
PENDING_KEY = "_mfa_pending_secret"


def required(user: User) -> bool:
    return user.is_programme_office


def satisfied(user: User) -> bool:
    """True if `user` may open pages that need the second factor in this session."""
    return not required(user) or session.get(SESSION_KEY) is True


def enrolled(user: User) -> bool:
    return bool(user.totp_secret and user.totp_confirmed_at)


# --- enrolment --------------------------------------------------------------------------------


def pending_secret() -> str:
    """The secret being enrolled in this session (kept out of the database until confirmed)."""
    secret = session.get(PENDING_KEY)
    if not secret:
        secret = pyotp.random_base32()
        session[PENDING_KEY] = secret
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_url(uri: str) -> str:
    """The provisioning URI as an SVG QR code in a data: URL, drawn on the server."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def grouped(secret: str) -> str:
    """ABCD EFGH …: easier to type by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Store the pending secret if `code` fits it; returns the new recovery codes to show
    once, or None when the code is wrong."""
    secret = session.get(PENDING_KEY)
    step = _matching_step(secret, code, None) if secret else None
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_confirmed_at = utcnow()
    user.totp_last_step = step
    session.pop(PENDING_KEY, None)
    session[SESSION_KEY] = True
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    user.recovery_codes = [RecoveryCode(digest=_digest(c)) for c in codes]
    return codes


def reset(user: User) -> None:
    """Remove the second factor (an administrator's action); the user enrols again at the
    next sign-in and every current session ends."""
    from .users import end_all_sessions

    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.recovery_codes = []
    end_all_sessions(user)


# --- verification -----------------------------------------------------------------------------


def verify(user: User, code: str) -> bool:
    """Accept a current TOTP code (once) or an unused recovery code; marks the session."""
    code = (code or "").strip().replace(" ", "")
    if not enrolled(user) or not code or len(code) > 20:
        return False
    if code.isdigit() and len(code) == 6:
        step = _matching_step(user.totp_secret, code, user.totp_last_step)
        if step is None:
            return False
        user.totp_last_step = step
    else:
        wanted = _digest(code)
        row = next(
            (r for r in user.recovery_codes if r.used_at is None and r.digest == wanted), None
        )
        if row is None:
            return False
        row.used_at = utcnow()
    session[SESSION_KEY] = True
    return True


def unused_recovery_codes(user: User) -> int:
    return sum(1 for r in user.recovery_codes if r.used_at is None)


def _matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step whose code equals `code` (now, or one step either side for clock
    drift), if it is later than the last one accepted."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(utcnow().timestamp()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None


def _recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(7)).decode().rstrip("=").lower()[:10]
    return f"{raw[:5]}-{raw[5:]}"


def _digest(code: str) -> str:
    normalised = code.strip().lower().replace(" ", "").replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()
