"""What every write shares: row locks and the audit line."""

from core.db import lock
from core.models import recorded_user

from ..models import AuditEntry, Campaign, Commitment, UnitReport


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


def audit(
    *,
    campaign: Campaign,
    actor,
    action: str,
    commitment: Commitment | None = None,
    report: UnitReport | None = None,
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        campaign=campaign,
        commitment=commitment,
        report=report,
        actor=recorded_user(actor),
        action=action,
        data=data or {},
    )
