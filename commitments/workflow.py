"""The commitments' state machines in one place: which action leads from which states to
which state, who takes it and what a refusal says. Services check these tables.

Three machines: a campaign (draft → open → closed), a person's commitment (pending →
signed, online or on paper) and an office's report (submitted → confirmed → received).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from core import workflow

from .models import Campaign, Commitment, UnitReport


class Actor(StrEnum):
    PERSON = "person"  # the person who signs their own commitment
    OFFICE = "office"  # the block office clerk of the reporting unit
    HEAD = "head"  # the head who confirms the office's report
    DISTRICT = "district"  # the district office of the block
    ADMIN = "admin"  # an administrator whose scope covers the campaign's units


@dataclass(frozen=True)
class Transition(workflow.Transition):
    permission: str = ""  # the rule of commitments.permissions the actor must pass


def _t(sources, target, actor: Actor, permission: str, refusal="", code="") -> Transition:
    return Transition(frozenset(sources), target, actor, refusal, code, permission)


# No report yet: the office's first submission.
NO_REPORT = ""

CAMPAIGN_TRANSITIONS: dict[str, Transition] = {
    "campaign_open": _t(
        (Campaign.Status.DRAFT,),
        Campaign.Status.OPEN,
        Actor.ADMIN,
        "commitments.open_campaign",
        _("Only a draft campaign can be opened."),
    ),
    "campaign_close": _t(
        (Campaign.Status.OPEN,),
        Campaign.Status.CLOSED,
        Actor.ADMIN,
        "commitments.open_campaign",
        _("Only an open campaign can be closed."),
    ),
    # Reminding people records a reminder without changing the campaign.
    "office_remind": _t(
        (Campaign.Status.OPEN,),
        None,
        Actor.OFFICE,
        "commitments.manage_office",
        _("The commitment campaign is not open."),
        "not_open",
    ),
}

# Signing and reporting happen only while the campaign is open.
CAMPAIGN_OPEN = CAMPAIGN_TRANSITIONS["office_remind"]

_ALREADY_SIGNED = _("This commitment was already signed on %(date)s; it cannot be signed again.")

COMMITMENT_TRANSITIONS: dict[str, Transition] = {
    "sign_online": _t(
        (Commitment.Status.PENDING,),
        Commitment.Status.SIGNED,
        Actor.PERSON,
        "commitments.sign",
        _ALREADY_SIGNED,
        "already_signed",
    ),
    "record_paper": _t(
        (Commitment.Status.PENDING,),
        Commitment.Status.SIGNED,
        Actor.OFFICE,
        "commitments.record_paper",
        _ALREADY_SIGNED,
        "already_signed",
    ),
}

REPORT_TRANSITIONS: dict[str, Transition] = {
    # Submitted again, until the head confirms it.
    "report_submit": _t(
        (NO_REPORT, UnitReport.Status.SUBMITTED),
        UnitReport.Status.SUBMITTED,
        Actor.OFFICE,
        "commitments.manage_office",
        _("The head has already confirmed this report; it can no longer be changed."),
        "confirmed",
    ),
    "report_confirm": _t(
        (UnitReport.Status.SUBMITTED,),
        UnitReport.Status.CONFIRMED,
        Actor.HEAD,
        "commitments.confirm_report",
        _("This report has already been confirmed."),
        "confirmed",
    ),
    "report_receive": _t(
        (UnitReport.Status.CONFIRMED,),
        UnitReport.Status.RECEIVED,
        Actor.DISTRICT,
        "commitments.receive_report",
        _("Only a report confirmed by the head can be received."),
        "not_confirmed",
    ),
}
