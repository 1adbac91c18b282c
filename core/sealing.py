"""Seals on rows: once a row is sealed (signed, signed off), what its seal covers no longer
changes, whether through the model's ``save()``/``delete()``, a queryset's bulk writes
(``update()``, ``delete()``, ``bulk_create()``, ``bulk_update()``) or the base manager.

Each app says which lookup picks the sealed rows and which fields the seal covers. These
guards give clear messages on every database; on PostgreSQL the tables' triggers (each
app's ``*_database_seal`` migration, see docs/integrity.md) refuse the same changes
whoever sends them, and :func:`lift_database_seal` is the one way to let them through.
"""

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.transaction import TransactionManagementError

from .errors import AppendOnlyError, SealedError

#: The PostgreSQL setting the triggers read: ``on`` lets sealed rows change, for the
#: transaction that set it (``set_config(…, true)``) and no longer.
SEAL_SETTING = "longbien.unseal"


# Named like a function: it is called like one, or used as a context manager.
class lift_database_seal:
    """Let this transaction change sealed rows on PostgreSQL (a no-op elsewhere).

    Called inside ``transaction.atomic``: the lift lasts until that transaction ends
    (commit or rollback; PostgreSQL forgets a transaction-local setting), or, used as
    ``with lift_database_seal():``, until the block ends without an error. Only audited
    services call it (``evaluation_reopen``), and scripts that build or remove generated
    data. The audit tables stay append-only whatever it says.
    """

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.connection = connections[using]
        if not self.connection.in_atomic_block:
            raise TransactionManagementError(
                "lift_database_seal() lifts the seal for one transaction: "
                "call it inside transaction.atomic()."
            )
        self._set("on")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        # After an error, or when the block is to be rolled back, the transaction (or
        # savepoint) is rolled back and the setting with it; nothing may be sent now.
        if exc_type is None and not self.connection.needs_rollback:
            self._set("off")

    def _set(self, value: str) -> None:
        if self.connection.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SEAL_SETTING, value])


def _base_name(field: str) -> str:
    # ``person`` and ``person_id`` name the same column.
    return field.removesuffix("_id")


class SealedQuerySet(models.QuerySet):
    """A queryset whose ``update()``, ``delete()``, ``bulk_update()`` and ``bulk_create()``
    refuse to touch sealed rows.

    Models should also name it their base manager (``Meta.base_manager_name``), so that
    ``Model._base_manager`` is guarded too.
    """

    #: The filter that picks the sealed rows, e.g. ``{"state__in": ("signed_off",)}``.
    sealed_lookup: dict = {}
    #: The fields an update may not change on a sealed row; ``None``: every field.
    sealed_fields: tuple[str, ...] | None = None
    #: Whether a bulk delete of sealed rows is refused too.
    seals_delete = True
    #: For rows that belong to a sealed row (an assessment to its evaluation): the foreign
    #: key to that owner, whose default manager is a SealedQuerySet. ``bulk_create()``
    #: refuses new rows under a sealed owner.
    seal_owner = ""
    sealed_error: type[Exception] = SealedError

    def sealed(self):
        """The sealed rows among these."""
        return self.filter(**self.sealed_lookup)

    def update(self, **kwargs):
        if self._touches_sealed_fields(kwargs) and self.sealed().exists():
            raise self.sealed_error()
        return super().update(**kwargs)

    def delete(self):
        if self.seals_delete and self.sealed().exists():
            raise self.sealed_error()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if self.seal_owner:
            field = self.model._meta.get_field(self.seal_owner)
            owners = {getattr(obj, field.attname) for obj in objs} - {None}
            owner_rows = field.related_model._default_manager.filter(pk__in=owners)
            if owners and owner_rows.sealed().exists():
                raise self.sealed_error()
        return super().bulk_create(objs, *args, **kwargs)

    def _touches_sealed_fields(self, fields) -> bool:
        if self.sealed_fields is None:
            return True
        covered = {_base_name(field) for field in self.sealed_fields}
        return any(_base_name(field) in covered for field in fields)


def _set_null_fields(model) -> set[str]:
    """The foreign keys that Django's deletion collector sets to NULL (``SET_NULL``)."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and getattr(field.remote_field, "on_delete", None) is models.SET_NULL
    }


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk writes refuse: an audit table is only ever added to.

    The one update let through is the deletion collector's: when the user (or content type)
    a row names is deleted, its ``SET_NULL`` keys become NULL, and the row keeps the rest
    (the login name, the object's text). The PostgreSQL triggers allow the same and nothing
    more, whatever :func:`lift_database_seal` says.
    """

    def update(self, **kwargs):
        nullable = _set_null_fields(self.model)
        if not kwargs or any(
            name not in nullable or value is not None for name, value in kwargs.items()
        ):
            raise AppendOnlyError()
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnlyError()

    def bulk_update(self, objs, fields, *args, **kwargs):
        raise AppendOnlyError()


class AppendOnlyModel(models.Model):
    """A row that is added once and never saved again nor deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError()
        kwargs.pop("force_insert", None)
        kwargs.pop("force_update", None)
        super().save(*args, force_insert=True, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError()


class PartOfFrozenModel(models.Model):
    """A row that belongs to something that stops changing as a whole (a signed-off
    evaluation, a criteria set in use): ``save()`` and ``delete()`` raise ``frozen_error``
    while ``frozen_owners()`` finds the whole it belongs to frozen (each app names its error)."""

    frozen_error: type[Exception]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def frozen_owners(self) -> models.QuerySet:
        """The frozen rows (at most one) this row belongs to."""
        raise NotImplementedError

    def _refuse_if_frozen(self) -> None:
        if self.frozen_owners().exists():
            raise self.frozen_error()


class SealedModel(models.Model):
    """A model whose ``save()`` and ``delete()`` refuse to change a sealed row.

    Its default manager must come from a :class:`SealedQuerySet`. Setting ``_unsealing``
    on an instance lets the one service that lifts a seal save it.
    """

    #: What the seal covers: these values never change once the row is sealed.
    seal_covers: tuple[str, ...] = ()
    #: A state field that may still move once sealed, and to which states only.
    seal_state_field = ""
    seal_state_moves: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and not getattr(self, "_unsealing", False):
            self._refuse_sealed_changes()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored().exists():
            raise self._sealed_error()
        return super().delete(*args, **kwargs)

    def _stored(self):
        return type(self)._default_manager.filter(pk=self.pk).sealed()

    def _sealed_error(self) -> Exception:
        return self._stored().sealed_error()

    def _refuse_sealed_changes(self) -> None:
        state = (self.seal_state_field,) if self.seal_state_field else ()
        stored = self._stored().values(*state, *self.seal_covers).first()
        if stored is None:
            return
        if any(stored[field] != getattr(self, field) for field in self.seal_covers):
            raise self._sealed_error()
        if state:
            allowed = {stored[self.seal_state_field], *self.seal_state_moves}
            if getattr(self, self.seal_state_field) not in allowed:
                raise self._sealed_error()
