"""Structured logs: one JSON object a line, with the id of the request it belongs to."""

import io
import json
import logging

import pytest

from core.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the django.request logger writes, as the production console handler would."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_log_line_carries_the_proxys_request_id(client, json_lines):
    response = client.get("/khong-co-trang-nay/", headers={"X-Request-ID": "req-12345678"})
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-12345678"
    (line,) = json_lines()
    assert line["request_id"] == "req-12345678"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["time"].endswith("+00:00")


def test_without_a_usable_id_the_request_gets_a_new_one(client, json_lines):
    response = client.get("/khong-co-trang-nay/", headers={"X-Request-ID": 'bad "id"\n'})
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and generated != 'bad "id"\n'
    assert json_lines()[0]["request_id"] == generated


def test_a_line_outside_a_request_says_so():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"
