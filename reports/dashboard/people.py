"""The person level of the reports: one row per evaluation, a page at a time.

A row links to the evaluation only where ``evaluations.view_evaluation`` allows it. Asking
:func:`units.permissions.can` row by row would cost a query or two per row (finding a
person's head), so :func:`evaluation_links` answers the same rule for a whole page in at
most three queries; ``tests/reports/test_people.py`` checks it against ``can`` row by row.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.urls import reverse

from commitments.models import Commitment
from evaluations.models import Assessment, Cycle, Evaluation, shown_colleague_total
from evaluations.permissions import REVIEWER_ROLES
from evaluations.selectors import evaluations_for_head
from units.scope import covers
from units.selectors import person_for, scope_of

from ..selectors import evaluations_in
from .filters import Filters

PAGE_SIZE = 50


def evaluation_links(user, evaluations: list[Evaluation]) -> dict[int, str]:
    """The page to open for each evaluation ``user`` may view (others are left out)."""
    if user.is_superuser:
        return {e.pk: reverse("evaluations:review", args=[e.pk]) for e in evaluations}
    reviewers = scope_of(user, *REVIEWER_ROLES)
    person = person_for(user)
    links, pending = {}, []
    for evaluation in evaluations:
        if covers(reviewers, evaluation.unit):
            links[evaluation.pk] = reverse("evaluations:review", args=[evaluation.pk])
        elif person is not None and evaluation.person_id == person.pk:
            links[evaluation.pk] = reverse("evaluations:result", args=[evaluation.pk])
        else:
            pending.append(evaluation)
    if not pending or person is None:
        return links
    if person.is_active:
        by_cycle = {}
        for evaluation in pending:
            by_cycle.setdefault(evaluation.cycle_id, []).append(evaluation.pk)
        for cycle_id, pks in by_cycle.items():
            headed = evaluations_for_head(person, Cycle(pk=cycle_id))
            for pk in headed.filter(pk__in=pks).values_list("pk", flat=True):
                links[pk] = reverse("evaluations:review", args=[pk])
    # Asked over every pending row (not only those still without a link), so that the number
    # of queries does not depend on the data.
    asked = Assessment.objects.filter(
        evaluation__in=[e.pk for e in pending], assessor=person, kind=Assessment.Kind.COLLEAGUE
    ).values_list("evaluation_id", flat=True)
    for pk in asked:
        links.setdefault(pk, reverse("evaluations:colleague_form", args=[pk]))
    return links


@dataclass
class PersonRow:
    evaluation: Evaluation
    commitment: Commitment | None
    link: str | None


def people_page(user, filters: Filters):
    """The page of people (ordered by unit and name) and its rows. Paginator: two queries;
    commitments and links: at most four more."""
    evaluations = (
        evaluations_in(filters)
        .select_related("person", "unit", "final_level")
        .annotate(shown_colleague_total=shown_colleague_total())
        .order_by("unit__path", "person__full_name", "pk")
    )
    paginator = Paginator(evaluations, PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rows = list(page.object_list) if filters.cycle else []
    commitments = {}
    if filters.campaign is not None and rows:
        commitments = {
            c.person_id: c
            for c in Commitment.objects.filter(
                campaign=filters.campaign, person__in=[e.person_id for e in rows]
            )
        }
    links = evaluation_links(user, rows)
    page_rows = [PersonRow(e, commitments.get(e.person_id), links.get(e.pk)) for e in rows]
    return page, page_rows
