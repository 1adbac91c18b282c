"""The district offices' tracking per unit and block, its export, and the unit reports."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views import View
from django.views.generic import DetailView, TemplateView

from core.audit import record_export, unit_of_user
from core.views import ConfirmActionMixin
from core.xlsx import xlsx_response
from units.models import Block
from units.permissions import ObjectPermissionMixin, can

from .. import jobs, selectors, services
from ..exports import tracking_sheets
from ..models import UnitReport
from ..permissions import Office
from ..routing import office_label, route_for
from ..workflow import REPORT_TRANSITIONS


class _TrackingMixin(ObjectPermissionMixin):
    permission_action = "commitments.view_tracking"

    def get_queryset(self):
        return selectors.campaigns_visible()

    def load(self):
        user = self.request.user
        self.campaign = self.object
        self.block = self.request.GET.get("block", "")
        if self.block not in Block.values:
            self.block = ""
        self.rows = selectors.tracking_rows(user, self.campaign, block=self.block)


class TrackingView(_TrackingMixin, TemplateView):
    """Per reporting unit and block: counts, percentages, report, late units highlighted."""

    template_name = "commitments/tracking.html"

    def get_context_data(self, **kwargs):
        self.load()
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            rows=self.rows,
            totals=selectors.tracking_totals(self.rows),
            selected_block=self.block,
            blocks=Block.choices,
        )
        return context


class TrackingExportView(_TrackingMixin, View):
    def get(self, request, *args, **kwargs):
        self.load()
        people = selectors.tracking_people(request.user, self.campaign, block=self.block)
        if jobs.runs_in_background(people):
            job = jobs.start_tracking_export(request=request, campaign=self.campaign,
                                             block=self.block, rows=people.count())  # fmt: skip
            return redirect(job)
        record_export(request=request, name="commitments.tracking", obj=self.campaign,
                      unit=unit_of_user(request.user), data={"block": self.block})  # fmt: skip
        return xlsx_response(tracking_sheets(self.rows, people), jobs.file_name(self.campaign))


class ReportDetailView(ObjectPermissionMixin, DetailView):
    """An office's report: counts, missing people, the head's and the district's steps."""

    permission_action = "commitments.view_report"
    template_name = "commitments/report_detail.html"
    context_object_name = "report"
    queryset = UnitReport.objects.select_related(
        "campaign", "report_unit", "submitted_by", "confirmed_by", "received_by"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        context.update(
            office_name=office_label(report.block),
            route=route_for(report.block),
            can_confirm=report.status == UnitReport.Status.SUBMITTED
            and can(user, "commitments.confirm_report", report),
            can_receive=report.status == UnitReport.Status.CONFIRMED
            and can(user, "commitments.receive_report", report),
            can_view_office=can(user, "commitments.view_office", _office(report)),
        )
        return context


def _office(report: UnitReport) -> Office:
    return Office(report.campaign, report.report_unit, report.block)


class ReportActionView(ObjectPermissionMixin, ConfirmActionMixin, View):
    """The head confirms the report, or the district office records receipt, each after a
    confirmation page."""

    queryset = UnitReport.objects.select_related("campaign", "report_unit")
    action = ""

    @property
    def permission_action(self) -> str:
        # Who may take the step (404 for anyone else, like any page they may not open).
        return REPORT_TRANSITIONS[f"report_{self.action}"].permission

    @property
    def report(self) -> UnitReport:
        return self.object

    @property
    def confirm_title(self) -> str:
        if self.action == "confirm":
            return gettext("Confirm the report and send it to the %(office)s?") % {
                "office": route_for(self.report.block).district_office
            }
        return gettext("Mark the report as received?")

    @property
    def confirm_button(self) -> str:
        return gettext("Confirm and send") if self.action == "confirm" else gettext("Received")

    def refusal(self) -> str:
        report = UnitReport.objects.select_related("campaign", "report_unit").get(pk=self.report.pk)
        return services.report_action_refusal(
            action=f"report_{self.action}", actor=self.request.user, report=report
        )

    def cancel_url(self) -> str:
        return reverse("commitments:report_detail", args=[self.report.pk])

    def confirm_lines(self) -> list[str]:
        report = self.report
        counts = report.counts or {}
        signed = counts.get("on_time", 0) + counts.get("late", 0)
        return [
            gettext("%(office)s – %(unit)s.")
            % {"office": office_label(report.block), "unit": report.report_unit.name},
            gettext("%(signed)d of %(total)d people signed; %(missing)d missing.")
            % {
                "signed": signed,
                "total": counts.get("total", 0),
                "missing": counts.get("missing", 0),
            },
        ]

    def perform(self, form):
        report = self.report
        if self.action == "confirm":
            services.unit_report_confirm(report=report, actor=self.request.user)
            self.done_message = gettext("The report is confirmed and sent to %(office)s.") % {
                "office": route_for(report.block).district_office
            }
        else:
            services.unit_report_receive(report=report, actor=self.request.user)
            self.done_message = gettext("The report is marked as received.")
