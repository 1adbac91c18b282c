"""The criteria sets as public documents: any logged-in user may read the published ones."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from core.views import AccessRefused, ProtectedViewMixin

from . import selectors
from .models import CriteriaSet


class CriteriaSetListView(ProtectedViewMixin, ListView):
    template_name = "criteria/set_list.html"
    context_object_name = "criteria_sets"

    def get_queryset(self):
        sets = selectors.criteria_set_list()
        if not self.request.user.is_staff:
            sets = sets.filter(status=CriteriaSet.Status.ACTIVE)
        return sets


class CriteriaSetDetailView(ProtectedViewMixin, DetailView):
    """A set laid out as in the decision: numbered groups, criteria, guidance, levels."""

    template_name = "criteria/set_detail.html"
    context_object_name = "criteria_set"

    def check_access(self) -> None:
        try:
            self.object = selectors.criteria_set_with_tree(self.kwargs["pk"])
        except CriteriaSet.DoesNotExist:
            raise Http404 from None
        if not selectors.criteria_set_readable_by(self.request.user, self.object):
            raise AccessRefused(obj=self.object, permission="criteria.view_criteriaset")

    def get_object(self, queryset=None):
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = list(self.object.groups.all())
        levels = list(self.object.levels.all())  # highest first
        # Each level runs from its minimum up to the next level's minimum.
        bands = [
            (level, levels[index - 1].min_score if index else None)
            for index, level in enumerate(levels)
        ]
        context.update(
            groups=groups,
            bands=bands,
            total_max_score=sum(c.max_score for g in groups for c in g.criteria.all()),
            criterion_count=sum(len(g.criteria.all()) for g in groups),
        )
        return context
