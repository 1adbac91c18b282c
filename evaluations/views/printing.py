"""The printable result (A4, Vietnamese administrative layout) for the personnel file."""

from django.conf import settings
from django.utils import timezone
from django.views.generic import TemplateView

from core.audit import record_print
from core.time import local_date

from .. import selectors
from ._common import ResultMixin


class PrintView(ResultMixin, TemplateView):
    """For the person once signed off; for the head, the unit's administrators and reviewers
    at any time (marked as a draft until signed off).
    """

    template_name = "evaluations/print.html"
    permission_action = "evaluations.print"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        record_print(request=self.request, obj=evaluation, unit=evaluation.unit)
        moment = evaluation.signed_at or timezone.now()
        day = local_date(moment)
        head = selectors.evaluation_head(evaluation)
        context.update(
            place=settings.DOCUMENT_PLACE,
            day=day,
            head=head,
            signer_name=_signer_name(evaluation, head),
            parent_unit=evaluation.unit.parent,
        )
        return context


def _signer_name(evaluation, head) -> str:
    if evaluation.signed_by_id:
        signer = evaluation.signed_by
        person = getattr(signer, "person", None)
        return person.full_name if person else (signer.get_full_name() or signer.username)
    return head.full_name if head else ""
