"""gunicorn's settings for ``make serve`` and deploy/systemd/longbien-web.service.

Everything a site (or the load test) tunes comes from the environment:
  GUNICORN_BIND       where to listen (default 127.0.0.1:8000: nginx in front, never exposed)
  WEB_CONCURRENCY     worker processes (default: 2 × cores, at least 2)
  GUNICORN_THREADS    threads per worker (default 2)
  GUNICORN_TIMEOUT    seconds a request may take before its worker is restarted (default 60)
  GUNICORN_MAX_REQUESTS  restart a worker after this many requests (default 2000, jittered)
  GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (default: none, so that
                      several instances on one machine never share one)
Access and error logs go to stdout/stderr (the journal); the access line carries the
request id that nginx sends (X-Request-ID), the same one the application logs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, 2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
wsgi_app = "longbien_eval.wsgi:application"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "remote": "%(h)s"}'
)
# Behind nginx on the same machine: trust its X-Forwarded-* only from loopback.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
control_socket_disable = not _control_socket
