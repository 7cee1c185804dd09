"""Passwords: the policy for new ones, and argon2id hashing with argon2-cffi's default
(RFC 9106 low-memory) parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from jobboard.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)


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


@pytest.mark.parametrize(
    "candidate",
    [
        "kurz",
        "elf-zeichen",
        "passwort1234",
        "Passwort2024!",
        "qwertzuiop12",
        "123456789012",
        "q1w2e3r4t5y6",
        "ICHLIEBEDICH!!",
        "x" * 129,
    ],
)
def test_weak_passwords_are_refused(app, candidate):
    assert password_problems(candidate)


@pytest.mark.parametrize(
    "candidate",
    [
        "korrekt Pferd Batterie",
        "Mein Hund heißt Bello und frisst gern Äpfel",
        "x7#Lq9!vR2@m",
        "🚲 fahrrad im regen 🌧",
        "a" * 12 + "Z9",
        "y" * 128,
    ],
)
def test_long_passwords_of_any_kind_are_accepted(app, candidate):
    """No composition rules: length is what counts; spaces and emoji are fine."""
    assert password_problems(candidate) == []


def test_own_email_or_name_is_refused(app):
    problems = password_problems(
        "anna.beispiel@cluster.example", email="Anna.Beispiel@cluster.example"
    )
    assert problems
    assert password_problems("Anna Beispiel Lang", name="Anna Beispiel Lang")
