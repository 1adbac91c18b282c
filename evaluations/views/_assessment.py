"""The assessment form shared by the person, a colleague and the head: criteria in the
decision's groups, a score and a comment per criterion, live totals; save a draft or send.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core.resume import resumed_post
from core.views import AccessRefused

from .. import permissions, selectors, services
from ..forms import AssessmentForm, assessment_initial
from ..models import Assessment, Cycle, Evaluation, State
from ..workflow import KIND_ACTIONS, TRANSITIONS
from ._common import (
    EvaluationMixin,
    consume_form_token,
    current_person_or_404,
    new_form_token,
    refuse_repeated_post,
    show_error,
)

Kind = Assessment.Kind


class AssessmentPageView(EvaluationMixin, TemplateView):
    """Subclasses name the ``kind`` (which says who may open the form) and the
    confirmation page that sends the saved draft (``submit_url_name``)."""

    kind = ""
    template_name = "evaluations/assessment_form.html"
    submit_url_name = ""
    # What the form, its header and the assessor checks read of the evaluation: fewer joins
    # than the review pages' EVALUATION_RELATED (no level, signer or logins).
    queryset = Evaluation.objects.select_related(
        "cycle", "person", "unit", "unit__parent", "criteria_set", "reviewer"
    )

    def check_access(self) -> None:
        super().check_access()
        self.assessor = current_person_or_404(self.request.user)
        # Only the assessor opens their form (an administrator reads it on the review page).
        if not permissions.is_assessor(self.request.user, self.evaluation, self.kind):
            raise AccessRefused(
                obj=self.evaluation, unit=self.evaluation.unit, permission="assessor"
            )
        self.assessment = selectors.assessment_of(self.evaluation, self.assessor, self.kind)
        self.criteria_set = selectors.criteria_form_tree(self.evaluation)
        self.criteria = [
            criterion
            for group in self.criteria_set.groups.all()
            for criterion in group.criteria.all()
        ]

    # --- state --------------------------------------------------------------------------

    @property
    def deadline(self):
        return self.evaluation.cycle.deadline_for(self.kind)

    @property
    def deadline_locked(self) -> bool:
        return self.evaluation.cycle.refuses_work_after(self.deadline)

    @property
    def editable(self) -> bool:
        draft_action = KIND_ACTIONS[self.kind][0]
        return (
            self.evaluation.state in TRANSITIONS[draft_action].sources
            and self.evaluation.cycle.status == Cycle.Status.OPEN
            and (self.assessment is None or self.assessment.status == Assessment.Status.DRAFT)
            and not self.deadline_locked
        )

    # --- form ---------------------------------------------------------------------------

    def make_form(self, data=None, *, require_all=False) -> AssessmentForm:
        return AssessmentForm(
            data,
            criteria=self.criteria,
            kind=self.kind,
            levels=self.criteria_set.levels.all(),
            require_all=require_all,
            initial=assessment_initial(self.assessment),
        )

    def hints(self) -> dict:
        """Per criterion, what the assessor may see of the others' scores (the head: the
        self-assessment and the colleagues' average when visible). Nothing for others.
        """
        return {}

    def get(self, request, *args, **kwargs):
        typed = resumed_post(request)
        if typed is None:
            return self.render(self.make_form())
        messages.warning(
            request,
            gettext(
                "What you typed before your session ended is back. Nothing is saved yet: "
                "check it, then save or send."
            ),
        )
        form = self.make_form(typed)
        form.is_valid()  # show the same field errors the post would have shown
        return self.render(form)

    def post(self, request, *args, **kwargs):
        submit = request.POST.get("action") == "submit"
        form = self.make_form(request.POST, require_all=submit)
        if not consume_form_token(request):
            refuse_repeated_post(request)
            return redirect(request.path)
        if not form.is_valid():
            messages.error(
                request,
                gettext("Nothing was saved: correct the fields marked in red."),
            )
            return self.render(form)
        # "Send" saves the draft here; the confirmation page (``submit_url_name``) sends it.
        try:
            services.assessment_save_draft(
                evaluation=self.evaluation,
                assessor=self.assessor,
                kind=self.kind,
                actor=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            show_error(request, error)
            return self.render(form)
        if submit:
            return redirect(self.submit_url_name, pk=self.evaluation.pk)
        messages.success(request, gettext("Draft saved."))
        return redirect(request.path)

    def render(self, form: AssessmentForm):
        hints = self.hints()
        sections = []
        for group in self.criteria_set.groups.all():
            rows = []
            for criterion in group.criteria.all():
                rows.append(
                    {
                        "criterion": criterion,
                        "number": f"{group.order}.{criterion.order}",
                        "score": form[form.score_name(criterion)],
                        "comment": form[form.comment_name(criterion)],
                        "out_of": f"/ {criterion.max_score}",
                        "hint": hints.get(criterion.pk),
                    }
                )
            sections.append(
                {
                    "group": group,
                    "rows": rows,
                    "max_total": sum(row["criterion"].max_score for row in rows),
                }
            )
        context = self.get_context_data(
            form=form,
            sections=sections,
            evaluation=self.evaluation,
            assessment=self.assessment,
            kind=self.kind,
            editable=self.editable,
            deadline=self.deadline,
            deadline_locked=self.deadline_locked,
            form_token=new_form_token(),
            criteria_set=self.criteria_set,
            max_total=sum(criterion.max_score for criterion in self.criteria),
            levels_json=[
                {"label": level.label, "min": str(level.min_score)}
                for level in self.criteria_set.levels.all()
            ],
            return_reason=(
                selectors.last_return_reason(self.evaluation)
                if self.kind == Kind.SELF and self.evaluation.state == State.RETURNED
                else ""
            ),
        )
        return self.render_to_response(context)


class SelfAssessmentView(AssessmentPageView):
    kind = Kind.SELF
    submit_url_name = "evaluations:self_submit"


class ColleagueAssessmentView(AssessmentPageView):
    kind = Kind.COLLEAGUE
    submit_url_name = "evaluations:colleague_submit"


class HeadAssessmentView(AssessmentPageView):
    kind = Kind.HEAD
    submit_url_name = "evaluations:head_submit"

    def hints(self) -> dict:
        own = selectors.assessments_visible_to(self.request.user, self.evaluation).filter(
            kind=Kind.SELF
        )
        self_scores = {
            score.criterion_id: score.score
            for assessment in own
            for score in assessment.scores.all()
        }
        averages = (
            selectors.colleague_averages(self.evaluation)
            if selectors.colleague_average_visible(self.evaluation)
            else {}
        )
        return {
            criterion.pk: {
                "self": self_scores.get(criterion.pk),
                "colleagues": averages.get(criterion.pk),
            }
            for criterion in self.criteria
        }
