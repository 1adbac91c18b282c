"""The head's pages for a cycle: the unit's evaluations with filters, reminders, the
collective's meeting, and choosing colleagues for one person (publishing all the signed
results asks for confirmation: see ``confirm``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.views.generic import TemplateView

from core.text import clean_text
from core.time import local_today
from core.views import AccessRefused, ProtectedViewMixin
from units.selectors import person_for

from .. import selectors, services
from ..forms import CollectiveReviewForm, HeadListFilterForm
from ..models import Assessment, Cycle, State
from ..workflow import SELF_EDITABLE
from ._assessment import HeadAssessmentView
from ._common import (
    EvaluationMixin,
    consume_form_token,
    new_form_token,
    refuse_repeated_post,
    show_error,
)

__all__ = [
    "ColleaguesPickView",
    "CollectiveReviewView",
    "HeadAssessmentView",
    "HeadListView",
    "RemindersView",
]

PAGE_SIZE = 100


class HeadMixin(ProtectedViewMixin):
    """For heads (and reviewers an administrator named) only: anyone else gets a 404."""

    def check_access(self) -> None:
        self.head = person_for(self.request.user)
        if not selectors.reviews_anyone(self.head):
            raise AccessRefused(permission="evaluations.head_pages")

    def cycle_from_path(self) -> Cycle:
        return get_object_or_404(
            Cycle, pk=self.kwargs["cycle_pk"], status__in=selectors.VISIBLE_CYCLE_STATES
        )

    def list_url(self, cycle: Cycle) -> str:
        return reverse("evaluations:head_list") + "?" + urlencode({"cycle": cycle.pk})


class HeadListView(HeadMixin, TemplateView):
    """ "Đánh giá cán bộ đơn vị": state, missing steps and deadline of each evaluation."""

    template_name = "evaluations/head_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cycles = selectors.cycles_for_lists()
        wanted = self.request.GET.get("cycle", "")
        cycle = next((c for c in cycles if str(c.pk) == wanted), cycles[0] if cycles else None)
        filters = HeadListFilterForm(
            self.request.GET or None,
            cycles=cycles,
            initial={"cycle": str(cycle.pk) if cycle else ""},
        )
        values = filters.cleaned_data if filters.is_valid() else {}
        context.update(cycles=cycles, cycle=cycle, filters=filters, head=self.head)
        if cycle is None:
            return context
        rows = selectors.head_rows(
            self.head,
            cycle,
            state=values.get("state", ""),
            category=values.get("category", ""),
            search=clean_text(values.get("q", "")),
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for evaluation in page:
            evaluation.cycle = cycle  # the same for every row: no query per row
            evaluation.deadline = selectors.phase_deadline(evaluation)
            evaluation.missing = _missing_steps(evaluation)
        counts = selectors.head_state_counts(self.head, cycle)
        share = selectors.top_level_share(cycle, self.head.unit)
        query = {key: value for key, value in values.items() if value and key != "cycle"}
        query["cycle"] = cycle.pk
        context.update(
            page_obj=page,
            evaluations=page.object_list,
            state_counts=[
                (State(state).label, state, counts[state]) for state in State if state in counts
            ],
            total=sum(counts.values()),
            signed_count=counts.get(State.SIGNED_OFF, 0),
            top_share=share,
            query=urlencode(query),
            form_token=new_form_token(),
            today=local_today(),
        )
        return context


def _missing_steps(evaluation) -> list[str]:
    """What is still missing, in words, for the head's list."""
    state = evaluation.state
    missing = []
    if state in SELF_EDITABLE:
        missing.append(gettext("self-assessment"))
    if state == State.COLLEAGUES and evaluation.colleagues_done < evaluation.colleagues_asked:
        missing.append(
            gettext("colleagues %(done)s/%(asked)s")
            % {"done": evaluation.colleagues_done, "asked": evaluation.colleagues_asked}
        )
    if state in (State.HEAD_REVIEW, State.REOPENED) and not evaluation.head_done:
        missing.append(gettext("your assessment"))
    if state == State.HEAD_REVIEW and evaluation.head_done:
        missing.append(gettext("conclusion"))
    if state == State.CONCLUDED:
        missing.append(gettext("sign-off"))
    if state == State.SIGNED_OFF:
        missing.append(gettext("publication"))
    return missing


