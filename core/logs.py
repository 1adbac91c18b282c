"""Structured logs: one JSON object a line on stdout, each with the id of its request.

``RequestIdMiddleware`` takes the id from the ``X-Request-ID`` header (nginx sets it, see
deploy/nginx) when it is a plain token, or makes one, keeps it for the request's log lines
(``RequestIdFilter``) and sends it back in the response's ``X-Request-ID``. Lines written
outside a request (the worker, commands) have ``request_id`` "-".
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# What a proxy's id may look like: no spaces, quotes or control characters in the logs.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _ACCEPTED.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is finished (request_finished below), so that Django's
        # own "django.request" line for an error, written after the middleware, has it too.
        _request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs):
    _request_id.set("-")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record as ``request_id``."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """time (UTC), level, logger, message, request_id, and any ``extra`` a call gives."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")  # ISO 8601, UTC
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record.setdefault("request_id", getattr(record, "request_id", "-"))
