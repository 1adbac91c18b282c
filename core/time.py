"""Dates as Hà Nội lives them: deadlines are local dates in ``settings.TIME_ZONE``
(Asia/Ho_Chi_Minh), whatever zone the server or the current request is in.
"""

import datetime
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The project's zone (``settings.TIME_ZONE``)."""
    return _zone(settings.TIME_ZONE)


def local_today() -> datetime.date:
    """Today in the project's zone."""
    return timezone.localdate(timezone.now(), local_zone())


def local_date(moment: datetime.datetime) -> datetime.date:
    """The local calendar day of ``moment``."""
    return timezone.localtime(moment, local_zone()).date()


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight local time at the start of ``day``."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_zone())
