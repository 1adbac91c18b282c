"""Roster import and export (people and units) through django-import-export.

The column headers are a file format, not interface text: they stay Vietnamese whatever the
interface language, so that a file exported in one language imports in the other and a
ward clerk recognises them. Values are read leniently (codes or labels of a choice, in
either language, "Có"/"x"/"1" for yes) and written back in the form the import reads.

An import checks the whole file before writing anything: the headers first, then every
row, with errors keyed by column header and reported by spreadsheet row (the header is
row 1). The admin runs it once as a dry run inside a rolled-back transaction (the
preview) and again for real only when the preview found no error; any error then rolls
the whole file back.
"""

import io
import unicodedata
from collections import defaultdict
from datetime import date, datetime

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import XLSX
from import_export.instance_loaders import BaseInstanceLoader
from import_export.widgets import Widget
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Block, Category, Person, Unit
from .permissions import can
from .selectors import units_in_scope

# --- column headers (a file format: fixed, Vietnamese) ------------------------------------

COL_STAFF_CODE = "Mã cán bộ"
COL_FULL_NAME = "Họ và tên"
COL_DATE_OF_BIRTH = "Ngày sinh"
COL_EMAIL = "Email"
COL_UNIT_CODE = "Mã đơn vị"
COL_POSITION = "Chức vụ"
COL_CATEGORY = "Nhóm đối tượng"
COL_IS_HEAD = "Thủ trưởng đơn vị"
COL_PERSON_ACTIVE = "Đang công tác"

COL_UNIT_NAME = "Tên đơn vị"
COL_KIND = "Loại"
COL_BLOCK = "Khối"
COL_SCHOOL_LEVEL = "Cấp học"
COL_PARENT_CODE = "Mã đơn vị cấp trên"
COL_SORT_ORDER = "Thứ tự"
COL_UNIT_ACTIVE = "Đang hoạt động"

YES, NO = "Có", "Không"
DATE_FORMAT = "%d/%m/%Y"

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value) -> str:
    """The text of ``value``, prefixed with an apostrophe when it would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`, so that an exported file imports unchanged."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def normalise(value) -> str:
    """A comparison key: NFC, trimmed, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(text.split()).casefold()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RosterImportError(Exception):
    """A problem with the file as a whole; its text is shown to the user as is."""


class RosterXLSX(XLSX):
    """The .xlsx reader, tolerant of ragged rows.

    Spreadsheet programs leave blank rows without cells and rows longer or shorter than
    the header row; every row is padded to one width (extra columns get an empty header,
    which :meth:`RosterResource.tidy_dataset` then drops or reports).
    """

    def create_dataset(self, in_stream):
        workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = [[cell.value for cell in row] for row in workbook.active.rows]
        finally:
            workbook.close()
        headers = rows.pop(0) if rows else []
        width = max([len(headers), *(len(row) for row in rows)])
        dataset = tablib.Dataset(headers=headers + [None] * (width - len(headers)))
        for row in rows:
            dataset.append(row + [None] * (width - len(row)))
        return dataset


# --- widgets ---------------------------------------------------------------------------------


