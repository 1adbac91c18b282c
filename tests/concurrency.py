"""Run the same action in several threads at once, for the row-lock tests (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(target, *, expected_error: type[Exception], count: int = 2) -> list[str]:
    """Start ``count`` threads that call ``target`` together; return "ok" or each error's code."""
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait()
        try:
            target()
            results.append("ok")
        except expected_error as error:
            results.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
