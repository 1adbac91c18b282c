"""An office's report: the clerk submits it, the head confirms it, the district receives it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.permissions import can

from .. import notifications, routing, selectors
from ..errors import NotAllowedError, WrongStateError
from ..models import Campaign, UnitReport
from ..permissions import Office
from ._base import audit, lock_campaign, lock_report


@transaction.atomic
def unit_report_submit(
    *, office: Office, actor, now: datetime.datetime | None = None
) -> UnitReport:
    """Submit (or submit again, until the head confirms) the office's report.

    Allowed while people are still missing: they are listed in the report. Counts and the
    missing people are a snapshot of this moment.
    """
    if not can(actor, "commitments.manage_office", office):
        raise NotAllowedError()
    # Serialises the offices' submissions of a campaign: one report per office.
    campaign = lock_campaign(office.campaign)
    if campaign.status != Campaign.Status.OPEN:
        raise WrongStateError(_("The commitment campaign is not open."), code="not_open")
    report = selectors.office_report(office)
    if report is not None and report.status != UnitReport.Status.SUBMITTED:
        raise WrongStateError(
            _("The head has already confirmed this report; it can no longer be changed."),
            code="confirmed",
        )
    now = now or timezone.now()
    if report is None:
        report = UnitReport(campaign=campaign, report_unit=office.report_unit, block=office.block)
    report.counts = selectors.office_counts(office).as_dict()
    report.missing_people = selectors.office_missing_people(office)
    report.submitted_by = actor
    report.submitted_at = now
    report._history_user = actor
    report.save()
    audit(
        campaign=campaign,
        report=report,
        actor=actor,
        action="report_submit",
        data={"counts": report.counts},
    )
    notifications.report_submitted(
        report, routing.confirming_head(office.report_unit, office.block)
    )
    return report


@transaction.atomic
def unit_report_confirm(
    *, report: UnitReport, actor, now: datetime.datetime | None = None
) -> UnitReport:
    """The head (Chủ tịch UBND or Bí thư Đảng ủy) confirms and sends it to the district."""
    report = lock_report(report)
    if not can(actor, "commitments.confirm_report", report):
        raise NotAllowedError()
    if report.status != UnitReport.Status.SUBMITTED:
        raise WrongStateError(_("This report has already been confirmed."), code="confirmed")
    report.status = UnitReport.Status.CONFIRMED
    report.confirmed_by = actor
    report.confirmed_at = now or timezone.now()
    report._history_user = actor
    report.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit(campaign=report.campaign, report=report, actor=actor, action="report_confirm")
    return report


@transaction.atomic
def unit_report_receive(
    *, report: UnitReport, actor, now: datetime.datetime | None = None
) -> UnitReport:
    """The district office of the block (phòng Nội vụ or Ban Tổ chức) records receipt."""
    report = lock_report(report)
    if not can(actor, "commitments.receive_report", report):
        raise NotAllowedError()
    if report.status != UnitReport.Status.CONFIRMED:
        raise WrongStateError(
            _("Only a report confirmed by the head can be received."), code="not_confirmed"
        )
    report.status = UnitReport.Status.RECEIVED
    report.received_by = actor
    report.received_at = now or timezone.now()
    report._history_user = actor
    report.save(update_fields=["status", "received_by", "received_at"])
    audit(campaign=report.campaign, report=report, actor=actor, action="report_receive")
    return report
