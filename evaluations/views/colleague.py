"""A colleague's pages: the assessments asked of them and the form for each."""

from django.views.generic import TemplateView

from core.views import ProtectedViewMixin
from units.selectors import person_for

from .. import selectors
from ._assessment import ColleagueAssessmentView

__all__ = ["ColleagueAssessmentView", "ColleagueListView"]


class ColleagueListView(ProtectedViewMixin, TemplateView):
    """ "Đánh giá đồng nghiệp": only the user's own requests, never others' answers."""

    template_name = "evaluations/colleague_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = person_for(self.request.user)
        context.update(
            person=person,
            requests=list(selectors.colleague_requests(person)) if person else [],
            is_reviewer=selectors.reviews_anyone(person),
        )
        return context
