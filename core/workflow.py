"""The pieces of a state machine table: one :class:`Transition` per action, and the state
check every service makes before it moves a row.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import WrongStateError


class PeriodStatus(models.TextChoices):
    """The states of a period the district opens for everyone and closes at its end: an
    evaluation cycle, a commitment campaign (each app's transition table says who moves it)."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


@dataclass(frozen=True)
class Transition:
    """An action: the states it leaves from, the state it leads to and who takes it.

    ``refusal`` (and ``refusal_code``) is the message when the state is not a source;
    empty, the error's own default is used.
    """

    sources: frozenset[str]
    target: str | None  # None: the action records something without changing the state
    actor: str
    refusal: str = ""
    refusal_code: str = ""


def allowed_actions(transitions: Mapping[str, Transition], state: str) -> list[str]:
    """The actions of ``transitions`` allowed from ``state`` (whoever the actor)."""
    return [name for name, transition in transitions.items() if state in transition.sources]


def check_state(
    transition: Transition,
    state: str,
    *,
    error: type[WrongStateError] = WrongStateError,
    message=None,
    params: dict | None = None,
) -> None:
    """Raise ``error`` unless ``transition`` may leave from ``state``.

    The message is ``message``, else the transition's ``refusal``, else the error's default.
    """
    if state not in transition.sources:
        raise error(message or transition.refusal or None, transition.refusal_code or None, params)
