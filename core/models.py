"""Abstract models every app repeats: creation and update times, the audit line, and the
field of the user who did something.

Abstract: they add no table, and the apps' migrations stay as they are.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def recorded_user(actor):
    """The user to record for ``actor``: ``None`` for an anonymous user or the system."""
    return actor if getattr(actor, "pk", None) else None


def user_reference(verbose_name, *, on_delete=models.PROTECT, optional=False):
    """The login account that did something to a row (signed, recorded, confirmed it).

    Not followed back from the user (``related_name="+"``): a user's actions are found in the
    rows, not on the user. ``optional`` when the row may not have it (yet).
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=on_delete,
        related_name="+",
        **({"null": True, "blank": True} if optional else {}),
    )


class CreatedAtModel(models.Model):
    """A row that remembers when it was created."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedAtModel):
    """A row that remembers when it was created and last saved."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntryBase(CreatedAtModel):
    """One line per action: who did it, what it was, and what it recorded.

    Each app adds what the action was done to; its ``Meta`` inherits this one's ordering.
    """

    actor = user_reference(_("actor"), on_delete=models.SET_NULL, optional=True)
    action = models.CharField(_("action"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.action
