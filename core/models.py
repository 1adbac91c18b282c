"""Abstract models every app repeats (creation and update times, the audit line, the field
of the user who did something: no table, the apps' migrations stay as they are), and what
the project keeps about a login beyond Django's ``User`` (one row per user, made when first
needed).
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


class AccountSecurity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_security",
    )
    # Every session remembers the epoch it started in; raising it ends them all, for good
    # (an old cookie does not come back when the account is active again).
    session_epoch = models.PositiveIntegerField(_("session epoch"), default=0)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for a one-time password: the user must choose their own first."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")

    def __str__(self):
        return str(self.user)
