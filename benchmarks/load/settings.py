"""The production settings as the load test serves them: on plain HTTP over loopback.

Only what loopback needs changes: no HTTPS redirect and no ``Secure`` cookie flag (there is
no TLS in front of gunicorn here; nginx does that in production). ``LOAD_PASSWORD_HASHERS``
(comma-separated dotted paths) lets the benchmark compare hashers without touching the
product's settings.
"""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from longbien_eval.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
if os.environ.get("LOAD_PASSWORD_HASHERS"):
    PASSWORD_HASHERS = os.environ["LOAD_PASSWORD_HASHERS"].split(",")
