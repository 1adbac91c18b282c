"""The person's pages: their evaluations, their result once signed off, the unit's published
results.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core.views import ProtectedViewMixin
from units.selectors import person_for

from .. import selectors, services
from ..models import Assessment, Cycle
from ._assessment import SelfAssessmentView
from ._common import (
    EvaluationActionView,
    ResultMixin,
    current_person_or_404,
    show_error,
)

Kind = Assessment.Kind

__all__ = [
    "AcknowledgeView",
    "MyEvaluationsView",
    "PublishedResultsView",
    "ResultView",
    "SelfAssessmentView",
]


class MyEvaluationsView(ProtectedViewMixin, TemplateView):
    """ "Đánh giá của tôi": each cycle's evaluation, its state, deadline and next step."""

    template_name = "evaluations/my_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = person_for(self.request.user)
        evaluations = list(selectors.evaluations_of_person(person)) if person else []
        for evaluation in evaluations:
            evaluation.deadline = selectors.phase_deadline(evaluation)
        context.update(
            person=person,
            evaluations=evaluations,
            is_reviewer=selectors.reviews_anyone(person),
        )
        return context


class ResultView(ResultMixin, TemplateView):
    """The person's evaluation: before sign-off their own scores and what happens next;
    after sign-off the head's scores, conclusion and level, and "I have seen it".
    Colleagues' individual scores never appear; their average only when visible.
    """

    template_name = "evaluations/result.html"
    permission_action = "evaluations.acknowledge"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        assessments = self.assessments
        context.update(
            self_assessment=next((a for a in assessments if a.kind == Kind.SELF), None),
            head_assessment=next((a for a in assessments if a.kind == Kind.HEAD), None),
            colleague_average=selectors.colleague_average(evaluation),
            votes=list(selectors.collective_votes_visible_to(self.request.user, evaluation)),
            deadline=selectors.phase_deadline(evaluation),
        )
        return context


class AcknowledgeView(EvaluationActionView):
    action = "acknowledge"

    def post(self, request, *args, **kwargs):
        try:
            services.evaluation_acknowledge(evaluation=self.evaluation, actor=request.user)
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, gettext("Thank you: you confirmed you have seen the result."))
        return redirect("evaluations:result", pk=self.evaluation.pk)


class PublishedResultsView(ProtectedViewMixin, TemplateView):
    """The published results of the user's own unit in a cycle, for the unit's people."""

    template_name = "evaluations/published.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = current_person_or_404(self.request.user)
        cycle = get_object_or_404(
            Cycle, pk=self.kwargs["cycle_pk"], status__in=selectors.VISIBLE_CYCLE_STATES
        )
        context.update(
            cycle=cycle,
            unit=person.unit,
            results=selectors.evaluations_published_in(cycle, person.unit),
        )
        return context
