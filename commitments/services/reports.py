"""An office's report: the clerk submits it, the head confirms it, the district receives it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.workflow import check_state

from .. import notifications, routing, selectors
from ..errors import WrongStateError
from ..models import UnitReport
from ..permissions import Office
from ..workflow import NO_REPORT, REPORT_TRANSITIONS
from ._base import audit, check, check_actor, check_campaign_open, lock_campaign, lock_report


def _check_submit(office: Office, actor, campaign, report: UnitReport | None) -> None:
    transition = REPORT_TRANSITIONS["report_submit"]
    check_actor(transition, actor=actor, obj=office)
    check_campaign_open(campaign)
    check_state(transition, report.status if report else NO_REPORT, error=WrongStateError)


def report_action_refusal(
    *, action: str, actor, office: Office | None = None, report: UnitReport | None = None
) -> str:
    """Why ``action`` of :data:`REPORT_TRANSITIONS` would be refused now, in words ("" when
    its service would act): the services' own checks, for a page that asks for confirmation
    first (``office`` for a submission, ``report`` for the later steps). Writes nothing."""
    try:
        if action == "report_submit":
            _check_submit(office, actor, office.campaign, selectors.office_report(office))
        else:
            transition = REPORT_TRANSITIONS[action]
            check(transition, actor=actor, obj=report, state=report.status)
    except ValidationError as error:
        return " ".join(str(message) for message in error.messages)
    return ""


@transaction.atomic
def unit_report_submit(
    *, office: Office, actor, now: datetime.datetime | None = None
) -> UnitReport:
    """Submit (or submit again, until the head confirms) the office's report.

    Allowed while people are still missing: they are listed in the report. Counts and the
    missing people are a snapshot of this moment.
    """
    transition = REPORT_TRANSITIONS["report_submit"]
    check_actor(transition, actor=actor, obj=office)
    # Serialises the offices' submissions of a campaign: one report per office.
    campaign = lock_campaign(office.campaign)
    report = selectors.office_report(office)
    _check_submit(office, actor, campaign, report)
    now = now or timezone.now()
    if report is None:
        report = UnitReport(campaign=campaign, report_unit=office.report_unit, block=office.block)
    report.status = transition.target
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
    return _step(report, action="report_confirm", stamp="confirmed", actor=actor, now=now)


@transaction.atomic
def unit_report_receive(
    *, report: UnitReport, actor, now: datetime.datetime | None = None
) -> UnitReport:
    """The district office of the block (phòng Nội vụ or Ban Tổ chức) records receipt."""
    return _step(report, action="report_receive", stamp="received", actor=actor, now=now)


def _step(
    report: UnitReport, *, action: str, stamp: str, actor, now: datetime.datetime | None
) -> UnitReport:
    """Move a submitted report one step on: who took the step and when go in its
    ``<stamp>_by`` and ``<stamp>_at`` fields. Runs inside the caller's transaction."""
    report = lock_report(report)
    transition = REPORT_TRANSITIONS[action]
    check(transition, actor=actor, obj=report, state=report.status)
    report.status = transition.target
    setattr(report, f"{stamp}_by", actor)
    setattr(report, f"{stamp}_at", now or timezone.now())
    report._history_user = actor
    report.save(update_fields=["status", f"{stamp}_by", f"{stamp}_at"])
    audit(campaign=report.campaign, report=report, actor=actor, action=action)
    return report
