import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


def _run_django(settings_module: str, env: dict, code: str) -> subprocess.CompletedProcess:
    clean_env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    clean_env.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_django("longbien_eval.settings.production", {}, "print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    env = {"SECRET_KEY": "x" * 30 + "a-long-random-looking-secret-key-9$%", "ALLOWED_HOSTS": "a.vn"}
    code = (
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = _run_django("longbien_eval.settings.production", env, code)
    assert result.returncode == 0, result.stderr


def test_development_defaults_are_safe():
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.TIME_ZONE)"
    result = _run_django("longbien_eval.settings.base", {"DEBUG": "", "ALLOWED_HOSTS": ""}, code)
    assert result.stdout.strip().startswith("False")
    assert "Asia/Ho_Chi_Minh" in result.stdout


def test_database_url_selects_postgresql():
    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/longbien")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "longbien"
