"""Passwords: the policy a new password must meet, and hashing with argon2id.

The policy follows OWASP ASVS 2.1 (`password_problems()`). Hashing uses argon2-cffi's
RFC 9106 low-memory profile. The parameters are argon2-cffi's defaults; hashes made with other parameters still verify
and are reported by `needs_rehash()`, so they can be upgraded at the next sign-in.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from ..models import normalise_email

PASSWORD_MIN, PASSWORD_MAX = 12, 128
DATA_DIR = Path(__file__).resolve().parent / "data"

_hasher = PasswordHasher(type=Type.ID)


def hash_password(plain: str) -> str:
    """An argon2id hash (`$argon2id$...`) of `plain`, with a fresh random salt."""
    return _hasher.hash(plain)


def verify_password(hash: str, plain: str) -> bool:
    """True if `plain` matches `hash`; False on a mismatch or an invalid hash, never raises."""
    try:
        return _hasher.verify(hash, plain)
    except (VerificationError, InvalidHashError, TypeError, ValueError):
        return False


def needs_rehash(hash: str) -> bool:
    """True if `hash` was made with other parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(hash)
    except (InvalidHashError, ValueError):
        return True


# --- policy -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(DATA_DIR / "common-passwords.txt.gz", "rt", encoding="utf-8") as f:
        words = {line.strip().lower() for line in f if line.strip()}
    extra = (DATA_DIR / "common-passwords-de.txt").read_text(encoding="utf-8").split()
    return frozenset(words | {w.lower() for w in extra})


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with a new password, in the spirit of OWASP ASVS 2.1: 12 to 128
    characters, any characters (no composition rules), not a common password, not the
    person's own e-mail address or name. An empty list means it is acceptable."""
    problems: list[str] = []
    if len(password) < PASSWORD_MIN:
        problems.append(str(_l("Use at least %(n)d characters.", n=PASSWORD_MIN)))
    if len(password) > PASSWORD_MAX:
        problems.append(str(_l("Use at most %(n)d characters.", n=PASSWORD_MAX)))
    lowered = password.lower().strip()
    # A common word with digits or symbols tacked on ("Passwort2024!") is still common.
    stem = re.sub(r"[\d\W_]+$", "", lowered)
    if lowered in common_passwords() or (len(stem) >= 4 and stem in common_passwords()):
        problems.append(str(_l("This password is too common. Choose a less predictable one.")))
    elif lowered in {normalise_email(email), email.split("@")[0].lower(), name.lower().strip()} - {
        ""
    }:
        problems.append(str(_l("Do not use your e-mail address or name as password.")))
    return problems
