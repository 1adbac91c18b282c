"""Permission rules of the commitments, registered in ``units.permissions``.

A commitment and an office's report are seen by the person (their own), the block office
clerk of the ward and block, the district office of the block and the administrators whose
scope covers them. A clerk's block is the one on their assignment; the district offices
each review one block (``RoleAssignment.reviewed_block``).
"""

from dataclasses import dataclass

from units.models import RoleAssignment, Unit
from units.permissions import rule
from units.scope import covers
from units.selectors import assignments_with_role, person_for, scope_of

from . import routing
from .models import Campaign, Commitment, UnitReport

Role = RoleAssignment.Role
OFFICE_ROLES = (Role.OFFICE_CLERK,)
VIEWER_ROLES = (
    Role.OFFICE_CLERK,
    Role.HOME_AFFAIRS_REVIEWER,
    Role.ORGANISATION_BOARD_REVIEWER,
    Role.ADMINISTRATOR,
)
TRACKING_ROLES = (
    Role.HOME_AFFAIRS_REVIEWER,
    Role.ORGANISATION_BOARD_REVIEWER,
    Role.ADMINISTRATOR,
)


@dataclass(frozen=True)
class Office:
    """One block's office of one reporting unit in one campaign (the clerk's list)."""

    campaign: Campaign
    report_unit: Unit
    block: str


def is_owner(user, commitment: Commitment) -> bool:
    person = person_for(user)
    return person is not None and person.pk == commitment.person_id


def is_confirming_head(user, report: UnitReport) -> bool:
    person = person_for(user)
    if person is None or not person.is_active or not person.is_unit_head:
        return False
    head = routing.confirming_head(report.report_unit, report.block)
    return head is not None and head.pk == person.pk


@rule("commitments.view_commitment")
def _view_commitment(user, commitment: Commitment) -> bool:
    return is_owner(user, commitment) or covers(
        scope_of(user, *VIEWER_ROLES), commitment.unit, block=commitment.block
    )


@rule("commitments.sign")
def _sign(user, commitment: Commitment) -> bool:
    return is_owner(user, commitment)


@rule("commitments.record_paper")
def _record_paper(user, commitment: Commitment) -> bool:
    return covers(scope_of(user, *OFFICE_ROLES), commitment.unit, block=commitment.block)


@rule("commitments.view_office")
def _view_office(user, office: Office) -> bool:
    return covers(scope_of(user, *VIEWER_ROLES), office.report_unit, block=office.block)


@rule("commitments.manage_office")
def _manage_office(user, office: Office) -> bool:
    """Send reminders and submit the report: the block office clerk."""
    return covers(scope_of(user, *OFFICE_ROLES), office.report_unit, block=office.block)


@rule("commitments.view_report")
def _view_report(user, report: UnitReport) -> bool:
    return covers(
        scope_of(user, *VIEWER_ROLES), report.report_unit, block=report.block
    ) or is_confirming_head(user, report)


@rule("commitments.confirm_report")
def _confirm_report(user, report: UnitReport) -> bool:
    return is_confirming_head(user, report)


@rule("commitments.receive_report")
def _receive_report(user, report: UnitReport) -> bool:
    role = routing.route_for(report.block).district_role
    return covers(scope_of(user, role), report.report_unit, block=report.block)


@rule("commitments.view_tracking")
def _view_tracking(user, campaign: Campaign | None) -> bool:
    return bool(assignments_with_role(user, *TRACKING_ROLES))


@rule("commitments.change_campaign")
@rule("commitments.open_campaign")
def _open_campaign(user, campaign: Campaign | None) -> bool:
    if campaign is None or not campaign.pk:
        return bool(assignments_with_role(user, Role.ADMINISTRATOR))
    units = list(campaign.scope_units.all())
    return bool(units) and all(covers(scope_of(user, Role.ADMINISTRATOR), unit) for unit in units)
