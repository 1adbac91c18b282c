"""Domain errors of the evaluations: each carries a translated message and a code."""

from django.utils.translation import gettext_lazy as _

from core import errors


class EvaluationError(errors.DomainError):
    """An evaluation action was refused; the message says why, in the user's language."""


# The core class comes first so that its default message and code win over the app base's.
class WrongStateError(errors.WrongStateError, EvaluationError):
    default_message = _("This action is not possible in the evaluation's current state.")


class NotAllowedError(errors.NotAllowedError, EvaluationError):
    pass


class DeadlinePassedError(EvaluationError):
    default_message = _("The deadline has passed and this cycle refuses late submissions.")
    default_code = "deadline"


class ScoreError(EvaluationError):
    default_message = _("A score is not valid.")
    default_code = "score"
