"""Password hashing with argon2id (argon2-cffi), RFC 9106 low-memory profile.

The parameters are argon2-cffi's defaults; hashes made with other parameters still verify
and are reported by `needs_rehash()`, so they can be upgraded at the next sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

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