class TextWidget(Widget):
    """Trimmed text; formula-like text is escaped on export and unescaped on import."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into a number cell: 1234, not 1234.0
        return unescape_formula(str(value).strip())

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
    template_sheet_title = ""
    template_filename = ""
    example_row: tuple = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_folded_code: dict[str, Unit] = {}
        self.units_by_pk: dict[int, Unit] = {}
        self.row_errors: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.current_line = 0
        self.original: dict[str, object] = {}
        self.fields_by_column = {field.column_name: field for field in self.get_import_fields()}
        for field in self.fields.values():
            if isinstance(field.widget, UnitCodeWidget):
                field.widget.resource = self

    # headers ------------------------------------------------------------------------------

    def columns(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

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
        columns = self.get_export_headers()
        sheet.append(columns)
        sheet.append(list(self.example_values(user)))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
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


# --- people ----------------------------------------------------------------------------------


class PersonResource(RosterResource):
    staff_code = Field(attribute="staff_code", column_name=COL_STAFF_CODE, widget=TextWidget())
    full_name = Field(attribute="full_name", column_name=COL_FULL_NAME, widget=TextWidget())
    date_of_birth = Field(
        attribute="date_of_birth", column_name=COL_DATE_OF_BIRTH, widget=DateWidget()
    )
    email = Field(attribute="email", column_name=COL_EMAIL, widget=TextWidget())
    unit = Field(attribute="unit", column_name=COL_UNIT_CODE, widget=UnitCodeWidget())
    position_title = Field(
        attribute="position_title", column_name=COL_POSITION, widget=TextWidget()
    )
    category = Field(
        attribute="category",
        column_name=COL_CATEGORY,
        widget=ChoiceWidget(Category),
        default=Category.STAFF,
    )
    is_unit_head = Field(
        attribute="is_unit_head", column_name=COL_IS_HEAD, widget=YesNoWidget(), default=False
    )
    is_active = Field(
        attribute="is_active", column_name=COL_PERSON_ACTIVE, widget=YesNoWidget(), default=True
    )

    required_columns = (COL_STAFF_CODE, COL_FULL_NAME, COL_UNIT_CODE)
    # The unit is found in the loaded table; uniqueness and the one-head rule are checked
    # for the whole file in check_file(): no query per row.
    clean_exclude = ("unit", "user")
    validate_unique_in_model = False
    template_sheet_title = "Danh sách cán bộ"
    template_filename = "mau-nhap-can-bo.xlsx"

    class Meta:
        model = Person
        name = "Cán bộ"
        fields = (
            "staff_code",
            "full_name",
            "date_of_birth",
            "email",
            "unit",
            "position_title",
            "category",
            "is_unit_head",
            "is_active",
        )
        import_id_fields = ("staff_code",)
        instance_loader_class = TableInstanceLoader
        use_bulk = True
        batch_size = 1000
        skip_html_diff = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.existing: dict[str, Person] = {}

    def existing_instance(self, row):
        return self.existing.get(self.clean_value(COL_STAFF_CODE, row, ""))

    def remember_original(self, instance) -> dict:
        return {"unit_id": instance.unit_id}

    def check_file(self, dataset) -> None:
        first_line: dict[str, int] = {}
        rows = []
        for line, row in self.iter_rows(dataset):
            code = self.clean_value(COL_STAFF_CODE, row, "")
            if not code:
                continue
            if code in first_line:
                self.add_row_error(
                    line,
                    COL_STAFF_CODE,
                    gettext("Staff code %(code)s already appears in row %(line)s.")
                    % {"code": code, "line": first_line[code]},
                )
                continue
            first_line[code] = line
            rows.append((line, code, row))
        self.existing = {}
        for person in Person.objects.filter(staff_code__in=list(first_line)):
            person.unit = self.units_by_pk[person.unit_id]  # no query when the diff reads it
            self.existing[person.staff_code] = person
        self.check_heads(rows)

    def check_heads(self, rows) -> None:
        """At most one active head per unit, counting the file and the people not in it."""
        heads_elsewhere = {
            person.unit_id: person
            for person in Person.objects.filter(is_unit_head=True, is_active=True).exclude(
                staff_code__in=[code for _line, code, _row in rows]
            )
        }
        heads_in_file: dict[int, int] = {}
        for line, code, row in rows:
            existing = self.existing.get(code)
            unit = self.clean_value(COL_UNIT_CODE, row)
            if unit is None and COL_UNIT_CODE not in row and existing:
                unit = self.units_by_pk.get(existing.unit_id)
            is_head = self.clean_value(
                COL_IS_HEAD, row, existing.is_unit_head if existing else False
            )
            is_active = self.clean_value(
                COL_PERSON_ACTIVE, row, existing.is_active if existing else True
            )
            if unit is None or not (is_head and is_active):
                continue
            other = heads_elsewhere.get(unit.pk)
            if other is not None:
                self.add_row_error(
                    line,
                    COL_IS_HEAD,
                    gettext(
                        "Unit %(unit)s already has an active head: %(name)s (%(code)s). "
                        "Mark that person as no longer head first, in this file or in the "
                        "admin."
                    )
                    % {"unit": unit.code, "name": other.full_name, "code": other.staff_code},
                )
            elif unit.pk in heads_in_file:
                self.add_row_error(
                    line,
                    COL_IS_HEAD,
                    gettext("Unit %(unit)s already has an active head in row %(line)s.")
                    % {"unit": unit.code, "line": heads_in_file[unit.pk]},
                )
            else:
                heads_in_file[unit.pk] = line

    def check_row(self, person, found) -> dict[str, list[str]]:
        errors = defaultdict(list)
        if person.unit_id is None and COL_UNIT_CODE not in found:
            errors[COL_UNIT_CODE].append(gettext("Fill in the code of the unit."))
        if person.is_unit_head and person.category != Category.LEADER:
            errors[COL_IS_HEAD].append(
                gettext("A unit head must be in the group “%(leader)s” (column “%(column)s”).")
                % {"leader": Category.LEADER.label, "column": COL_CATEGORY}
            )
        original_unit = self.units_by_pk.get(self.original.get("unit_id"))
        if original_unit is not None and not self.in_scope(original_unit):
            errors[COL_STAFF_CODE].append(
                gettext(
                    "Staff member %(code)s works in unit %(unit)s, outside the scope you manage."
                )
                % {"code": person.staff_code, "unit": original_unit.code}
            )
        unit = self.units_by_pk.get(person.unit_id)
        if unit is not None and not self.in_scope(unit):
            errors[COL_UNIT_CODE].append(self.out_of_scope_message(unit))
        return errors

    # Writes: in batches, with their history records; updates before creations so that a
    # head handing over to a newcomer steps down before the newcomer is inserted.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self.bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances, Person, batch_size=batch_size, default_user=self.user
                )
            except Exception as error:
                self.handle_import_error(result, self.database_error(error), raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            # People who stop being an active head go first: the one-head rule is checked
            # row by row by the database.
            stepping_down = [
                p for p in self.update_instances if not (p.is_unit_head and p.is_active)
            ]
            others = [p for p in self.update_instances if p.is_unit_head and p.is_active]
            try:
                for people in (stepping_down, others):
                    if people:
                        bulk_update_with_history(
                            people,
                            Person,
                            self.get_bulk_update_fields(),
                            batch_size=batch_size,
                            default_user=self.user,
                        )
            except Exception as error:
                self.handle_import_error(result, self.database_error(error), raise_errors)
            finally:
                self.update_instances.clear()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit")

    def example_values(self, user) -> tuple:
        unit = units_in_scope(user).exclude(kind__in=Unit.CONTAINER_KINDS).order_by("path").first()
        return (
            "CB00001",
            "Nguyễn Văn An",
            "05/09/1985",
            "an.nv@example.vn",
            unit.code if unit else "BODE-UBND",
            "Chuyên viên",
            str(Category.STAFF.label),
            NO,
            YES,
        )

    def extra_sheets(self, workbook, user) -> None:
        """A second sheet listing the units this user may import people into."""
        sheet = workbook.create_sheet("Mã đơn vị")
        sheet.append([COL_UNIT_CODE, COL_UNIT_NAME, COL_KIND, COL_BLOCK])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for unit in units_in_scope(user).order_by("path"):
            if can(user, "units.import_into_unit", unit):
                sheet.append(
                    [
                        unit.code,
                        escape_formula(unit.name),
                        str(unit.get_kind_display()),
                        str(unit.get_block_display()) if unit.block else "",
                    ]
                )
        sheet.column_dimensions["A"].width = 20
        sheet.column_dimensions["B"].width = 45


# --- units -----------------------------------------------------------------------------------


class UnitResource(RosterResource):
    code = Field(attribute="code", column_name=COL_UNIT_CODE, widget=TextWidget())
    name = Field(attribute="name", column_name=COL_UNIT_NAME, widget=TextWidget())
    kind = Field(attribute="kind", column_name=COL_KIND, widget=ChoiceWidget(Unit.Kind))
    block = Field(attribute="block", column_name=COL_BLOCK, widget=ChoiceWidget(Block))
    school_level = Field(
        attribute="school_level",
        column_name=COL_SCHOOL_LEVEL,
        widget=ChoiceWidget(Unit.SchoolLevel),
    )
    parent = Field(attribute="parent", column_name=COL_PARENT_CODE, widget=UnitCodeWidget())
    sort_order = Field(
        attribute="sort_order", column_name=COL_SORT_ORDER, widget=OrderWidget(), default=0
    )
    is_active = Field(
        attribute="is_active", column_name=COL_UNIT_ACTIVE, widget=YesNoWidget(), default=True
    )

    required_columns = (COL_UNIT_CODE, COL_UNIT_NAME, COL_KIND)
    template_sheet_title = "Danh sách đơn vị"
    template_filename = "mau-nhap-don-vi.xlsx"
    example_row = (
        "BODE-UBND",
        "UBND phường Bồ Đề",
        str(Unit.Kind.GOVERNMENT_BODY.label),
        str(Block.GOVERNMENT.label),
        "",
        "BODE",
        "1",
        YES,
    )

    class Meta:
        model = Unit
        name = "Đơn vị"
        fields = (
            "code",
            "name",
            "kind",
            "block",
            "school_level",
            "parent",
            "sort_order",
            "is_active",
        )
        import_id_fields = ("code",)
        instance_loader_class = TableInstanceLoader
        # Units are few and each needs save(): its path is computed from its parent's,
        # and a parent earlier in the file must exist before its children are checked.
        use_bulk = False

    def existing_instance(self, row):
        code = self.clean_value(COL_UNIT_CODE, row, "")
        return self.units_by_code.get(code) if code else None

    def remember_original(self, instance) -> dict:
        return {"parent_id": instance.parent_id}

    def check_file(self, dataset) -> None:
        first_line: dict[str, int] = {}
        rows = list(self.iter_rows(dataset))
        for line, row in rows:
            code = self.clean_value(COL_UNIT_CODE, row, "")
            if not code:
                continue
            if code in first_line:
                self.add_row_error(
                    line,
                    COL_UNIT_CODE,
                    gettext("Unit code %(code)s already appears in row %(line)s.")
                    % {"code": code, "line": first_line[code]},
                )
            else:
                first_line[code] = line
        for line, row in rows:
            parent_code = TextWidget().clean(row.get(COL_PARENT_CODE))
            if parent_code and self.unit_by_code(parent_code) is None:
                later = first_line.get(parent_code)
                if later and later > line:
                    self.add_row_error(
                        line,
                        COL_PARENT_CODE,
                        gettext(
                            "Unit %(code)s is only listed further down, in row %(line)s: "
                            "put each unit below its parent unit."
                        )
                        % {"code": parent_code, "line": later},
                    )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == COL_PARENT_CODE and self.row_errors.get(self.current_line, {}).get(
            COL_PARENT_CODE
        ):
            return  # already reported: the parent comes later in the file
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def check_row(self, unit, found) -> dict[str, list[str]]:
        errors = defaultdict(list)
        if self.user is None or self.user.is_superuser or COL_PARENT_CODE in found:
            return errors
        if unit.pk and not self.in_scope(self.units_by_pk.get(unit.pk, unit)):
            errors[COL_UNIT_CODE].append(self.out_of_scope_message(unit))
            return errors
        if unit.pk and unit.parent_id == self.original.get("parent_id"):
            return errors  # not moved: editing a unit of one's scope is enough
        parent = self.units_by_pk.get(unit.parent_id)
        if parent is None:
            errors[COL_PARENT_CODE].append(
                gettext(
                    "Only a district-wide administrator may import a unit without a parent "
                    "unit; fill in column “%(column)s”."
                )
                % {"column": COL_PARENT_CODE}
            )
        elif not self.in_scope(parent):
            errors[COL_PARENT_CODE].append(self.out_of_scope_message(parent))
        return errors

    def after_save_instance(self, instance, row, **kwargs):
        self.remember_unit(instance)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("parent")
