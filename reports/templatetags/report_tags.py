"""Links between the report pages that keep the chosen filters."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.formats import get_format

from core.numbers import round_half_up
from reports.dashboard.scope import SESSION_KEY

register = template.Library()


@register.simple_tag
def report_url(name, filters, **changes) -> str:
    """The URL of report page ``name`` with the current filters and ``changes``."""
    query = filters.query(**changes) if filters is not None else ""
    return reverse(name) + (f"?{query}" if query else "")


@register.simple_tag
def drill_url(row, filters) -> str:
    """Where a unit's row leads: its own units while it has any, else its people."""
    unit = row.unit
    if row.is_own or not getattr(unit, "has_children", False):
        return report_url("reports:people", filters, unit=unit.pk, page=None)
    return report_url("reports:dashboard", filters, unit=unit.pk)


@register.simple_tag(takes_context=True)
def reports_link_visible(context) -> bool:
    """Whether the navbar offers the reports, from the session (kept at login): no query."""
    session = getattr(context.get("request"), "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


@register.filter
def dec(value) -> str:
    """A figure rounded half up to one decimal (:func:`core.numbers.round_half_up`), with the
    language's decimal mark; "–" if none. Whole numbers (counts) are shown as they are.

    Much cheaper than ``floatformat`` (which rounds half to even) on pages with hundreds of
    figures.
    """
    if value is None or value == "":
        return "–"
    if isinstance(value, (Decimal, float)):
        value = round_half_up(value)
    return str(value).replace(".", get_format("DECIMAL_SEPARATOR"))
