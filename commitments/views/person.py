"""The commitments hub, a person's commitment (read, sign, print) and a paper scan."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.generic import DetailView, TemplateView

from core.audit import record_print
from core.seals import qr_svg
from core.views import ProtectedViewMixin
from units.permissions import ObjectPermissionMixin, VerifyByCodeMixin, can

from .. import selectors, services
from ..forms import SignForm
from ..models import Campaign, Commitment
from ..routing import office_label, route_for
from ..services.signing import commitment_text
from ..uploads import scan_content_type

SCAN_POLICY = "default-src 'none'; sandbox"


class IndexView(ProtectedViewMixin, TemplateView):
    """What each persona does with commitments: sign, keep an office, confirm, track."""

    template_name = "commitments/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaigns = list(selectors.campaigns_visible())
        open_campaigns = [c for c in campaigns if c.status == Campaign.Status.OPEN]
        context.update(
            own=list(selectors.commitments_of(user)),
            offices=selectors.offices_of_clerk(user, open_campaigns) if open_campaigns else [],
            to_confirm=list(selectors.reports_to_confirm(user)),
            tracked=campaigns if can(user, "commitments.view_tracking") else [],
        )
        return context


def _client_ip(request) -> str | None:
    # Behind the intranet's reverse proxy REMOTE_ADDR is the proxy; it is what we can trust.
    return request.META.get("REMOTE_ADDR") or None


class CommitmentDetailView(ObjectPermissionMixin, DetailView):
    """Read the full text and sign it (the person), or see the signed record (everyone who
    may). Another person's commitment is a 404."""

    permission_action = "commitments.view_commitment"
    template_name = "commitments/commitment_detail.html"
    context_object_name = "commitment"

    def get_queryset(self):
        return selectors.commitment_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        commitment = self.object
        user = self.request.user
        can_sign = (
            not commitment.is_signed
            and commitment.campaign.status == Campaign.Status.OPEN
            and can(user, "commitments.sign", commitment)
        )
        context.update(
            text=commitment.signed_text if commitment.is_signed else commitment_text(commitment),
            can_sign=can_sign,
            can_record_paper=not commitment.is_signed
            and commitment.campaign.status == Campaign.Status.OPEN
            and can(user, "commitments.record_paper", commitment),
            office=office_label(commitment.block),
            route=route_for(commitment.block),
            seal=selectors.seal_status(commitment),
        )
        if can_sign:
            context.setdefault("form", SignForm())
        return context

    def post(self, request, *args, **kwargs):
        self.object = commitment = self.get_object()
        form = SignForm(request.POST)
        if form.is_valid():
            try:
                services.commitment_sign_online(
                    commitment=commitment,
                    actor=request.user,
                    typed_name=form.cleaned_data["typed_name"],
                    password=form.cleaned_data["password"],
                    ip_address=_client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    request=request,
                )
            except ValidationError as error:
                field = {"password": "password", "locked": "password", "name": "typed_name"}.get(
                    error.code
                )
                form.add_error(field, error)
            else:
                messages.success(request, gettext("Your commitment is signed and recorded."))
                return redirect(commitment.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CommitmentPrintView(ObjectPermissionMixin, DetailView):
    """A signed commitment on an A4 page in the Vietnamese administrative layout."""

    permission_action = "commitments.view_commitment"
    template_name = "commitments/commitment_print.html"
    context_object_name = "commitment"

    def get_queryset(self):
        return selectors.commitment_queryset().filter(status=Commitment.Status.SIGNED)

    def get_context_data(self, **kwargs):
        record_print(request=self.request, obj=self.object, unit=self.object.unit)
        seal = selectors.seal_status(self.object)
        context = super().get_context_data(place=settings.DOCUMENT_PLACE, seal=seal, **kwargs)
        if seal and seal.code:
            url = self.request.build_absolute_uri(reverse("commitments:verify", args=[seal.code]))
            context.update(verify_url=url, verify_qr=qr_svg(url))
        return context


class VerifyView(VerifyByCodeMixin, TemplateView):
    """``/cam-ket/xac-minh/<code>/``: whether the signed commitment of a printed code is
    intact, and who signed it when. For whoever may see the commitment (404 for anyone
    else); a code that matches no signed commitment is a 404 that says so."""

    permission_action = "commitments.view_commitment"
    template_name = "commitments/verify.html"

    def get_queryset(self):
        return selectors.commitment_queryset()

    def record_for_code(self, code: str):
        return selectors.commitment_for_code(code)

    def get_context_data(self, **kwargs):
        commitment = self.object
        context = super().get_context_data(**kwargs)
        context.update(
            commitment=commitment,
            seal=selectors.seal_status(commitment) if commitment else None,
        )
        return context


class ScanView(ObjectPermissionMixin, DetailView):
    """The scan of a paper commitment, served to those who may see the commitment."""

    permission_action = "commitments.view_commitment"

    def get_queryset(self):
        return selectors.commitment_queryset().exclude(scan="")

    def get(self, request, *args, **kwargs):
        """Always a download of the checked kind, never rendered by the browser in our origin:
        attachment, nosniff and a policy that allows nothing and sandboxes the document."""
        commitment = self.get_object()
        content_type = scan_content_type(commitment.scan.name)
        extension = commitment.scan.name.rsplit(".", 1)[-1].lower()
        try:
            handle = commitment.scan.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"cam-ket-{commitment.campaign.year}-{commitment.pk}.{extension}",
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = SCAN_POLICY
        response["Cache-Control"] = "private, no-store"
        return response
