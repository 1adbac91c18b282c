"""Database helpers every app repeats: one-statement bulk inserts and row locks."""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, models
from django.db.models import DateTimeField, F, Value

from .models import recorded_user


def insert_into(model: type[models.Model], fields: Iterable[str]) -> str:
    """The opening ``INSERT INTO table (columns)`` of a statement writing ``model``'s rows.

    ``fields`` are field names or attnames (``person`` or ``person_id``); names are quoted
    for the current database. Raw ``INSERT … SELECT`` statements start with it.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names})"


def insert_select(model: type[models.Model], columns: dict, source: models.QuerySet) -> int:
    """INSERT INTO ``model``'s table (columns) SELECT … FROM ``source``, in one statement.

    ``columns`` maps a field name of ``model`` to an expression over ``source``'s rows. One
    query whatever the number of rows (``bulk_create`` needs one per batch, and SQLite's
    parameter limit makes its batches small). Returns the number of rows inserted.
    """
    aliases = {f"_c{index:02d}": expression for index, expression in enumerate(columns.values())}
    select = source.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{insert_into(model, columns)} {sql}", params)
        return cursor.rowcount


def insert_grouped(
    model: type[models.Model], keys: dict, totals: dict, source: models.QuerySet
) -> int:
    """INSERT INTO ``model``'s table one row per group of ``source``'s rows, in one statement.

    ``keys`` maps fields of ``model`` to the expressions rows are grouped by, ``totals``
    fields to aggregates over each group (``INSERT … SELECT … GROUP BY``). Returns the
    number of rows inserted.
    """
    key_aliases = {f"_k{index:02d}": expression for index, expression in enumerate(keys.values())}
    total_aliases = {f"_t{index:02d}": value for index, value in enumerate(totals.values())}
    select = (
        source.order_by()
        .annotate(**key_aliases)
        .values(*key_aliases)
        .annotate(**total_aliases)
        .values_list(*key_aliases, *total_aliases)
    )
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{insert_into(model, [*keys, *totals])} {sql}", params)
        return cursor.rowcount


def insert_history_created(
    model: type[models.Model], source: models.QuerySet, *, when: datetime, actor
) -> int:
    """The django-simple-history "created" rows of ``source``'s rows, in one statement.

    Rows written by :func:`insert_select` bypass the signals that would record them.
    """
    fields = [field.attname for field in model._meta.concrete_fields]
    return insert_select(
        model.history.model,
        {
            **{name: F(name) for name in fields},
            "history_date": Value(when, output_field=DateTimeField()),
            "history_type": Value("+"),
            "history_user_id": Value(getattr(recorded_user(actor), "pk", None)),
        },
        source,
    )


def for_update(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` locking its rows until the transaction ends, not the joined ones.

    Where the database cannot lock only the main table (``OF``), the joined rows are
    locked too; SQLite ignores row locks altogether.
    """
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",))
    return queryset.select_for_update()


def lock(queryset: models.QuerySet, pk) -> models.Model:
    """Row ``pk`` of ``queryset``, locked until the transaction ends (see :func:`for_update`)."""
    return for_update(queryset).get(pk=pk)
