"""A realistic organisation for benchmarks and report tests, written in bulk.

:func:`build` creates a district (or, past a few thousand people, a city of districts) of
units, people, finished evaluations with scores and result levels, and yearly commitments.
People come in by ``bulk_create``; evaluations, assessments, scores and commitments by
``INSERT … SELECT`` (see :mod:`benchmarks.benchdata.sql`), so the number of statements does not
grow with the number of people. Everything is marked by the unit code prefix ``BM``.
"""

from .build import BENCH_PREFIX, BenchSummary, build, exists, reset

__all__ = ["BENCH_PREFIX", "BenchSummary", "build", "exists", "reset"]
