"""Seals on rows: once a row is sealed (signed, signed off), what its seal covers no longer
changes, whether through the model's ``save()``/``delete()`` or a queryset's bulk writes.

Each app says which lookup picks the sealed rows and which fields the seal covers. These
guards give clear messages; the database's own triggers are the last line.
"""

from django.db import models

from .errors import SealedError


def _base_name(field: str) -> str:
    # ``person`` and ``person_id`` name the same column.
    return field.removesuffix("_id")


class SealedQuerySet(models.QuerySet):
    """A queryset whose ``update()`` and ``delete()`` refuse to touch sealed rows."""

    #: The filter that picks the sealed rows, e.g. ``{"state__in": ("signed_off",)}``.
    sealed_lookup: dict = {}
    #: The fields an update may not change on a sealed row; ``None``: every field.
    sealed_fields: tuple[str, ...] | None = None
    #: Whether a bulk delete of sealed rows is refused too.
    seals_delete = True
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

    def _touches_sealed_fields(self, fields) -> bool:
        if self.sealed_fields is None:
            return True
        covered = {_base_name(field) for field in self.sealed_fields}
        return any(_base_name(field) in covered for field in fields)


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