def _tell_count(request, count: int, done: str, nothing: str) -> None:
    """``done`` (with ``%(count)d``) as a success when ``count`` things were done, else the
    ``nothing`` note."""
    if count:
        messages.success(request, done % {"count": count})
    else:
        messages.info(request, nothing)


class RemindersView(HeadMixin, TemplateView):
    """Email everyone the head waits for in the cycle (POST)."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        cycle = self.cycle_from_path()
        count = services.reminders_send_for_head(head=self.head, cycle=cycle)
        _tell_count(
            request,
            count,
            ngettext(
                "A reminder was sent to %(count)d person.",
                "Reminders were sent to %(count)d people.",
                count,
            ),
            gettext("Nobody is late: no reminder was sent."),
        )
        return redirect(self.list_url(cycle))


class CollectiveReviewView(HeadMixin, TemplateView):
    """The collective's meeting: minutes, date, attendance and votes for each level."""

    template_name = "evaluations/collective_form.html"

    def setup_page(self):
        self.cycle = self.cycle_from_path()
        self.evaluations = selectors.review_rows_for_collective(self.head, self.cycle)

    def get(self, request, *args, **kwargs):
        self.setup_page()
        return self.render(CollectiveReviewForm(evaluations=self.evaluations))

    def post(self, request, *args, **kwargs):
        self.setup_page()
        form = CollectiveReviewForm(request.POST, request.FILES, evaluations=self.evaluations)
        if not consume_form_token(request):
            refuse_repeated_post(request)
            return redirect(self.list_url(self.cycle))
        if not form.is_valid():
            messages.error(request, gettext("Nothing was saved: correct the fields marked in red."))
            return self.render(form)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.collective_review_record(
                    cycle=self.cycle,
                    unit=self.head.unit,
                    held_on=data["held_on"],
                    invited=data["invited"],
                    present=data["present"],
                    votes=form.votes(),
                    minutes=data.get("minutes"),
                    actor=request.user,
                )
        except ValidationError as error:
            show_error(request, error)
            return self.render(form)
        messages.success(request, gettext("The meeting's minutes and votes were recorded."))
        return redirect(self.list_url(self.cycle))

    def render(self, form):
        rows = [
            {
                "evaluation": evaluation,
                "fields": [form[form.vote_name(evaluation, level)] for level in evaluation.levels],
            }
            for evaluation in self.evaluations
        ]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                rows=rows,
                cycle=self.cycle,
                unit=self.head.unit,
                form_token=new_form_token(),
                meetings=self.cycle.collective_reviews.filter(unit=self.head.unit_id),
            )
        )


class ColleaguesPickView(EvaluationMixin, TemplateView):
    """Choose the colleagues who assess one person, or ask all the unit's people."""

    template_name = "evaluations/colleagues_pick.html"
    permission_action = "evaluations.colleagues_assign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        colleagues = self.evaluation.assessments.filter(kind=Assessment.Kind.COLLEAGUE)
        asked = {row.assessor_id: row for row in colleagues}
        candidates = list(selectors.colleagues_proposed(self.evaluation))
        context.update(
            evaluation=self.evaluation,
            candidates=[(person, asked.get(person.pk)) for person in candidates],
            asked_count=len(asked),
            can_assign=self.evaluation.state in (State.SELF_SUBMITTED, State.COLLEAGUES),
            min_shown=self.evaluation.cycle.min_colleagues_shown,
        )
        return context

    def post(self, request, *args, **kwargs):
        proposed = selectors.colleagues_proposed(self.evaluation)
        if "all" in request.POST:
            chosen = list(proposed)
        else:
            ids = [value for value in request.POST.getlist("colleagues") if value.isdigit()]
            chosen = list(proposed.filter(pk__in=ids))
        try:
            created = services.colleagues_assign(
                evaluation=self.evaluation, colleagues=chosen, actor=request.user
            )
        except ValidationError as error:
            show_error(request, error)
            return redirect("evaluations:colleagues_pick", pk=self.evaluation.pk)
        messages.success(
            request,
            ngettext(
                "%(count)d colleague was asked to assess.",
                "%(count)d colleagues were asked to assess.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("evaluations:review", pk=self.evaluation.pk)
