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
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record as ``request_id``."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """time, level, logger, message, request_id, and whatever ``extra`` a call gives."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record.setdefault("request_id", getattr(record, "request_id", "-"))
