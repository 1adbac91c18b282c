"""What every write shares: row locks, the checks of :mod:`commitments.workflow`, the audit
line."""

from core.audit import record_step
from core.db import lock
from core.workflow import check_state
from units.permissions import can

from ..errors import NotAllowedError, WrongStateError
from ..models import AuditEntry, Campaign, Commitment, UnitReport
from ..workflow import CAMPAIGN_OPEN, Transition


def lock_commitment(commitment: Commitment) -> Commitment:
    """The commitment's row, locked until the transaction ends."""
    queryset = Commitment.objects.select_related(
        "campaign", "person", "person__user", "unit", "report_unit", "criteria_set"
    )
    return lock(queryset, commitment.pk)


def lock_report(report: UnitReport) -> UnitReport:
    queryset = UnitReport.objects.select_related("campaign", "report_unit")
    return lock(queryset, report.pk)


def lock_campaign(campaign: Campaign) -> Campaign:
    return lock(Campaign.objects, campaign.pk)


def check(transition: Transition, *, actor, obj, state: str, params: dict | None = None) -> None:
    """Refuse unless ``actor`` may take ``transition`` on ``obj`` and ``state`` allows it.

    The actor first: someone who may not act learns nothing about the state.
    """
    check_actor(transition, actor=actor, obj=obj)
    check_state(transition, state, error=WrongStateError, params=params)


def check_actor(transition: Transition, *, actor, obj) -> None:
    """Refuse unless ``actor`` passes ``transition``'s permission rule for ``obj``."""
    if not can(actor, transition.permission, obj):
        raise NotAllowedError()


def check_campaign_open(campaign: Campaign) -> None:
    """Refuse unless the campaign is open (signing and reporting happen only then)."""
    check_state(CAMPAIGN_OPEN, campaign.status, error=WrongStateError)


def audit(
    *,
    campaign: Campaign,
    actor,
    action: str,
    commitment: Commitment | None = None,
    report: UnitReport | None = None,
    data: dict | None = None,
) -> AuditEntry:
    return record_step(
        AuditEntry,
        app="commitments",
        step=action,
        actor=actor,
        obj=commitment or report or campaign,
        unit=commitment.unit if commitment else report.report_unit if report else None,
        data=data,
        campaign=campaign,
        commitment=commitment,
        report=report,
    )
