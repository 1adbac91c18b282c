"""The one writer of the central audit log (:class:`core.models.AuditLog`), the middleware that
lets it know the current request, and the receivers of the authentication and account events.

Every app writes its entries through :func:`audit_log`. ``core`` imports no project app: a
caller passes the unit (anything with ``path`` and ``block``), and the app that knows which
unit a login belongs to registers it with :func:`register_unit_of_user` (``units`` does).
"""

import contextvars
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_init, post_save

from .lockout import client_ip
from .models import AuditLog, recorded_user

Action = AuditLog.Action

# Keys never kept in ``data``, at any depth, whatever a caller passes.
SECRET_WORDS = ("password", "secret", "token", "csrf")
USER_AGENT_LENGTH = AuditLog._meta.get_field("user_agent").max_length
REPR_LENGTH = AuditLog._meta.get_field("object_repr").max_length

_current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)
_unit_of_user: list[Callable[[Any], Any]] = []


# --- the current request ---------------------------------------------------------------------


class AuditRequestMiddleware:
    """Remembers the request being answered, so that entries written deep in services (which
    get an actor, not a request) still record the address and browser it came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request():
    """The request this thread or task is answering (None outside a request)."""
    return _current_request.get()


# --- the writer ------------------------------------------------------------------------------


def register_unit_of_user(func: Callable[[Any], Any]) -> None:
    """Let ``func(user) -> unit or None`` say which unit a login's events belong to."""
    _unit_of_user[:] = [func]


def unit_of_user(user) -> Any:
    """The unit registered for ``user`` (None without one, or for no user)."""
    if not getattr(user, "pk", None) or not _unit_of_user:
        return None
    return _unit_of_user[0](user)


def scrub(data: Any) -> Any:
    """``data`` without any key that names a secret (``password``, ``token``…), at any depth."""
    if isinstance(data, dict):
        return {
            str(key): scrub(value)
            for key, value in data.items()
            if not any(word in str(key).lower() for word in SECRET_WORDS)
        }
    if isinstance(data, list | tuple):
        return [scrub(value) for value in data]
    return data


def audit_log(
    *,
    action: str,
    actor=None,
    request=None,
    obj=None,
    unit=None,
    data: dict | None = None,
    username: str = "",
) -> AuditLog:
    """Add one entry to the audit log and return it.

    ``actor`` defaults to the request's logged-in user; ``request`` to the current one (see
    :class:`AuditRequestMiddleware`), which gives the address and browser. ``unit`` is
    anything with ``path`` and ``block`` (a unit); ``obj`` any model instance. ``username``
    names an actor that is not a user (a failed login's name). ``data`` is stored as JSON,
    never with a key that names a password. Written in the caller's transaction: an entry of
    something rolled back is rolled back with it.
    """
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            actor = user
    actor = actor if getattr(actor, "pk", None) else None
    entry = AuditLog(
        action=action,
        actor=actor,
        actor_username=actor.get_username() if actor is not None else username[:150],
        data=scrub(data or {}),
    )
    if obj is not None and getattr(obj, "pk", None) is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:REPR_LENGTH]
    if unit is not None:
        entry.unit_path = getattr(unit, "path", "") or ""
        entry.unit_block = getattr(unit, "block", "") or ""
    if request is not None:
        entry.ip_address = client_ip(request)
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
    entry.save()
    return entry


def record_workflow(*, app: str, step: str, actor, obj, unit=None, data=None) -> AuditLog:
    """The central entry of one workflow step (the apps keep their own lines as well)."""
    return audit_log(
        action=Action.WORKFLOW,
        actor=actor,
        obj=obj,
        unit=unit,
        data={"app": app, "step": step, **(data or {})},
    )


def record_step(
    entries, *, app: str, step: str, actor, obj, unit=None, data=None, central_data=None, **fields
):
    """A workflow step recorded twice: the central entry (:func:`record_workflow`, with
    ``central_data`` if given, else ``data``) and the app's own line, a row of ``entries`` (an
    :class:`core.models.AuditEntryBase` model) with ``fields``."""
    central = data if central_data is None else central_data
    record_workflow(app=app, step=step, actor=actor, obj=obj, unit=unit, data=central)
    return entries.objects.create(
        actor=recorded_user(actor), action=step, data=data or {}, **fields
    )


