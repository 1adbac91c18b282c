"""The printable result (A4, Vietnamese administrative layout) for the personnel file, and
the page its verification code and QR code lead to."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.audit import record_print
from core.seals import qr_svg
from core.time import local_date
from units.permissions import VerifyByCodeMixin

from .. import selectors
from ._common import EvaluationMixin, ResultMixin


class PrintView(ResultMixin, TemplateView):
    """For the person once signed off; for the head, the unit's administrators and reviewers
    at any time (marked as a draft until signed off). A signed one carries its verification
    code and a QR code of the page that checks it.
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
        seal = context["seal"]
        if seal and seal.code:
            url = self.request.build_absolute_uri(reverse("evaluations:verify", args=[seal.code]))
            context.update(verify_url=url, verify_qr=qr_svg(url))
        return context


class VerifyView(VerifyByCodeMixin, EvaluationMixin, TemplateView):
    """``/danh-gia/xac-minh/<code>/``: whether the signed evaluation of a printed code is
    intact, and who signed it when. For whoever may see the evaluation (404 for anyone else);
    a code that matches no signed evaluation is a 404 that says so."""

    template_name = "evaluations/verify.html"
    permission_action = "evaluations.view_evaluation"

    def record_for_code(self, code: str):
        return selectors.evaluation_for_code(code)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.object
        context.update(evaluation=evaluation)
        if evaluation is not None:
            context.update(
                seal=selectors.seal_status(evaluation),
                signer_name=_signer_name(evaluation, None),
            )
        return context


def _signer_name(evaluation, head) -> str:
    if evaluation.signed_by_id:
        signer = evaluation.signed_by
        person = getattr(signer, "person", None)
        return person.full_name if person else (signer.get_full_name() or signer.username)
    return head.full_name if head else ""
