"""Forms of the commitment pages; the services decide, the forms only collect and check."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin

from .deadlines import local_today
from .uploads import scan_check, scan_max_bytes


class SignForm(CleanTextMixin, forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name"),
        max_length=255,
        help_text=_("Exactly as written above, with its diacritics."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("Re-enter the password you log in with, to confirm that you sign."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    read = forms.BooleanField(
        label=_("I have read the whole text and commit to carry it out."), required=True
    )


class PaperForm(CleanTextMixin, forms.Form):
    signed_on = forms.DateField(
        label=_("Date on the signed paper"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    scan = forms.FileField(
        label=_("Scan of the signed paper"),
        allow_empty_file=True,  # our own message in clean_scan
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = local_today()
        self.fields["scan"].help_text = _("PDF, JPEG or PNG, at most %(limit)s.") % {
            "limit": filesizeformat(scan_max_bytes())
        }

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        scan_check(scan)
        return scan

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > local_today():
            raise forms.ValidationError(_("The date on the paper cannot be in the future."))
        return signed_on


class OfficeFilterForm(CleanTextMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("on_time", _("Signed on time")),
            ("late", _("Signed late")),
            ("missing", _("Not signed yet")),
        ],
    )
    q = forms.CharField(label=_("Name or staff code"), required=False, max_length=100)
