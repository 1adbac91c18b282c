"""The load test: gunicorn (production settings) + PostgreSQL (+ Redis, + the task worker
when the project has them) against locust on loopback, and the table of its figures.

    python benchmarks/load/run.py                 # make load: the wave, the floor, the ratio
    python benchmarks/load/run.py --smoke          # make load-smoke: 20 s, fails on any error

Builds the generated organisation once into ``--database`` (reused when it already holds
``--people`` people), gives the simulated users their logins (benchmarks/load/accounts.py),
starts gunicorn on ``--bind`` (loopback only) and runs, each against the same server:

1. **the wave**: ``--users`` users logging in within ``--spawn-seconds``, then self-assessing,
   saving a draft, sending, signing the commitment, 5-20 s think time; 5 % reviewers on the
   dashboards; ``--seconds`` long;
2. **the floor**: the login page alone, as fast as the server answers (``--sat-users`` users);
3. **the self-assessment page alone**, as fast as the server answers (``--sat-users`` users):
   its throughput over the floor's is the ratio the issue's target is about.

Bounded: at most 1,000 users, 15 minutes and ``LOAD_MAX_REQUESTS`` requests per run.
"""

import argparse
import json
import math
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import figures  # noqa: E402

BIN = Path(sys.executable).parent
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
MAX_USERS = 1000
MAX_SECONDS = 900
PASSWORD = "tai-khoan-thu-tai-2026"  # noqa: S105 - the generated load-test accounts' only


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--database", default="longbien_load")
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--spawn-seconds", type=float, default=30)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--sat-users", type=int, default=24)
    parser.add_argument("--sat-seconds", type=int, default=60)
    parser.add_argument("--bind", default="127.0.0.1:8161")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--think", default="5,20", help="min,max seconds between steps")
    parser.add_argument("--smoke", action="store_true", help="20 s, 10 users, the wave only")
    args = parser.parse_args(argv)
    if args.smoke:
        args.users, args.spawn_seconds, args.seconds, args.think = 10, 5, 20, "1,3"
    if args.bind.rsplit(":", 1)[0] not in LOOPBACK:
        parser.error("--bind must be a loopback address: the load test never leaves the machine.")
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.sat_users <= MAX_USERS:
        parser.error(f"--users and --sat-users must be between 1 and {MAX_USERS}.")
    if not 1 <= args.seconds <= MAX_SECONDS or not 1 <= args.sat_seconds <= MAX_SECONDS:
        parser.error(f"--seconds and --sat-seconds must be between 1 and {MAX_SECONDS}.")
    return args


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        DJANGO_SETTINGS_MODULE="benchmarks.load.settings",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE=env.get("CONN_MAX_AGE", "60"),
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
    return env


