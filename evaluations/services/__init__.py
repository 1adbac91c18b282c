"""Writes to evaluations: one function per transition of :mod:`evaluations.workflow`."""

from .assessments import (
    assessment_save_and_submit,
    assessment_save_draft,
    colleague_assessment_submit,
    colleagues_assign,
    head_assessment_submit,
    self_assessment_submit,
)
from .collective import collective_review_record
from .cycles import cycle_close, cycle_open, cycle_open_queue
from .reminders import reminders_due, reminders_send, reminders_send_for_head
from .review import (
    combined_score,
    evaluation_acknowledge,
    evaluation_action_refusal,
    evaluation_conclude,
    evaluation_publish,
    evaluation_reopen,
    evaluation_return,
    evaluation_send_to_head,
    evaluation_sign_off,
    evaluations_publish_signed,
)

__all__ = [
    "assessment_save_and_submit",
    "assessment_save_draft",
    "colleague_assessment_submit",
    "colleagues_assign",
    "collective_review_record",
    "combined_score",
    "cycle_close",
    "cycle_open",
    "cycle_open_queue",
    "evaluation_acknowledge",
    "evaluation_action_refusal",
    "evaluation_conclude",
    "evaluation_publish",
    "evaluation_reopen",
    "evaluation_return",
    "evaluation_send_to_head",
    "evaluation_sign_off",
    "evaluations_publish_signed",
    "head_assessment_submit",
    "reminders_due",
    "reminders_send",
    "reminders_send_for_head",
    "self_assessment_submit",
]
