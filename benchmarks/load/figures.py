"""The load test's figures from locust's raw samples, and the CPU split of the machine.

Pure functions over lists, so that tests can check them with made-up samples.
"""

import math
import os
import re
from dataclasses import dataclass

Sample = tuple[str, float, float, bool]  # page, start (epoch s), milliseconds, failed


@dataclass(frozen=True)
class PageFigures:
    page: str
    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of ``values``; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def page_figures(samples: list[Sample], *, seconds: float) -> list[PageFigures]:
    """Per page (sorted by name) then "all": requests per second over ``seconds``, the
    50th/95th/99th percentiles in milliseconds and the number of failed answers."""
    by_page: dict[str, list[Sample]] = {}
    for sample in samples:
        by_page.setdefault(sample[0], []).append(sample)
    rows = []
    for page in [*sorted(by_page), "all"]:
        chosen = samples if page == "all" else by_page[page]
        times = [sample[2] for sample in chosen]
        rows.append(
            PageFigures(
                page=page,
                requests=len(chosen),
                per_second=len(chosen) / seconds if seconds > 0 else 0.0,
                p50=percentile(times, 0.50),
                p95=percentile(times, 0.95),
                p99=percentile(times, 0.99),
                errors=sum(1 for sample in chosen if sample[3]),
            )
        )
    return rows


def split_at(samples: list[Sample], moment: float) -> tuple[list[Sample], list[Sample]]:
    """The samples started before ``moment`` and those started at or after it."""
    before = [sample for sample in samples if sample[1] < moment]
    after = [sample for sample in samples if sample[1] >= moment]
    return before, after


def table(rows: list[PageFigures], title: str) -> str:
    lines = [
        f"\n{title}",
        "| page | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.page} | {row.requests} | {row.per_second:.1f} | {row.p50:.0f} | "
            f"{row.p95:.0f} | {row.p99:.0f} | {row.errors} |"
        )
    return "\n".join(lines)


# gunicorn's access line in the load test: method, path, status, milliseconds the worker
# spent on the request (from picking it up to the answer: the queue before is not in it).
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(M)s"
_ACCESS_LINE = re.compile(r"^([A-Z]+) (\S+) (\d{3}) (\d+)$")
_ID = re.compile(r"/\d+(?=/|$)")


def server_samples(lines) -> list[Sample]:
    """The server's own time per request from gunicorn's access lines (``ACCESS_FORMAT``),
    as samples named by method and route (ids written ``<id>``); failed = a 5xx."""
    samples = []
    for line in lines:
        found = _ACCESS_LINE.match(line.strip())
        if found:
            method, path, status, milliseconds = found.groups()
            route = _ID.sub("/<id>", path)
            samples.append((f"{method} {route}", 0.0, float(milliseconds), status >= "500"))
    return samples


def errors(rows: list[PageFigures]) -> int:
    return next((row.errors for row in rows if row.page == "all"), 0)


# --- CPU ------------------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (and its waited-for children), from /proc;
    0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0.0
    # After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    return sum(int(value) for value in fields[11:15]) / TICKS


def machine_cpu_seconds() -> float:
    """Busy CPU seconds of the whole machine (all cores) since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        values = [int(value) for value in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / TICKS


def cpu_split(before: dict[str, float], after: dict[str, float], *, seconds: float) -> str:
    """Who used the CPU between two readings {"gunicorn": s, "postgres": s, "locust": s,
    "machine": s}: seconds and share of the machine's busy time; "others" is the rest (the
    other work on this machine)."""
    used = {name: max(0.0, after.get(name, 0.0) - before.get(name, 0.0)) for name in after}
    machine = used.pop("machine", 0.0)
    used["others"] = max(0.0, machine - sum(used.values()))
    cores = os.cpu_count() or 1
    lines = [
        f"\nCPU over {seconds:.0f} s on {cores} cores ({machine:.1f} busy core-seconds of "
        f"{seconds * cores:.0f})",
        "| process | core-seconds | share of busy |",
        "|---|---:|---:|",
    ]
    for name, value in used.items():
        share = value / machine * 100 if machine else 0.0
        lines.append(f"| {name} | {value:.1f} | {share:.0f} % |")
    return "\n".join(lines)


def throughput(samples: list[Sample], page: str, *, after: float = 0.0) -> float:
    """Answers per second of ``page`` from its first request (started at or after ``after``)
    to its last answer, so that the users' logins before it do not count as its time."""
    chosen = [sample for sample in samples if sample[0] == page and sample[1] >= after]
    if len(chosen) < 2:
        return 0.0
    first = min(sample[1] for sample in chosen)
    last = max(sample[1] + sample[2] / 1000 for sample in chosen)
    return len(chosen) / (last - first) if last > first else 0.0