def python(env, *command, capture=False) -> str:
    result = subprocess.run(
        [str(BIN / "python"), *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout.strip() if capture else ""


def prepare(args, env) -> Path:
    """Create the database, migrate, build the data unless it holds ``--people`` people,
    collect the static files and write the users' logins; returns the users' CSV."""
    bench_env = {**env, "DJANGO_SETTINGS_MODULE": "longbien_eval.settings.test"}
    python(bench_env, "benchmarks/reports_bench.py", "--create-database")
    python(env, "manage.py", "migrate", "--noinput", "-v0")
    # With the server's settings, so that the password is hashed by the server's hasher.
    accounts = ["benchmarks/load/accounts.py", "--password", PASSWORD]
    found = python(env, *accounts, "--people-only", capture=True)
    users_csv = Path(tempfile.mkdtemp(prefix="longbien-load-")) / "users.csv"
    picked = ["--count", str(args.users + args.sat_users), "--out", str(users_csv)]
    if (
        found != str(args.people)
        or subprocess.run(
            [str(BIN / "python"), *accounts, *picked], cwd=ROOT, env=env, check=False
        ).returncode
    ):
        # Missing, another size, or too few people left who can still self-assess.
        print(f"== building {args.people} people x {args.cycles} cycles (found {found})")
        python(
            bench_env,
            "benchmarks/make_data.py",
            "--reset",
            "--people",
            str(args.people),
            "--cycles",
            str(args.cycles),
        )
        python(env, *accounts, *picked)
    python(env, "manage.py", "collectstatic", "--noinput", "-v0")
    # Every simulated user comes from 127.0.0.1: an earlier run's failures must not lock it out.
    python(env, "manage.py", "axes_reset")
    return users_csv


def has_command(env, name: str) -> bool:
    listed = python(env, "manage.py", "help", "--commands", capture=True)
    return name in listed.split()


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before answering")
        try:
            with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute")


def keep_alive_seconds(think: str) -> int:
    """gunicorn's keep-alive for a run whose users think ``think`` ("min,max") seconds."""
    return math.ceil(max(float(part) for part in think.split(","))) + 5


def start_server(args, env) -> list[subprocess.Popen]:
    gunicorn = shutil.which("gunicorn", path=str(BIN)) or "gunicorn"
    server = subprocess.Popen(
        [
            gunicorn,
            "longbien_eval.wsgi",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "-b",
            args.bind,
            "--log-level",
            "warning",
            # Longer than any think time: a server that closes an idle connection just as
            # its user sends on it fails that request (nginx in production closes first,
            # deploy/nginx/longbien.conf).
            "--keep-alive",
            str(keep_alive_seconds(args.think)),
            # The server's own time per request, to tell queueing from work (figures.py).
            "--access-logfile",
            str(args.access_log),
            "--access-logformat",
            figures.ACCESS_FORMAT,
        ],
        cwd=ROOT,
        env=env,
    )
    processes = [server]
    # The task worker (core's ``worker``: django-tasks-db's worker with its heartbeat), as
    # production runs it next to the web server: emails and reminders are its work.
    if has_command(env, "worker"):
        processes.append(
            subprocess.Popen([str(BIN / "python"), "manage.py", "worker"], cwd=ROOT, env=env)
        )
    wait_until_up(f"http://{args.bind}", server)
    return processes


def drain(base: str, timeout: float = 300) -> None:
    """Wait until the server has worked off what the last run left queued (locust stops its
    users, not the requests already sent): the login page answers within 0.25 s twice."""
    deadline, quick = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quick < 2:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=timeout) as answer:  # noqa: S310
                answer.read()
        except OSError:
            time.sleep(1)
            continue
        quick = quick + 1 if time.monotonic() - started < 0.25 else 0
        time.sleep(0.5)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def cpu_reading(processes: list[subprocess.Popen], database: str) -> dict[str, float]:
    import psutil

    server, *rest = processes
    gunicorn = [server.pid, *(child.pid for child in psutil.Process(server.pid).children())]
    # locust runs as a child this script waits for: its CPU is in our children's usage.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    reading = {
        "gunicorn": sum(figures.process_cpu_seconds(pid) for pid in gunicorn),
        "postgres": postgres_cpu_seconds(database),
        "locust": children.ru_utime + children.ru_stime,
    }
    if rest:  # the task worker
        reading["task worker"] = figures.process_cpu_seconds(rest[0].pid)
    reading["machine"] = figures.machine_cpu_seconds()
    return reading


def postgres_cpu_seconds(database: str) -> float:
    """The whole PostgreSQL server's CPU: the postmaster with the backends it has reaped
    (a connection closed after ``CONN_MAX_AGE`` keeps counting) and those alive (backends,
    autovacuum, checkpointer). Only the load test uses the server while it runs."""
    import psutil

    pids = backends(database)
    if not pids:  # no psql or no connection yet: the split shows PostgreSQL as 0
        return 0.0
    try:
        postmaster = psutil.Process(pids[0]).parent()
        alive = postmaster.children()
    except (psutil.Error, AttributeError):  # gone, or no parent
        return 0.0
    return figures.process_cpu_seconds(postmaster.pid) + sum(
        figures.process_cpu_seconds(child.pid) for child in alive
    )


def backends(database: str) -> list[int]:
    """The PostgreSQL server processes serving the load test's database."""
    query = f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'"  # noqa: S608
    try:
        listed = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc", query],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    except OSError:
        return []
    return [int(line) for line in listed.split() if line.strip().isdigit()]


