"""Change a row behind every guard, as an operator with database access would.

On PostgreSQL the database's seal (triggers) refuses an UPDATE of a sealed row unless
``longbien.unseal`` is set in the same transaction; setting it is harmless where no trigger
exists, so these helpers work before and after the triggers.
"""

from django.db import connection, transaction

UNSEAL = "SELECT set_config('longbien.unseal', 'on', true)"


def raw_update(table: str, pk: int, **values) -> None:
    """``UPDATE table SET … WHERE id = pk`` in raw SQL, the seal lifted by hand first."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in values)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(UNSEAL)
        cursor.execute(
            f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
            [*values.values(), pk],
        )
