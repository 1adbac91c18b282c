"""The evaluation state machine in one place: which action leads from which states to which
state, and who may take it. Services enforce it; permission rules are generated from it.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import workflow


class State(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SELF_DRAFT = "self_draft", _("Self-assessment in progress")
    SELF_SUBMITTED = "self_submitted", _("Self-assessment submitted")
    COLLEAGUES = "colleagues", _("With colleagues")
    HEAD_REVIEW = "head_review", _("Head review")
    CONCLUDED = "concluded", _("Concluded")
    SIGNED_OFF = "signed_off", _("Signed off")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned")
    REOPENED = "reopened", _("Reopened")


class Actor(StrEnum):
    PERSON = "person"  # the person being evaluated
    COLLEAGUE = "colleague"  # a colleague the head asked
    HEAD = "head"  # the head who assesses the person (see selectors.evaluation_head)
    ADMIN = "admin"  # an administrator whose scope covers the unit


@dataclass(frozen=True)
class Transition(workflow.Transition):
    needs_open_cycle: bool = True  # refused once the evaluation's cycle is closed


def _t(sources, target, actor: Actor, **kwargs) -> Transition:
    return Transition(frozenset(sources), target, actor, **kwargs)


SELF_EDITABLE = (State.NOT_STARTED, State.SELF_DRAFT, State.RETURNED)

TRANSITIONS: dict[str, Transition] = {
    "self_save_draft": _t(SELF_EDITABLE, State.SELF_DRAFT, Actor.PERSON),
    "self_submit": _t(SELF_EDITABLE, State.SELF_SUBMITTED, Actor.PERSON),
    "colleagues_assign": _t((State.SELF_SUBMITTED, State.COLLEAGUES), State.COLLEAGUES, Actor.HEAD),
    "colleague_save_draft": _t((State.COLLEAGUES,), None, Actor.COLLEAGUE),
    "colleague_submit": _t((State.COLLEAGUES,), None, Actor.COLLEAGUE),
    "send_to_head": _t(
        (State.SELF_SUBMITTED, State.COLLEAGUES, State.REOPENED), State.HEAD_REVIEW, Actor.HEAD
    ),
    "head_save_draft": _t((State.HEAD_REVIEW,), None, Actor.HEAD),
    "head_submit": _t((State.HEAD_REVIEW,), None, Actor.HEAD),
    "return": _t(
        (
            State.SELF_SUBMITTED,
            State.COLLEAGUES,
            State.HEAD_REVIEW,
            State.CONCLUDED,
            State.REOPENED,
        ),
        State.RETURNED,
        Actor.HEAD,
    ),
    "conclude": _t((State.HEAD_REVIEW,), State.CONCLUDED, Actor.HEAD),
    "sign_off": _t((State.CONCLUDED,), State.SIGNED_OFF, Actor.HEAD),
    "publish": _t((State.SIGNED_OFF,), State.PUBLISHED, Actor.HEAD, needs_open_cycle=False),
    "acknowledge": _t(
        (State.SIGNED_OFF, State.PUBLISHED), None, Actor.PERSON, needs_open_cycle=False
    ),
    "reopen": _t(
        (State.SIGNED_OFF, State.PUBLISHED), State.REOPENED, Actor.ADMIN, needs_open_cycle=False
    ),
}

# Assessment kind -> (save-draft action, submit action).
KIND_ACTIONS = {
    "self": ("self_save_draft", "self_submit"),
    "colleague": ("colleague_save_draft", "colleague_submit"),
    "head": ("head_save_draft", "head_submit"),
}


def allowed_actions(state: str) -> list[str]:
    """The actions the machine allows from ``state`` (whoever the actor)."""
    return workflow.allowed_actions(TRANSITIONS, state)
