"""The load test's table: percentiles, rates, errors and phases from raw samples."""

import time

import psycopg2
import pytest
from django.db import connection

from benchmarks.load import figures, run
from benchmarks.load.run import parse


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert figures.percentile(values, 0.50) == 50
    assert figures.percentile(values, 0.95) == 95
    assert figures.percentile(values, 0.99) == 99
    assert figures.percentile([7.0], 0.99) == 7.0
    assert figures.percentile([], 0.5) == 0.0


def test_page_figures_per_page_and_all():
    samples = [("a", 0.0, float(ms), ms == 10) for ms in range(1, 11)]
    samples += [("b", 5.0, 100.0, False)] * 10
    rows = {row.page: row for row in figures.page_figures(samples, seconds=10)}
    assert rows["a"].requests == 10 and rows["a"].per_second == 1.0
    assert rows["a"].p50 == 5 and rows["a"].p99 == 10 and rows["a"].errors == 1
    assert rows["b"].p95 == 100 and rows["b"].errors == 0
    assert rows["all"].requests == 20 and rows["all"].errors == 1
    assert figures.errors(list(rows.values())) == 1
    assert "| a | 10 | 1.0 | 5 | 10 | 10 | 1 |" in figures.table(list(rows.values()), "t")


def test_split_at_a_moment():
    samples = [("a", 1.0, 1.0, False), ("a", 2.0, 1.0, False), ("a", 3.0, 1.0, False)]
    before, after = figures.split_at(samples, 2.0)
    assert [s[1] for s in before] == [1.0] and [s[1] for s in after] == [2.0, 3.0]


def test_cpu_split_gives_the_rest_to_the_others():
    text = figures.cpu_split(
        {"gunicorn": 1, "locust": 1, "machine": 10},
        {"gunicorn": 5, "locust": 3, "machine": 20},
        seconds=10,
    )
    assert "| gunicorn | 4.0 | 40 % |" in text
    assert "| locust | 2.0 | 20 % |" in text
    assert "| others | 4.0 | 40 % |" in text


def test_this_process_has_cpu_seconds():
    import os

    assert figures.process_cpu_seconds(os.getpid()) > 0
    assert figures.process_cpu_seconds(2**22 + 12345) == 0.0
    assert figures.machine_cpu_seconds() > 0


@pytest.mark.parametrize(
    "argv",
    [
        ["--bind", "0.0.0.0:8161"],
        ["--bind", "10.0.0.5:80"],
        ["--users", "5000"],
        ["--seconds", "3600"],
        ["--users", "0"],
    ],
)
def test_the_run_stays_on_loopback_and_bounded(argv):
    with pytest.raises(SystemExit):
        parse(argv)


def test_smoke_is_short_and_small():
    args = parse(["--smoke"])
    assert args.seconds == 20 and args.users <= 20


def test_throughput_counts_from_the_pages_first_request():
    samples = [("login POST", 0.0, 5000.0, False)]  # a slow login first: not the page's time
    samples += [("page", 10.0 + i, 0.0, False) for i in range(11)]  # 11 answers over 10 s
    assert figures.throughput(samples, "page") == 1.1
    assert figures.throughput(samples[:2], "page") == 0.0


def test_throughput_after_a_moment_leaves_out_what_came_before():
    samples = [("page", float(i), 0.0, False) for i in range(21)]  # 1 per second over 20 s
    samples += [("page", 21.0 + i / 10, 0.0, False) for i in range(11)]  # then 11 in 1 s
    assert figures.throughput(samples, "page", after=21.0) == 11.0


def test_the_servers_access_lines_become_samples_per_route():
    lines = [
        "GET /danh-gia/12/tu-danh-gia/ 200 14\n",
        "POST /danh-gia/345/tu-danh-gia/ 302 31\n",
        "GET /danh-gia/7/tu-danh-gia/ 200 16\n",
        "GET /healthz 503 2\n",
        "a line of something else\n",
    ]
    samples = figures.server_samples(lines)
    assert [sample[0] for sample in samples] == [
        "GET /danh-gia/<id>/tu-danh-gia/",
        "POST /danh-gia/<id>/tu-danh-gia/",
        "GET /danh-gia/<id>/tu-danh-gia/",
        "GET /healthz",
    ]
    assert [sample[2] for sample in samples] == [14.0, 31.0, 16.0, 2.0]
    assert [sample[3] for sample in samples] == [False, False, False, True]
    rows = {row.page: row for row in figures.page_figures(samples, seconds=1)}
    assert rows["GET /danh-gia/<id>/tu-danh-gia/"].requests == 2
    assert rows["all"].errors == 1


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's processes")
def test_postgresql_counts_the_backends_that_closed():
    """A connection closed between two readings (``CONN_MAX_AGE``) keeps its CPU in the
    postgres figure: the postmaster's reaped children are counted, not only live backends."""
    settings = connection.settings_dict
    connection.ensure_connection()
    before = run.postgres_cpu_seconds(settings["NAME"])
    other = psycopg2.connect(
        host=settings["HOST"] or "127.0.0.1", user=settings["USER"], dbname=settings["NAME"]
    )
    with other.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM generate_series(1, 3000000)")
    other.close()

    deadline = time.monotonic() + 5  # the postmaster reaps the closed backend soon after
    while run.postgres_cpu_seconds(settings["NAME"]) - before < 0.1:
        assert time.monotonic() < deadline, "the closed backend's CPU was not counted"
        time.sleep(0.05)


def test_the_server_keeps_an_idle_connection_longer_than_any_user_thinks():
    assert run.keep_alive_seconds("1,3") == 8  # the smoke: gunicorn's own 2 s raced the users
    assert run.keep_alive_seconds("5,20") == 25
    assert run.keep_alive_seconds("0,0") == 5
