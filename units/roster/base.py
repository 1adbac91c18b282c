"""The shared import machinery of the roster resources.

An import checks the whole file before writing anything: the headers first, then every
row, with errors keyed by column header and reported by spreadsheet row (the header is
row 1).
"""

import io
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from ..models import Unit
from ..permissions import can
from .columns import RosterImportError, is_blank, normalise
from .widgets import UnitCodeWidget

# --- the shared import machinery -------------------------------------------------------------


class TableInstanceLoader(BaseInstanceLoader):
    """Finds existing records in the table the resource loaded once in ``before_import``."""

    def get_instance(self, row):
        return self.resource.existing_instance(row)


class RosterResource(resources.ModelResource):
    """Header checks, row numbers, errors keyed by column, scope checks, a cached unit table."""

    #: columns a file must have
    required_columns: tuple[str, ...] = ()
    #: whether full_clean() checks uniqueness and constraints (a query per row each)
    validate_unique_in_model = True
    #: model fields full_clean() leaves to this resource (checked without a query per row)
    clean_exclude: tuple[str, ...] = ()
    #: columns read on import that are no model field (not exported; in the template)
    extra_columns: tuple[str, ...] = ()
    #: a note on a column's header in the template
    column_notes: dict[str, str] = {}
    template_sheet_title = ""
    template_filename = ""
    example_row: tuple = ()

    def __init__(self, on_row=None, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_folded_code: dict[str, Unit] = {}
        self.units_by_pk: dict[int, Unit] = {}
        self.row_errors: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.current_line = 0
        #: told the number of each row imported or exported (a background job's progress)
        self.on_row = on_row
        self.original: dict[str, object] = {}
        self.fields_by_column = {field.column_name: field for field in self.get_import_fields()}
        for field in self.fields.values():
            if isinstance(field.widget, UnitCodeWidget):
                field.widget.resource = self

    # headers ------------------------------------------------------------------------------

    def columns(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()] + list(self.extra_columns)

    def column_for(self, attribute: str) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def tidy_dataset(self, dataset) -> None:
        """Check the headers and put them in canonical spelling; drop empty trailing rows.

        Raises :class:`RosterImportError` (and empties the dataset) when the headers are
        wrong or no row holds data, so that no row is imported from a misread file.
        """
        canonical = {normalise(column): column for column in self.columns()}
        keep, headers, unknown, repeated = [], [], [], []
        rows = list(dataset)
        for index, header in enumerate(dataset.headers or []):
            if is_blank(header):
                if any(not is_blank(row[index]) for row in rows):
                    unknown.append(
                        gettext("(column %(number)s has no header)") % {"number": index + 1}
                    )
                continue
            column = canonical.get(normalise(header))
            if column is None:
                unknown.append(f"“{str(header).strip()}”")
            elif column in headers:
                repeated.append(f"“{column}”")
            else:
                keep.append(index)
                headers.append(column)
        problems = []
        missing = [f"“{column}”" for column in self.required_columns if column not in headers]
        if missing:
            problems.append(
                gettext("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        if unknown:
            problems.append(
                gettext("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
            )
        if repeated:
            problems.append(
                gettext("Columns given more than once: %(columns)s.")
                % {"columns": ", ".join(repeated)}
            )
        rows = [[row[index] for index in keep] for row in rows]
        while rows and all(is_blank(value) for value in rows[-1]):
            rows.pop()
        dataset.wipe()
        if problems:
            dataset.headers = self.columns()
            problems.append(
                gettext("The first row of the sheet must hold the column headers: %(columns)s.")
                % {"columns": ", ".join(f"“{column}”" for column in self.columns())}
            )
            raise RosterImportError(" ".join(problems))
        dataset.headers = headers
        if not rows:
            raise RosterImportError(gettext("The file has no data rows."))
        for row in rows:
            dataset.append(row)

    # units --------------------------------------------------------------------------------

    def load_units(self) -> None:
        for unit in Unit.objects.all():
            self.remember_unit(unit)

    def remember_unit(self, unit: Unit) -> None:
        self.units_by_code[unit.code] = unit
        self.units_by_folded_code[unit.code.casefold()] = unit
        self.units_by_pk[unit.pk] = unit

    def unit_by_code(self, code: str) -> Unit | None:
        return self.units_by_code.get(code) or self.units_by_folded_code.get(code.casefold())

    def in_scope(self, unit: Unit) -> bool:
        """Whether the importing user may import into ``unit`` (no user: a script, yes)."""
        return self.user is None or can(self.user, "units.import_into_unit", unit)

    def out_of_scope_message(self, unit: Unit) -> str:
        return gettext("Unit %(code)s is outside the scope you manage.") % {"code": unit.code}

    # rows ---------------------------------------------------------------------------------

    def add_row_error(self, line: int, column: str, message: str) -> None:
        self.row_errors[line][column].append(message)

    def clean_value(self, column: str, row: dict, default=None):
        """The cleaned value of ``column`` in ``row``; ``default`` when absent or invalid."""
        if column not in row:
            return default
        field = self.fields_by_column[column]
        try:
            value = field.clean(row)
        except (ValueError, KeyError):
            return default
        return default if value is None else value

    def iter_rows(self, dataset):
        """(spreadsheet row number, row as a dict) for each row that holds data."""
        headers = dataset.headers
        for index, values in enumerate(dataset, start=1):
            row = dict(zip(headers, values, strict=False))
            if not all(is_blank(value) for value in row.values()):
                yield index + 1, row

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.tidy_dataset(dataset)
        self.load_units()
        self.check_file(dataset)

    def check_file(self, dataset) -> None:
        """Find the errors that involve several rows (duplicates, a second head...)."""

    def before_import_row(self, row, **kwargs):
        self.current_line = kwargs["row_number"] + 1

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.on_row is not None:
            self.on_row(kwargs["row_number"])

    def iter_queryset(self, queryset):
        for number, instance in enumerate(super().iter_queryset(queryset), start=1):
            if self.on_row is not None:
                self.on_row(number)
            yield instance

    def after_init_instance(self, instance, new, row, **kwargs):
        self.original = {} if new else self.remember_original(instance)

    def remember_original(self, instance) -> dict:
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if all(is_blank(value) for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def check_row(self, instance, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """More errors of this row (beyond ``errors`` found so far), keyed by column."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.clean_exclude],
                validate_unique=self.validate_unique_in_model,
                validate_constraints=self.validate_unique_in_model,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        by_column: dict[str, list[str]] = defaultdict(list)
        for attribute, value in errors.items():
            column = (
                NON_FIELD_ERRORS if attribute == NON_FIELD_ERRORS else self.column_for(attribute)
            )
            by_column[column].extend(ValidationError(value).messages)
        for column, messages in self.row_errors.get(self.current_line, {}).items():
            by_column[column].extend(messages)
        for column, messages in self.check_row(instance, by_column).items():
            by_column[column].extend(messages)
        if by_column:
            raise ValidationError(dict(by_column))

    def database_error(self, error: Exception) -> RosterImportError:
        return RosterImportError(
            gettext("The database refused the rows, nothing was saved: %(error)s")
            % {"error": error}
        )

    # export and template --------------------------------------------------------------------

    def template_workbook(self, user) -> bytes:
        """An .xlsx with the headers, one example row and any :meth:`extra_sheets`."""
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.template_sheet_title
        columns = [*self.get_export_headers(), *self.extra_columns]
        sheet.append(columns)
        sheet.append(list(self.example_values(user)))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            note = self.column_notes.get(cell.value)
            if note:
                cell.comment = Comment(str(note), "longbien-eval", width=320, height=140)
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
                14, len(column) + 4
            )
        sheet.freeze_panes = "A2"
        self.extra_sheets(workbook, user)
        workbook.active = 0
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def example_values(self, user) -> tuple:
        return self.example_row

    def extra_sheets(self, workbook, user) -> None:
        pass
