"""Text as people typed it, stored as Vietnamese expects: NFC, trimmed.

Vietnamese letters can be typed composed ("ễ", one code point, NFC) or decomposed ("e" and
two combining marks, NFD), depending on the keyboard and the system; both look the same and
compare different. Text is normalised to NFC where it enters (forms, imports, search
queries), so that a name typed one way is found when searched the other.
"""

import unicodedata

from django import forms


def clean_text(value) -> str:
    """``value`` as text in NFC, without leading or trailing white space ("" for None)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


class CleanTextMixin:
    """A form whose text values leave :meth:`clean` normalised by :func:`clean_text`.

    Put it first among the bases; a subclass's own ``clean()`` sees normalised values
    after calling ``super().clean()``. Passwords are left exactly as typed.
    """

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(self.cleaned_data.items()):
            field = self.fields.get(name)
            if isinstance(value, str) and not isinstance(
                getattr(field, "widget", None), forms.PasswordInput
            ):
                self.cleaned_data[name] = clean_text(value)
        return cleaned_data


class CleanTextModelForm(CleanTextMixin, forms.ModelForm):
    """A model form (e.g. an admin's ``form``) whose text is normalised."""


class CleanSearchMixin:
    """A model admin whose search box matches whatever form the query was typed in."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, clean_text(search_term))
