"""Argon2id first, at OWASP's minimum or above; older hashes upgraded at the next login."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from core.passwords import Argon2idHasher
from longbien_eval.settings import base

PASSWORD = "Mat-khau-rat-dai-2026"


def test_argon2id_is_the_first_hasher_of_the_real_settings():
    assert base.PASSWORD_HASHERS[0] == "core.passwords.Argon2idHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS


def test_the_parameters_are_at_least_owasps_minimum():
    hasher = Argon2idHasher()
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2
    assert hasher.parallelism >= 1
    encoded = hasher.encode(PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert hasher.verify(PASSWORD, encoded) and not hasher.verify("khac", encoded)


@pytest.mark.django_db
def test_a_pbkdf2_hash_becomes_argon2id_at_the_next_login(client, settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = get_user_model().objects.create(
        username="cu", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert user.password.startswith("pbkdf2_sha256$")
    login = {"username": "cu", "password": PASSWORD}
    assert client.post(reverse("login"), login).status_code == 302  # logged in
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    client.logout()
    assert client.post(reverse("login"), login).status_code == 302  # the new hash works
