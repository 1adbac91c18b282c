"""Account security: sessions that end for good, and one-time passwords that must be changed.

``core`` knows no project app: other apps call these functions (``units`` when a person
stops being active or gets a generated password); the receivers here watch ``User``.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.db.models.signals import post_init, post_save
from django.utils import timezone

from .models import AccountSecurity

# Keys of what a session remembers about itself (see core.middleware).
LOGIN_AT = "core.login_at"
SEEN_AT = "core.seen_at"
EPOCH = "core.session_epoch"


def security_of(user) -> AccountSecurity | None:
    """The user's row, from the cache the backend filled (None when there is none yet)."""
    return getattr(user, "account_security", None)


def account_sessions_end(*, user_id: int) -> None:
    """End every session of the login ``user_id`` now and for good."""
    _security, created = AccountSecurity.objects.get_or_create(
        user_id=user_id, defaults={"session_epoch": 1}
    )
    if not created:
        AccountSecurity.objects.filter(pk=user_id).update(session_epoch=F("session_epoch") + 1)


def account_require_password_change(*, user) -> None:
    """The user must choose a new password before they can use any page."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


def account_password_changed(*, user) -> None:
    """The user chose their own password: nothing more is required of them."""
    AccountSecurity.objects.filter(user=user, must_change_password=True).update(
        must_change_password=False
    )


def session_epoch(user) -> int:
    security = security_of(user)
    return security.session_epoch if security else 0


def _session_started(sender, request, user, **kwargs):
    if not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    epoch = (
        AccountSecurity.objects.filter(user_id=user.pk)
        .values_list("session_epoch", flat=True)
        .first()
    )
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[EPOCH] = epoch or 0


def remember_active(sender, instance, **kwargs):
    """Remember ``is_active`` as loaded (without loading a deferred field)."""
    instance._loaded_is_active = instance.__dict__.get("is_active")


def active_changed(instance) -> bool:
    """True when ``is_active`` differs from what was loaded (False for new objects)."""
    loaded = getattr(instance, "_loaded_is_active", None)
    changed = loaded is not None and loaded != instance.is_active
    instance._loaded_is_active = instance.is_active
    return changed


def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    # Deactivation and reactivation both end the sessions: deactivation by a bulk update
    # that sent no signal still cannot bring an old cookie back.
    if active_changed(instance):
        account_sessions_end(user_id=instance.pk)


def connect() -> None:
    user_model = get_user_model()
    user_logged_in.connect(_session_started, dispatch_uid="core.session_started")
    post_init.connect(remember_active, sender=user_model, dispatch_uid="core.user_active")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="core.user_saved")
