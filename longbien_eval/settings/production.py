"""Production settings: no secret default, HTTPS everywhere, SMTP mail.

Passes ``manage.py check --deploy --fail-level WARNING`` when SECRET_KEY is set.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as exc:  # fail fast: never run production with a known key
    raise ImproperlyConfigured("SECRET_KEY must be set in production.") from exc
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# Behind nginx (deploy/nginx/longbien.conf), which sets X-Forwarded-Proto itself: never
# expose gunicorn's port to the network, or a client could claim HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The health probe answers on plain HTTP too (a load balancer or systemd on the machine).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Tasks are stored in the database and run by ``manage.py worker`` (deploy/systemd), whose
# heartbeat /healthz checks.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
WORKER_HEARTBEAT_MAX_AGE = int(
    os.environ.get("WORKER_HEARTBEAT_MAX_AGE", 120 if TASKS_BACKEND == "database" else 0)
)
# One JSON object a log line (core.logs), with the request id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "text"
