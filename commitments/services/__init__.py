"""Writes to commitments: campaigns, signing, the offices' reports, reminders."""

from .campaigns import (
    campaign_close,
    campaign_open,
    campaign_open_queue,
    campaign_propose_deadlines,
)
from .reminders import office_remind, reminders_send
from .reports import (
    report_action_refusal,
    unit_report_confirm,
    unit_report_receive,
    unit_report_submit,
)
from .signing import commitment_record_paper, commitment_sign_online

__all__ = [
    "campaign_close",
    "campaign_open",
    "campaign_open_queue",
    "campaign_propose_deadlines",
    "commitment_record_paper",
    "commitment_sign_online",
    "office_remind",
    "reminders_send",
    "report_action_refusal",
    "unit_report_confirm",
    "unit_report_receive",
    "unit_report_submit",
]
