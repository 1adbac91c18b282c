"""Which migrations a database has, read against the migration files of this code.

A squashed migration stands for the chain it ``replaces``: a database (or a backup) that
applied the whole chain has the squash, whether or not its own name is recorded yet (Django
records it at the next ``migrate``); one that applied only part of the chain is stuck
(``core.checks``).
"""

from django.db.migrations.loader import MigrationLoader

Key = tuple[str, str]


def _disk_migrations() -> dict:
    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations


def known_migrations() -> set[Key]:
    """Every migration this code has, and every one its squashed migrations replace."""
    disk = _disk_migrations()
    return set(disk) | {key for migration in disk.values() for key in migration.replaces or ()}


def pending_migrations(applied: set[Key]) -> list[Key]:
    """The migrations of this code the database does not have (see the module's note)."""
    return sorted(
        key
        for key, migration in _disk_migrations().items()
        if key not in applied and not (migration.replaces and set(migration.replaces) <= applied)
    )


def part_way_squashes(applied: set[Key]) -> list[tuple[str, str, list[str]]]:
    """(app, squashed migration, the replaced ones not applied) where only some are applied."""
    found = []
    for (app, name), migration in sorted(_disk_migrations().items()):
        replaced = set(migration.replaces or ())
        if replaced & applied and not replaced <= applied:
            found.append((app, name, sorted(n for _app, n in replaced - applied)))
    return found
