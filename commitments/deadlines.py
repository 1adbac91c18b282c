"""Deadlines are local dates in Hà Nội: a whole day counts, up to 23:59:59 local time."""

import datetime

from core.time import local_today, start_of_day

__all__ = ["FIRST_YEAR", "deadline_end", "is_after", "local_today", "propose_deadlines"]

FIRST_YEAR = 2021  # Decision 264/QĐ-QU applies from 01/10/2021


def propose_deadlines(year: int) -> tuple[datetime.date, datetime.date]:
    """(unit hand-in deadline, final deadline) of the source documents for ``year``.

    2021: hand in to the office by 8/10, everything signed by 10/10 (plan 05-KH/BCN).
    From 2022: everything signed by 30/1 of the year. An administrator may change both.
    """
    if year < FIRST_YEAR:
        raise ValueError(f"Commitments start in {FIRST_YEAR}.")
    if year == FIRST_YEAR:
        return datetime.date(2021, 10, 8), datetime.date(2021, 10, 10)
    return datetime.date(year, 1, 30), datetime.date(year, 1, 30)


def deadline_end(deadline: datetime.date) -> datetime.datetime:
    """The first instant after the deadline day: midnight local time the next day."""
    return start_of_day(deadline + datetime.timedelta(days=1))


def is_after(moment: datetime.datetime, deadline: datetime.date) -> bool:
    """Whether ``moment`` falls after the deadline day (23:59:59 is on time, 00:00 late)."""
    return moment >= deadline_end(deadline)
