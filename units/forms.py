"""Forms of the organisation admin."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from .roster import RosterImportError

ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


class RosterImportForm(ImportForm):
    """The upload step of a roster import: refuses what cannot be a roster before parsing.

    Files over ``settings.ROSTER_IMPORT_MAX_BYTES``, empty files and files whose bytes do
    not match the chosen format (an image renamed .xlsx, a binary blob as .csv) are
    refused here, with a message, and never reach the spreadsheet reader. The format may
    be left empty: it is then taken from the file name.

    A file that passes is read here, once, by the bounded readers of
    :mod:`units.roster.files` (which refuse archive bombs, XML entities, too many rows
    and formula cells); its rows are then in :attr:`dataset`.
    """

    dataset = None

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        import_file = self.fields["import_file"]
        import_file.allow_empty_file = True  # our own message below, not Django's
        import_file.help_text = _(
            "An Excel (.xlsx) or CSV (UTF-8) file of at most %(limit)s, with the column "
            "headers in the first row."
        ) % {"limit": filesizeformat(settings.ROSTER_IMPORT_MAX_BYTES)}
        self.fields["format"].required = False

    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        limit = settings.ROSTER_IMPORT_MAX_BYTES
        if import_file.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files."),
                code="too_large",
                params={"size": filesizeformat(import_file.size), "limit": filesizeformat(limit)},
            )
        if import_file.size == 0:
            raise forms.ValidationError(_("The file has no data rows."), code="empty")
        return import_file

    def clean(self):
        cleaned_data = super().clean()
        import_file = cleaned_data.get("import_file")
        if import_file is None:
            return cleaned_data
        if cleaned_data.get("format") in (None, ""):
            index = self._format_from_name(import_file.name)
            if index is None:
                self.add_error(
                    "format",
                    _("Choose the format of the file (xlsx or csv)."),
                )
                return cleaned_data
            cleaned_data["format"] = str(index)
        file_format = self.formats[int(cleaned_data["format"])]()
        if not self._content_matches(import_file, file_format):
            self.add_error("import_file", self._mismatch_message(import_file, file_format))
            return cleaned_data
        self._read(import_file, file_format)
        return cleaned_data

    def _read(self, import_file, file_format) -> None:
        import_file.seek(0)
        data = import_file.read()
        import_file.seek(0)
        try:
            self.dataset = file_format.create_dataset(
                data if file_format.is_binary() else data.decode("utf-8-sig")
            )
        except RosterImportError as error:
            self.add_error("import_file", str(error))
        except Exception:  # a damaged file: whatever the reader raised, one message
            self.add_error("import_file", unreadable_message())
        else:
            if not self.dataset:
                self.add_error("import_file", _("The file has no data rows."))

    def _format_from_name(self, name: str) -> int | None:
        for index, file_format in enumerate(self.formats):
            if name.lower().endswith("." + file_format().get_extension()):
                return index
        return None

    @staticmethod
    def _content_matches(import_file, file_format) -> bool:
        import_file.seek(0)
        try:
            if file_format.is_binary():
                return import_file.read(len(ZIP_MAGIC)) == ZIP_MAGIC
            data = import_file.read()
            if b"\x00" in data:
                return False
            try:
                data.decode("utf-8-sig")
            except UnicodeDecodeError:
                return False
            return True
        finally:
            import_file.seek(0)

    @staticmethod
    def _mismatch_message(import_file, file_format):
        if file_format.is_binary():
            return _(
                "“%(name)s” is not an Excel spreadsheet (.xlsx). Open it in Excel and save it "
                "as “Excel Workbook (*.xlsx)”, or start from the template."
            ) % {"name": import_file.name}
        return _(
            "“%(name)s” is not a CSV text file in UTF-8. In Excel, save it as “CSV UTF-8 "
            "(Comma delimited) (*.csv)”, or use the .xlsx template."
        ) % {"name": import_file.name}


def unreadable_message() -> str:
    return _(
        "The file could not be read as a spreadsheet: it is damaged or it is not "
        "an .xlsx or .csv file. Check the file and the chosen format."
    )


class RosterConfirmImportForm(ConfirmImportForm):
    """The confirm step; when the preview moves people between units, a box to tick."""

    transfers_reviewed = forms.BooleanField(
        label=_("I have reviewed the unit changes"), required=False
    )