def run_locust(args, env, *, classes, users, seconds, spawn_rate, think, processes):
    """One headless locust run; returns (samples, elapsed seconds, CPU table, start time)."""
    samples_file = Path(tempfile.mkstemp(suffix=".json", prefix="longbien-load-")[1])
    locust_env = {**env, "LOAD_SAMPLES": str(samples_file), "LOAD_THINK": think}
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--host",
        f"http://{args.bind}",
        "-u",
        str(users),
        "-r",
        f"{spawn_rate:.2f}",
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        *classes,
    ]
    drain(f"http://{args.bind}")
    logged = args.access_log.stat().st_size if args.access_log.exists() else 0
    before = cpu_reading(processes, args.database)
    started = time.time()
    # locust itself exits 1 on any failure; the figures say which, so that is not fatal here.
    subprocess.run(command, cwd=ROOT, env=locust_env, check=False, stdout=subprocess.DEVNULL)
    elapsed = time.time() - started
    after = cpu_reading(processes, args.database)
    written = json.loads(samples_file.read_text() or '{"samples": [], "cut": 0}')
    samples_file.unlink()
    samples = [tuple(sample) for sample in written["samples"]]
    with args.access_log.open(encoding="utf-8", errors="replace") as log:
        log.seek(logged)
        served = figures.server_samples(log)
    cpu = figures.cpu_split(before, after, seconds=elapsed)
    cpu = (
        figures.table(
            figures.page_figures(served, seconds=elapsed),
            "Server time per route (gunicorn: from a worker thread taking the request to its "
            "answer; the client's time above adds the wait for a free thread)",
        )
        + cpu
    )
    if written["cut"]:
        cpu = f"\n{written['cut']} request(s) still running when the run ended (not counted)" + cpu
    return samples, elapsed, cpu, started


def main(argv=None) -> int:
    args = parse(argv)
    args.access_log = Path(tempfile.mkdtemp(prefix="longbien-load-")) / "access.log"
    env = environment(args)
    users_csv = prepare(args, env)
    env.update(LOAD_USERS_CSV=str(users_csv), LOAD_PASSWORD=PASSWORD)
    hashers = env.get("LOAD_PASSWORD_HASHERS", "the project's PASSWORD_HASHERS")
    print(
        f"== gunicorn {args.workers} workers x {args.threads} threads on {args.bind}, "
        f"database {args.database}, {args.people} people; hashers: {hashers}; "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    processes = start_server(args, env)
    failed = 0
    try:
        samples, elapsed, cpu, started = run_locust(
            args,
            env,
            classes=["WaveStaff", "WaveReviewer"],
            users=args.users,
            seconds=args.seconds,
            spawn_rate=args.users / args.spawn_seconds,
            think=args.think,
            processes=processes,
        )
        rows = figures.page_figures(samples, seconds=elapsed)
        failed += figures.errors(rows)
        print(figures.table(rows, f"The wave: {args.users} users, {elapsed:.0f} s"))
        if not args.smoke:
            during, after = figures.split_at(samples, started + args.spawn_seconds)
            wave = figures.page_figures(during, seconds=args.spawn_seconds)
            rest = figures.page_figures(after, seconds=max(1.0, elapsed - args.spawn_seconds))
            print(figures.table(wave, f"The wave, first {args.spawn_seconds:.0f} s (logins)"))
            print(figures.table(rest, "The wave, after the logins"))
        print(cpu)
        if not args.smoke:
            throughput = {}
            for classes, page in (
                (["FloorUser"], "login GET"),
                (["SelfFormUser"], "self_form GET"),
            ):
                samples, elapsed, cpu, _started = run_locust(
                    args,
                    env,
                    classes=classes,
                    users=args.sat_users,
                    seconds=args.sat_seconds,
                    spawn_rate=args.sat_users,
                    think="0,0",
                    processes=processes,
                )
                rows = figures.page_figures(samples, seconds=elapsed)
                # After the last login: the self-assessment users log in first.
                logged_in = max(
                    (s[1] + s[2] / 1000 for s in samples if s[0] == "login POST"), default=0.0
                )
                throughput[page] = figures.throughput(samples, page, after=logged_in)
                print(figures.table(rows, f"Saturation, {classes[0]}: {args.sat_users} users"))
                print(cpu)
            floor = throughput["login GET"]
            ratio = throughput["self_form GET"] / floor if floor else 0.0
            print(
                f"\nThe self-assessment page's throughput is {ratio:.0%} of the floor's "
                f"({throughput['self_form GET']:.0f} / {floor:.0f} req/s; target >= 25 %)"
            )
    finally:
        stop(processes)
    if failed:
        print(f"\n{failed} request(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
