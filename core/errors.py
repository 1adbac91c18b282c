"""The base of every app's domain errors: a refusal with a translated message and a code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(ValidationError):
    """An action was refused; the message says why, in the user's language.

    Subclasses set ``default_message`` and ``default_code``; a raise may give its own.
    """

    default_message = _("This action is not possible.")
    default_code = "refused"

    def __init__(self, message=None, code=None, params=None):
        super().__init__(message or self.default_message, code or self.default_code, params)


class NotAllowedError(DomainError):
    """The actor may not take this action (whatever the state)."""

    default_message = _("You are not allowed to do this.")
    default_code = "not_allowed"


class WrongStateError(DomainError):
    """The object's state does not allow this action."""

    default_message = _("This action is not possible in the current state.")
    default_code = "wrong_state"


class SealedError(DomainError):
    """Something sealed (signed, signed off) was about to change (the message is the base's:
    each app's subclass says what was sealed)."""

    default_code = "sealed"


class AppendOnlyError(DomainError):
    """A record that is only ever added to (the audit log) was about to change or vanish."""

    default_message = _("Audit log entries are never changed or deleted.")
    default_code = "append_only"