def record_export(*, request, name: str, unit=None, obj=None, data=None) -> AuditLog:
    """The entry of a download or print page of personal data (``name``: which one)."""
    return audit_log(
        action=Action.EXPORT,
        request=request,
        obj=obj,
        unit=unit,
        data={"export": name, **(data or {})},
    )


def record_print(*, request, obj, unit=None) -> AuditLog:
    """The entry of a print page (A4) of one person's record."""
    return audit_log(action=Action.PRINT, request=request, obj=obj, unit=unit)


# --- authentication and accounts -------------------------------------------------------------

# The user fields whose change is an account change (the password is recorded apart).
WATCHED_USER_FIELDS = ("is_active", "is_staff", "is_superuser")


def _logged_in(sender, request, user, **kwargs):
    audit_log(action=Action.LOGIN, actor=user, request=request, unit=unit_of_user(user))


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action=Action.LOGOUT, actor=user, request=request, unit=unit_of_user(user))


def _audit_username(action, request, username, **kwargs):
    """An entry for a login name typed in: its account, if there is one, is the actor."""
    username = str(username or "")
    user = get_user_model()._default_manager.filter(username=username).first()
    audit_log(
        action=action,
        actor=user,
        request=request,
        unit=unit_of_user(user),
        username=username,
        **kwargs,
    )


def _login_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "audit_password_reentry", False):
        return  # core.passwords records its own refusal (PASSWORD_REFUSED)
    _audit_username(Action.LOGIN_FAILED, request, (credentials or {}).get("username"))


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    _audit_username(
        Action.LOCKED_OUT,
        request,
        username,
        data={"reentry": getattr(request, "audit_password_reentry", False)},
    )


def _remember_user(sender, instance, **kwargs):
    """Remember the watched fields and the password hash as loaded (deferred ones not)."""
    loaded = instance.__dict__
    instance._audit_loaded = {
        name: loaded[name] for name in (*WATCHED_USER_FIELDS, "password") if name in loaded
    }


def _user_saved(sender, instance, created, **kwargs):
    request = current_request()
    actor = getattr(request, "user", None) if request is not None else None
    actor = actor if getattr(actor, "is_authenticated", False) else None
    unit = unit_of_user(instance)
    before = getattr(instance, "_audit_loaded", {})
    _remember_user(sender, instance)
    if created:
        audit_log(
            action=Action.USER_CREATED,
            actor=actor,
            obj=instance,
            unit=unit,
            data={name: getattr(instance, name) for name in WATCHED_USER_FIELDS},
        )
        return
    changes = {
        name: {"before": before[name], "after": getattr(instance, name)}
        for name in WATCHED_USER_FIELDS
        if name in before and before[name] != getattr(instance, name)
    }
    if changes:
        audit_log(action=Action.USER_CHANGED, actor=actor, obj=instance, unit=unit, data=changes)
    if _password_set(instance, before):
        # Chosen by the user themselves, or set for them (an administrator, a script).
        own = actor is not None and actor.pk == instance.pk
        audit_log(
            action=Action.PASSWORD_CHANGED if own else Action.PASSWORD_RESET,
            actor=actor,
            obj=instance,
            unit=unit,
        )


def _password_set(user, before: dict) -> bool:
    """Whether this save stores a password someone set (not the same password rehashed at
    login: Django upgrades the hash after forgetting the raw password, ``_password``)."""
    if "password" not in before or before["password"] == user.password:
        return False
    return getattr(user, "_password", None) is not None or not user.has_usable_password()


def connect() -> None:
    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="core.audit.logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="core.audit.logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="core.audit.login_failed")
    post_init.connect(_remember_user, sender=user_model, dispatch_uid="core.audit.user_loaded")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="core.audit.user_saved")
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="core.audit.locked_out")
