"""A block office's list (signed on time, late, missing), paper records, reminders, and the
report's submission (after confirmation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView

from core.views import AccessRefused, ConfirmActionMixin, ProtectedViewMixin
from units.models import Block, Unit
from units.permissions import ObjectPermissionMixin, can

from .. import selectors, services
from ..forms import OfficeFilterForm, PaperForm
from ..models import Commitment
from ..permissions import Office
from ..routing import office_label, route_for


def load_office(user, campaign_pk: int, unit_pk: int, block: str, action: str) -> Office:
    """The office named in the URL, or a 404 when it does not exist or the user may not."""
    if block not in Block.values:
        raise Http404
    office = Office(
        get_object_or_404(selectors.campaigns_visible(), pk=campaign_pk),
        get_object_or_404(Unit, pk=unit_pk),
        block,
    )
    if not can(user, action, office):
        raise AccessRefused(unit=office.report_unit, permission=action)
    return office


def office_url(office: Office) -> str:
    return reverse(
        "commitments:office",
        args=[office.campaign.pk, office.report_unit.pk, office.block],
    )


class OfficeMixin(ProtectedViewMixin):
    """Loads the office named in the URL behind ``permission_action`` (404 when refused)."""

    permission_action = ""

    def check_access(self) -> None:
        self.office = load_office(
            self.request.user, self.kwargs["campaign"], self.kwargs["unit"],
            self.kwargs["block"], self.permission_action,
        )  # fmt: skip


class OfficeView(OfficeMixin, ListView):
    """The clerk's list of one ward and block; the district offices drill down to it."""

    template_name = "commitments/office.html"
    context_object_name = "rows"
    paginate_by = 100
    permission_action = "commitments.view_office"

    def get_queryset(self):
        self.filters = OfficeFilterForm(self.request.GET or None)
        state = search = ""
        if self.filters.is_valid():
            state = self.filters.cleaned_data["state"]
            search = self.filters.cleaned_data["q"].strip()
        self.filter_query = urlencode({k: v for k, v in (("state", state), ("q", search)) if v})
        return selectors.office_list(self.office, state=state, search=search)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.office
        report = selectors.office_report(office)
        context.update(
            office=office,
            campaign=office.campaign,
            office_name=office_label(office.block),
            route=route_for(office.block),
            block_label=Block(office.block).label,
            counts=selectors.office_counts(office),
            report=report,
            can_manage=can(self.request.user, "commitments.manage_office", office)
            and office.campaign.status == office.campaign.Status.OPEN,
            can_submit=report is None or report.status == report.Status.SUBMITTED,
            filters=self.filters,
            filter_query=self.filter_query,
        )
        return context


class OfficeActionView(OfficeMixin, View):
    """POST only: send reminders to the missing people."""

    http_method_names = ["post"]
    permission_action = "commitments.manage_office"
    action = "remind"

    def post(self, request, campaign, unit, block):
        office = self.office
        try:
            sent = services.office_remind(office=office, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(count)d person.",
                    "A reminder was sent to %(count)d people.",
                    sent,
                )
                % {"count": sent},
            )
        return redirect(office_url(office))


class OfficeSubmitView(OfficeMixin, ConfirmActionMixin, View):
    """Submit the office's report to the head, after a confirmation that says how many
    people have not signed yet."""

    permission_action = "commitments.manage_office"
    confirm_button = _("Submit the report")
    done_message = _("The report was submitted to the head.")

    @property
    def confirm_title(self) -> str:
        return gettext("Submit the report to the %(head)s?") % {
            "head": route_for(self.office.block).head_title
        }

    def refusal(self) -> str:
        return services.report_action_refusal(
            action="report_submit", actor=self.request.user, office=self.office
        )

    def cancel_url(self) -> str:
        return office_url(self.office)

    def confirm_lines(self) -> list[str]:
        counts = selectors.office_counts(self.office)
        lines = [
            gettext("%(office)s – %(unit)s, %(block)s.")
            % {
                "office": office_label(self.office.block),
                "unit": self.office.report_unit.name,
                "block": Block(self.office.block).label,
            },
            gettext("%(signed)d of %(total)d people have signed (%(late)d late).")
            % {"signed": counts.signed, "total": counts.total, "late": counts.late},
        ]
        if counts.missing:
            lines.append(
                ngettext(
                    "%(count)d person has not signed yet: the report will list them as missing.",
                    "%(count)d people have not signed yet: the report will list them as missing.",
                    counts.missing,
                )
                % {"count": counts.missing}
            )
        else:
            lines.append(gettext("Everyone has signed."))
        lines.append(
            gettext("The counts are kept as they are now; the head then confirms the report.")
        )
        return lines

    def confirm_warning(self) -> str:
        return gettext("Once the head has confirmed it, the report can no longer be changed.")

    def perform(self, form):
        report = services.unit_report_submit(office=self.office, actor=self.request.user)
        messages.success(self.request, str(self.done_message))
        if report.missing_people:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d person has not signed yet: the report lists them.",
                    "%(count)d people have not signed yet: the report lists them.",
                    len(report.missing_people),
                )
                % {"count": len(report.missing_people)},
            )
        return redirect("commitments:report_detail", report.pk)


class RecordPaperView(ObjectPermissionMixin, FormView):
    """The clerk records a commitment signed on paper, with the scan."""

    form_class = PaperForm
    template_name = "commitments/record_paper.html"
    permission_action = "commitments.record_paper"

    def get_queryset(self):
        return selectors.commitment_queryset().filter(status=Commitment.Status.PENDING)

    @property
    def commitment(self) -> Commitment:
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            commitment=self.commitment,
            office=Office(self.commitment.campaign, self.commitment.report_unit,
                          self.commitment.block),
        )  # fmt: skip
        context["office_url"] = office_url(context["office"])
        return context

    def form_valid(self, form):
        try:
            services.commitment_record_paper(
                commitment=self.commitment,
                actor=self.request.user,
                scan=form.cleaned_data["scan"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as error:
            form.add_error("scan" if error.code in {"type", "content", "mismatch"} else None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("The paper commitment of %(name)s is recorded.")
            % {"name": self.commitment.person.full_name},
        )
        return redirect(
            office_url(
                Office(self.commitment.campaign, self.commitment.report_unit, self.commitment.block)
            )
        )
