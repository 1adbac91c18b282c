"""Small template helpers for the evaluation pages."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from .. import state_display

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    """Bootstrap badge classes for an evaluation state."""
    return state_display.badge(state)


@register.filter
def person_next(state: str) -> str:
    return state_display.person_next(state)


@register.filter
def head_next(state: str) -> str:
    return state_display.head_next(state)


@register.filter
def score(value) -> str:
    """A score with at most two decimals in the current locale, or a dash."""
    if value is None or value == "":
        return "–"
    return floatformat(Decimal(value), "-2")
