"""One evaluation for its head (and the unit's administrators and reviewers, read-only):
self, colleagues' average and head side by side, the combined score and its level, and
concluding. The steps that cannot be undone (start the review, sign off, return, publish,
reopen) ask for confirmation first: see ``confirm``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views import View

from criteria.services import level_for_score
from units.permissions import can

from .. import selectors, services
from ..forms import ConcludeForm, ReturnForm
from ..models import SEALED_STATES, Assessment, Cycle
from ..workflow import TRANSITIONS, allowed_actions
from ._common import EvaluationActionView, EvaluationMixin, show_error

Kind = Assessment.Kind
Status = Assessment.Status


def render_review(request, evaluation, *, status=200, **forms):
    """The side-by-side page; ``forms`` replaces an action's empty form by a bound one."""
    user = request.user
    assessments = list(selectors.assessments_visible_to(user, evaluation))
    average_visible = selectors.colleague_average_visible(evaluation)
    criteria_set, groups = selectors.score_table(
        evaluation, assessments, with_colleague_average=average_visible
    )
    levels = list(criteria_set.levels.all())
    combined = services.combined_score(evaluation)
    computed_level = (
        level_for_score(score=combined, levels=levels) if combined is not None else None
    )
    actions = {
        action
        for action in allowed_actions(evaluation.state)
        if can(user, f"evaluations.{action}", evaluation)
    }
    if evaluation.cycle.status != Cycle.Status.OPEN:
        actions = {a for a in actions if not TRANSITIONS[a].needs_open_cycle}
    head_assessment = next((a for a in assessments if a.kind == Kind.HEAD), None)
    colleagues = [a for a in assessments if a.kind == Kind.COLLEAGUE]
    sealed = evaluation.state in SEALED_STATES
    conclude_form = forms.get("conclude_form") or ConcludeForm(
        levels=criteria_set.levels.all(),
        initial={
            "level": computed_level.pk if computed_level else None,
            "conclusion": evaluation.head_conclusion,
        },
    )
    context = {
        "evaluation": evaluation,
        "groups": groups,
        "criteria_set": criteria_set,
        "self_assessment": next((a for a in assessments if a.kind == Kind.SELF), None),
        "head_assessment": head_assessment,
        "colleagues": colleagues,
        "colleagues_submitted": sum(1 for a in colleagues if a.status == Status.SUBMITTED),
        "show_colleagues": average_visible,
        "combined": combined,
        "computed_level": computed_level,
        "actions": actions,
        "can_conclude": "conclude" in actions and evaluation.head_total is not None,
        "can_fill": "head_save_draft" in actions,
        "conclude_form": conclude_form,
        "return_form": forms.get("return_form") or ReturnForm(),
        "votes": list(selectors.collective_votes_visible_to(user, evaluation)),
        "sealed": sealed,
        "seal": selectors.seal_status(evaluation),
        "deadline": selectors.phase_deadline(evaluation),
        "return_reason": selectors.last_return_reason(evaluation),
    }
    return TemplateResponse(request, "evaluations/review.html", context, status=status)


class ReviewView(EvaluationMixin, View):
    """The page itself (head, and the unit's administrators and reviewers); 404 for others."""

    permission_action = "evaluations.view_all_assessments"

    def get(self, request, *args, **kwargs):
        return render_review(request, self.evaluation)


class _TransitionView(EvaluationActionView):
    success_message = ""

    def run(self, request):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            response = self.run(request)
        except ValidationError as error:
            show_error(request, error)
            return render_review(request, self.refreshed(), **self.bound_forms(request))
        if response is not None:
            return response
        messages.success(request, self.success_message)
        return redirect("evaluations:review", pk=self.evaluation.pk)

    def bound_forms(self, request) -> dict:
        return {}


class ConcludeView(_TransitionView):
    action = "conclude"

    def form(self, request):
        return ConcludeForm(request.POST, levels=self.evaluation.criteria_set.levels.all())

    def run(self, request):
        form = self.form(request)
        if not form.is_valid():
            messages.error(request, gettext("Choose a level."))
            return render_review(request, self.evaluation, conclude_form=form)
        services.evaluation_conclude(
            evaluation=self.evaluation,
            actor=request.user,
            level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
            conclusion=form.cleaned_data["conclusion"].strip(),
        )
        self.success_message = gettext("Concluded. Check the result, then sign it off.")

    def bound_forms(self, request) -> dict:
        return {"conclude_form": self.form(request)}
