"""Domain errors of the evaluations: each carries a translated message and a code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class EvaluationError(ValidationError):
    """An evaluation action was refused; the message says why, in the user's language."""

    default_message = _("This action is not possible.")
    default_code = "refused"

    def __init__(self, message=None, code=None, params=None):
        super().__init__(message or self.default_message, code or self.default_code, params)


class WrongStateError(EvaluationError):
    default_message = _("This action is not possible in the evaluation's current state.")
    default_code = "wrong_state"


class NotAllowedError(EvaluationError):
    default_message = _("You are not allowed to do this.")
    default_code = "not_allowed"


class DeadlinePassedError(EvaluationError):
    default_message = _("The deadline has passed and this cycle refuses late submissions.")
    default_code = "deadline"


class ScoreError(EvaluationError):
    default_message = _("A score is not valid.")
    default_code = "score"
