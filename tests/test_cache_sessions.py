"""The shared cache: Redis when REDIS_URL is set, memory otherwise; sessions cached_db
(read from the cache, kept in the database: a lost cache logs nobody out)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from longbien_eval.settings import base
from tests.factories.units import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def _caches_with(env: dict) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "longbien_eval.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_when_redis_url_is_set_and_memory_otherwise():
    assert _caches_with({"REDIS_URL": "redis://127.0.0.1:6379/5"}).endswith("RedisCache")
    assert _caches_with({"REDIS_URL": ""}).endswith("LocMemCache")


def test_the_real_settings_keep_sessions_in_cache_and_database():
    assert base.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_cached_db_session_survives_a_lost_cache(client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    cache.clear()  # Redis restarted
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == user
