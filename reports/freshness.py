"""Report pages are cached until the data under them changes, and not a moment longer.

Rendering a report of a whole city (thousands of table cells, four charts) takes several
times longer than the database needs to compute its figures, and the figures change only
when someone writes. So each page's rendered figures are cached under a key that holds a
**data version**: the :class:`~reports.models.DataVersion` counter, which goes up after every
committed transaction that wrote to a table of units, criteria, evaluations, commitments or
reports.

Writes are noticed where every one of them passes, the database connection: an execute
wrapper (Django's "database instrumentation") on each connection looks at each statement
and, for an INSERT, UPDATE, DELETE or TRUNCATE that names a watched table, asks for a bump
once the transaction commits. ORM saves, ``bulk_create``, ``QuerySet.update``/``delete``,
the roster import and raw SQL (the benchmark data, opening a cycle for a city) all count,
without any of those apps knowing about reports.

Why after the commit: a reader takes the version first and computes afterwards, so it can
only ever store figures that are as new as its version or newer; once the counter has moved
past a write, every reader computes with that write visible. A bump that is lost (a process
killed between its commit and the bump) is bounded by ``REPORTS_CACHE_SECONDS``.
"""

import hashlib
import logging
import re
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.models import F

logger = logging.getLogger(__name__)

WATCHED_APPS = ("units", "criteria", "evaluations", "commitments", "reports")
CACHE_ALIAS = "reports"
_VERSION_PK = 1
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|TRUNCATE|REPLACE|WITH)\b", re.IGNORECASE)
_WRITE_IN_CTE = re.compile(r"\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\S+\s+SET)\b", re.I)


def _version_model():
    return apps.get_model("reports", "DataVersion")


@lru_cache(maxsize=1)
def watched_tables() -> tuple[str, ...]:
    """The tables of the watched apps (many-to-many tables included), not the counter's."""
    own = _version_model()._meta.db_table
    tables = {
        model._meta.db_table
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    tables.discard(own)
    return tuple(sorted(tables))


def writes_watched_table(sql: str) -> bool:
    """Whether ``sql`` may change a row of a watched table (erring on the side of yes)."""
    match = _WRITE.match(sql)
    if match is None:
        return False
    if match.group(1).upper() == "WITH" and not _WRITE_IN_CTE.search(sql):
        return False
    return any(table in sql for table in watched_tables())


def current_version(using: str = "default") -> int:
    """The data version (0 before the first write, e.g. on a just-flushed test database)."""
    number = (
        _version_model()
        .objects.using(using)
        .filter(pk=_VERSION_PK)
        .values_list("number", flat=True)
        .first()
    )
    return number or 0


def bump_version(using: str = "default") -> None:
    """Move the data version on. Run outside any transaction (after the writer's commit)."""
    if _migrating:
        return
    model = _version_model()
    rows = model.objects.using(using).filter(pk=_VERSION_PK)
    try:
        if rows.update(number=F("number") + 1):
            return
        _row, created = model.objects.using(using).get_or_create(
            pk=_VERSION_PK, defaults={"number": 1}
        )
        if not created:  # another process created it meanwhile: count this write too
            rows.update(number=F("number") + 1)
    except DatabaseError:
        logger.warning("report data version not moved on", exc_info=True)


# Migrations write too, some before the counter's table exists: the version moves once
# when they are done instead.
_migrating = False


def pause_during_migrations(sender, **kwargs):
    """``pre_migrate`` receiver."""
    global _migrating
    _migrating = True


def bump_after_migrations(sender, using="default", **kwargs):
    """``post_migrate`` receiver (the counter's table may not exist yet: a partial migrate)."""
    global _migrating
    _migrating = False
    table = _version_model()._meta.db_table
    if table in connections[using].introspection.table_names():
        bump_version(using)


_bumpers = {}


def _bumper(using: str):
    """One callable per database, so that a transaction asks for at most one bump."""
    if using not in _bumpers:

        def bump():
            bump_version(using)

        _bumpers[using] = bump
    return _bumpers[using]


def _bump_pending(connection, bump) -> bool:
    return any(entry[1] is bump for entry in connection.run_on_commit)


def notice_writes(execute, sql, params, many, context):
    """The execute wrapper: run the statement; after a watched write, bump on commit."""
    result = execute(sql, params, many, context)
    if writes_watched_table(sql):
        connection = context["connection"]
        bump = _bumper(connection.alias)
        if not _bump_pending(connection, bump):
            # robust: a failed bump must not turn the writer's committed request into an error.
            transaction.on_commit(bump, using=connection.alias, robust=True)
    return result


def watch_connection(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: put the wrapper first on the connection's list.

    First, because ``connection.execute_wrapper()`` (used by query counters) removes the
    last wrapper of the list when its block ends.
    """
    if notice_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, notice_writes)


def watch_open_connections() -> None:
    for connection in connections.all(initialized_only=True):
        watch_connection(connection=connection)


# The cache of rendered report figures.


def cache_seconds() -> int:
    return getattr(settings, "REPORTS_CACHE_SECONDS", 0)


def cached(key: str):
    return caches[CACHE_ALIAS].get(key)


def store(key: str, value) -> None:
    caches[CACHE_ALIAS].set(key, value, cache_seconds())


def versioned_key(*parts) -> str:
    """A cache key for ``parts`` (what the page depends on) at the current data version."""
    raw = "\x1f".join(str(part) for part in (current_version(), *parts))
    return "reports:" + hashlib.sha256(raw.encode()).hexdigest()
