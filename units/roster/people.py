"""Import and export of people (staff members)."""

from collections import defaultdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.xlsx import escape_formula

from ..accounts import people_saved
from ..models import Category, Person, Unit
from ..permissions import can
from ..selectors import units_in_scope
from .base import RosterResource, TableInstanceLoader
from .columns import (
    COL_BLOCK,
    COL_CATEGORY,
    COL_DATE_OF_BIRTH,
    COL_EMAIL,
    COL_FULL_NAME,
    COL_IS_HEAD,
    COL_KIND,
    COL_PERSON_ACTIVE,
    COL_POSITION,
    COL_STAFF_CODE,
    COL_TRANSFER,
    COL_UNIT_CODE,
    COL_UNIT_NAME,
    NO,
    YES,
)
from .widgets import ChoiceWidget, DateWidget, TextWidget, UnitCodeWidget, YesNoWidget

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
    extra_columns = (COL_TRANSFER,)
    column_notes = {
        COL_TRANSFER: _(
            "Write Có to move a person who already works in another unit to the unit of "
            "this row; without it such a row is an error. The preview lists every move, and "
            "a unit head who moves stops being the head of their former unit."
        )
    }
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
        #: the moves between units the file asks for, as sentences for the preview
        self.transfers: list[str] = []

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
        self.check_transfers(rows)
        self.check_heads(rows)

    def check_transfers(self, rows) -> None:
        """A row moving a person of another unit is an error, unless it says "transfer"."""
        self.transfers = []
        for line, code, row in rows:
            existing = self.existing.get(code)
            unit = self.clean_value(COL_UNIT_CODE, row)
            if existing is None or unit is None or unit.pk == existing.unit_id:
                continue
            current = self.units_by_pk[existing.unit_id]
            if not self.in_scope(current):
                continue  # refused by check_row(), without naming the person
            try:
                transfer = YesNoWidget().clean(row.get(COL_TRANSFER))
            except ValueError as error:
                self.add_row_error(line, COL_TRANSFER, str(error))
                continue
            names = {
                "line": line,
                "code": code,
                "name": existing.full_name,
                "unit": f"{current.name} ({current.code})",
                "target": f"{unit.name} ({unit.code})",
                "column": COL_TRANSFER,
            }
            if not transfer:
                self.add_row_error(
                    line,
                    COL_UNIT_CODE,
                    gettext(
                        "Staff code %(code)s belongs to %(name)s, who works in unit "
                        "%(unit)s. To move them to %(target)s, write Có in column "
                        "“%(column)s”; otherwise correct the code."
                    )
                    % names,
                )
                continue
            message = (
                gettext("Row %(line)s: %(name)s (%(code)s) moves from %(unit)s to %(target)s.")
                % names
            )
            if existing.is_unit_head:
                message += " " + (gettext("They are no longer the head of %(unit)s.") % names)
            self.transfers.append(message)

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
                people_saved(self.update_instances)  # bulk writes send no signals
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
            NO,
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
