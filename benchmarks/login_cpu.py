"""CPU of one login, PBKDF2 (Django's default) against Argon2id (core.passwords).

    .venv/bin/python benchmarks/login_cpu.py [--runs 20]

Times ``django.contrib.auth.authenticate`` (the project's backends: the lockout check, then
the password) with ``time.process_time`` for a user whose hash is of each kind, on a
throw-away in-memory SQLite database; prints the median and the spread in milliseconds.
A hash that is not Argon2id is upgraded at the first login, so each PBKDF2 run starts from
a fresh PBKDF2 hash, as an old account's first login would.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "longbien_eval.settings.base"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.contrib.auth import authenticate, get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import RequestFactory  # noqa: E402

PASSWORD = "Mat-khau-do-dai-2026"  # noqa: S105 (a throw-away user)


def _login_cpu(user, encoded: str) -> float:
    type(user).objects.filter(pk=user.pk).update(password=encoded)
    request = RequestFactory().post("/dang-nhap/", REMOTE_ADDR="10.9.9.9")
    start = time.process_time()
    assert authenticate(request, username=user.username, password=PASSWORD) is not None
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="do-cpu")
    for name, hasher in (("PBKDF2-SHA256", "pbkdf2_sha256"), ("Argon2id", "argon2")):
        encoded = make_password(PASSWORD, hasher=hasher)
        params = encoded.rsplit("$", 2)[0]
        figures = sorted(_login_cpu(user, encoded) for _ in range(runs))
        print(
            f"{name:14} {params:38} median {statistics.median(figures):6.1f} ms CPU "
            f"(min {figures[0]:.1f}, max {figures[-1]:.1f}, {runs} logins)"
        )


if __name__ == "__main__":
    main()
