"""Domain errors of the commitments: each carries a translated message and a code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CommitmentError(ValidationError):
    """A commitment action was refused; the message says why, in the user's language."""

    default_message = _("This action is not possible.")
    default_code = "refused"

    def __init__(self, message=None, code=None, params=None):
        super().__init__(message or self.default_message, code or self.default_code, params)


class WrongStateError(CommitmentError):
    default_message = _("This action is not possible in the current state.")
    default_code = "wrong_state"


class NotAllowedError(CommitmentError):
    default_message = _("You are not allowed to do this.")
    default_code = "not_allowed"


class SignedError(CommitmentError):
    """Raised on any attempt to change a signed commitment."""

    default_message = _("This commitment has been signed and can no longer be changed.")
    default_code = "signed"
