"""Domain errors of the commitments: each carries a translated message and a code."""

from django.utils.translation import gettext_lazy as _

from core import errors


class CommitmentError(errors.DomainError):
    """A commitment action was refused; the message says why, in the user's language."""


# The core class comes first so that its default message and code win over the app base's.
class WrongStateError(errors.WrongStateError, CommitmentError):
    pass


class NotAllowedError(errors.NotAllowedError, CommitmentError):
    pass


class SignedError(errors.SealedError, CommitmentError):
    """Raised on any attempt to change a signed commitment."""

    default_message = _("This commitment has been signed and can no longer be changed.")
    default_code = "signed"
