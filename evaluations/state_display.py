"""How an evaluation state reads on a page: what comes next, in words, for the person and for
the head, and the badge classes of each state."""

from django.utils.translation import gettext_lazy as _

from .models import State

PERSON_NEXT = {
    State.NOT_STARTED: _("Fill in and send your self-assessment."),
    State.SELF_DRAFT: _("Finish and send your self-assessment."),
    State.RETURNED: _("Your evaluation was returned: revise and send your self-assessment again."),
    State.SELF_SUBMITTED: _("Sent. Your head will ask colleagues or review it."),
    State.COLLEAGUES: _("Sent. Colleagues are assessing you."),
    State.HEAD_REVIEW: _("Sent. Your head is reviewing it."),
    State.CONCLUDED: _("Your head has concluded; the result will be signed off."),
    State.SIGNED_OFF: _("Signed off: read your result and confirm you have seen it."),
    State.PUBLISHED: _("Published: read your result and confirm you have seen it."),
    State.REOPENED: _("Reopened by an administrator; your head reviews it again."),
}

HEAD_NEXT = {
    State.NOT_STARTED: _("Waiting for the self-assessment"),
    State.SELF_DRAFT: _("Waiting for the self-assessment"),
    State.RETURNED: _("Returned; waiting for the self-assessment"),
    State.SELF_SUBMITTED: _("Ask colleagues or start your review"),
    State.COLLEAGUES: _("Colleagues are answering"),
    State.HEAD_REVIEW: _("Give your assessment and conclude"),
    State.CONCLUDED: _("Sign off"),
    State.SIGNED_OFF: _("Publish"),
    State.PUBLISHED: _("Done"),
    State.REOPENED: _("Review again"),
}

STATE_BADGES = {
    State.NOT_STARTED: "text-bg-light border",
    State.SELF_DRAFT: "text-bg-warning",
    State.RETURNED: "text-bg-danger",
    State.SELF_SUBMITTED: "text-bg-info",
    State.COLLEAGUES: "text-bg-info",
    State.HEAD_REVIEW: "text-bg-primary",
    State.CONCLUDED: "text-bg-primary",
    State.SIGNED_OFF: "text-bg-success",
    State.PUBLISHED: "text-bg-success",
    State.REOPENED: "text-bg-warning",
}


def person_next(state: str) -> str:
    return PERSON_NEXT.get(state, "")


def head_next(state: str) -> str:
    return HEAD_NEXT.get(state, "")


def badge(state: str) -> str:
    return STATE_BADGES.get(state, "text-bg-secondary")
