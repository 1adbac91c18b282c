"""How roster cells are read and written: the widgets (files are read by :mod:`.files`).

Values are read leniently (codes or labels of a choice, in either language, "Có"/"x"/"1"
for yes) and written back in the form the import reads.
"""

from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext
from import_export.widgets import Widget

from core.text import clean_text
from core.xlsx import escape_formula, unescape_formula

from .columns import DATE_FORMAT, NO, YES, is_blank, normalise

# --- widgets ---------------------------------------------------------------------------------


class TextWidget(Widget):
    """Trimmed NFC text; formula-like text is escaped on export and unescaped on import."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into a number cell: 1234, not 1234.0
        return unescape_formula(clean_text(value))

    def render(self, value, obj=None, **kwargs):
        return escape_formula(value)


class DateWidget(Widget):
    """dd/mm/yyyy text, or a date cell of the spreadsheet."""

    input_formats = (DATE_FORMAT, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if is_blank(value):
            return None
        text = str(value).strip()
        for input_format in self.input_formats:
            try:
                return datetime.strptime(text, input_format).date()
            except ValueError:
                continue
        raise ValueError(
            gettext("“%(value)s” is not a valid date: write it as dd/mm/yyyy, e.g. 05/09/1985.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.strftime(DATE_FORMAT) if value else ""


class YesNoWidget(Widget):
    """Có/Không, x, 1/0, yes/no; an empty cell takes the field's default."""

    TRUE = {"có", "co", "c", "x", "1", "true", "yes", "y", "đúng", "dung"}
    FALSE = {"không", "khong", "k", "0", "false", "no", "n", "sai"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if is_blank(value):
            return None
        key = normalise(value)
        if key in self.TRUE:
            return True
        if key in self.FALSE:
            return False
        raise ValueError(
            gettext("“%(value)s” is not a yes/no answer: write Có or Không.")
            % {"value": str(value).strip()}
        )

    def render(self, value, obj=None, **kwargs):
        return YES if value else NO


class ChoiceWidget(Widget):
    """A choice given by its code or its label (Vietnamese or English), any case."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self._aliases = None

    def aliases(self) -> dict[str, str]:
        if self._aliases is None:
            aliases = {}
            for language in ("en", "vi"):
                with translation.override(language):
                    for choice in self.choices:
                        aliases[normalise(choice.label)] = choice.value
            aliases.update({normalise(choice.value): choice.value for choice in self.choices})
            self._aliases = aliases
        return self._aliases

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        try:
            return self.aliases()[normalise(value)]
        except KeyError:
            allowed = "; ".join(f"{choice.label} ({choice.value})" for choice in self.choices)
            raise ValueError(
                gettext("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": str(value).strip(), "allowed": allowed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return str(self.choices(value).label)


class OrderWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = -1
        if number < 0 or not number.is_integer():
            raise ValueError(
                gettext("“%(value)s” is not a whole number (0, 1, 2, …).")
                % {"value": str(value).strip()}
            )
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class UnitCodeWidget(Widget):
    """A unit given by its code, looked up in the resource's table of units (no query)."""

    def __init__(self):
        super().__init__()
        self.resource = None  # set by the resource: its table of units by code

    def clean(self, value, row=None, **kwargs):
        code = TextWidget().clean(value)
        if not code:
            return None
        unit = self.resource.unit_by_code(code)
        if unit is None:
            raise ValueError(gettext("There is no unit with code “%(code)s”.") % {"code": code})
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""
