"""What the project keeps about a login beyond Django's ``User``: one row per user, made
when first needed (most users never have one until something happens to their account).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
