"""What every evaluation page shares: loading an evaluation behind a permission (404 when
refused), showing a domain error as a message, and refusing a form posted twice (the
one-time form tokens of ``core.views``, re-exported here).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.views import View

from core.views import (  # noqa: F401 (re-exported for the evaluation views)
    consume_form_token,
    new_form_token,
    refuse_repeated_post,
)
from units.permissions import ObjectPermissionMixin
from units.selectors import person_for

from .. import selectors
from ..models import SEALED_STATES, Evaluation

EVALUATION_RELATED = (
    "cycle",
    "person",
    "person__user",
    "unit",
    "unit__parent",
    "criteria_set",
    "final_level",
    "reviewer",
    "signed_by",
    "signed_by__person",
)


def current_person_or_404(user):
    person = person_for(user)
    if person is None:
        raise Http404
    return person


def error_text(error: ValidationError) -> str:
    """A domain error's message(s), translated, as one line."""
    return " ".join(str(message) for message in error.messages)


def show_error(request, error: ValidationError) -> None:
    messages.error(request, error_text(error))


class EvaluationMixin(ObjectPermissionMixin):
    """Loads the evaluation of the URL behind ``permission_action`` (404 when refused)."""

    queryset = Evaluation.objects.select_related(*EVALUATION_RELATED)
    permission_action = "evaluations.view_evaluation"

    @property
    def evaluation(self) -> Evaluation:
        return self.object

    def refreshed(self) -> Evaluation:
        """The evaluation as stored now (a refused service changed nothing)."""
        return self.get_queryset().get(pk=self.object.pk)


class ResultMixin(EvaluationMixin):
    """What the result page and its print share: the score table of the assessments the user
    may see (kept in ``self.assessments``), the colleagues' average when it may be shown,
    whether the evaluation is sealed and its signature holds."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        self.assessments = list(selectors.assessments_visible_to(self.request.user, evaluation))
        average_visible = selectors.colleague_average_visible(evaluation)
        criteria_set, groups = selectors.score_table(
            evaluation, self.assessments, with_colleague_average=average_visible
        )
        sealed = evaluation.state in SEALED_STATES
        context.update(
            evaluation=evaluation,
            criteria_set=criteria_set,
            groups=groups,
            show_colleagues=average_visible,
            sealed=sealed,
            seal=selectors.seal_status(evaluation),
        )
        return context


class EvaluationActionView(EvaluationMixin, View):
    """A button that moves an evaluation (POST only): 404 unless the user may take the
    ``action`` on this evaluation, then 405 for any other method (the view has no ``get``).
    """

    action = ""

    @property
    def permission_action(self) -> str:
        return f"evaluations.{self.action}"
