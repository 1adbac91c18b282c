"""Small template helpers for the evaluation pages."""

from decimal import Decimal

from django import template
from django.forms import Textarea
from django.forms.utils import flatatt
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join

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


# --- the criteria rows of the assessment form -------------------------------------------------
# A form has two fields per criterion (≈ 60 on the leaders' form). Rendering each through
# crispy's field templates and Django's widget templates cost about half of the page's CPU,
# so these two tags write the same Bootstrap markup straight from the bound field: the
# attributes still come from the form's widgets (one place), only the templates are skipped.


def _control(bound, *, invalid_class: str = " is-invalid") -> tuple[dict, str]:
    """The widget's final attributes (id, name, the form's attributes, the error marks)."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs(widget.build_attrs(widget.attrs))
    attrs["name"] = bound.html_name
    attrs["id"] = bound.auto_id
    errors = ""
    if bound.errors:
        attrs["class"] = attrs.get("class", "") + invalid_class
        attrs["aria-describedby"] = f"{bound.auto_id}_error"
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            bound.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((index, bound.auto_id, message) for index, message in enumerate(bound.errors, 1)),
            ),
        )
    return attrs, errors


@register.simple_tag
def score_field(bound, suffix: str) -> str:
    """A number input with ``suffix`` appended (``/ 10``) and its errors, Bootstrap 5."""
    attrs, errors = _control(bound)
    value = bound.field.widget.format_value(bound.value())
    if value is not None:
        attrs["value"] = value
    return format_html(
        '<div id="div_{id}" class="mb-3{danger}"><div class="input-group{validation}">'
        '<input type="{type}"{attrs}><span class="input-group-text">{suffix}</span>{errors}'
        "</div></div>",
        id=bound.auto_id,
        danger=" has-danger" if errors else "",
        validation=" has-validation" if errors else "",
        type=bound.field.widget.input_type,
        attrs=flatatt(attrs),
        suffix=suffix,
        errors=errors,
    )


@register.simple_tag
def comment_field(bound) -> str:
    """A textarea and its errors, Bootstrap 5 (no label: the row labels it)."""
    attrs, errors = _control(bound)
    value = bound.field.widget.format_value(bound.value())
    return format_html(
        '<div id="div_{id}" class="mb-3"><textarea{attrs}>\n{value}</textarea>{errors}</div>',
        id=bound.auto_id,
        attrs=flatatt(attrs),
        value=value or "",
        errors=errors,
    )


@register.simple_tag
def labelled_field(bound) -> str:
    """A labelled textarea or select and its errors, Bootstrap 5 (the self-report fields)."""
    attrs, errors = _control(bound)
    widget = bound.field.widget
    if isinstance(widget, Textarea):
        value = widget.format_value(bound.value())
        control = format_html("<textarea{}>\n{}</textarea>", flatatt(attrs), value or "")
    else:  # a select: its options through Django's widget (one template)
        control = bound.as_widget(attrs={"class": attrs["class"], **_aria(attrs)})
    return format_html(
        '<div id="div_{id}" class="mb-3"><label for="{id}" class="form-label">{label}</label>'
        "{control}{errors}</div>",
        id=bound.auto_id,
        label=bound.label,
        control=control,
        errors=errors,
    )


def _aria(attrs: dict) -> dict:
    return {name: value for name, value in attrs.items() if name.startswith("aria-")}
