"""Password hashing: argon2id with argon2-cffi's default (RFC 9106 low-memory) parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from jobboard.passwords import hash_password, needs_rehash, verify_password


def test_hash_is_argon2id_with_a_fresh_salt():
    first = hash_password("correct horse battery staple")
    second = hash_password("correct horse battery staple")
    assert first.startswith("$argon2id$")
    assert "correct horse" not in first
    assert first != second  # a new salt each time


def test_verify_accepts_the_right_password_and_rejects_a_wrong_one():
    stored = hash_password("Sommer-Wind-2024!")
    assert verify_password(stored, "Sommer-Wind-2024!") is True
    assert verify_password(stored, "sommer-wind-2024!") is False
    assert verify_password(stored, "") is False


@pytest.mark.parametrize(
    "garbage",
    ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$broken", "$2b$12$abcdefghijklmnopqrstuv"],
)
def test_verify_is_false_for_an_invalid_hash(garbage):
    assert verify_password(garbage, "anything") is False


def test_a_fresh_hash_needs_no_rehash():
    assert needs_rehash(hash_password("Sommer-Wind-2024!")) is False


def test_a_hash_with_other_parameters_needs_rehash_and_still_verifies():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID)
    old = weak.hash("Sommer-Wind-2024!")
    assert needs_rehash(old) is True
    assert verify_password(old, "Sommer-Wind-2024!") is True


def test_an_argon2i_hash_needs_rehash():
    old = PasswordHasher(type=Type.I).hash("Sommer-Wind-2024!")
    assert needs_rehash(old) is True
