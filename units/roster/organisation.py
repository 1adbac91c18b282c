"""Import and export of units (the organisation tree)."""

from collections import defaultdict

from django.utils.translation import gettext
from import_export.fields import Field

from ..models import Block, Unit
from .base import RosterResource, TableInstanceLoader
from .columns import (
    COL_BLOCK,
    COL_KIND,
    COL_PARENT_CODE,
    COL_SCHOOL_LEVEL,
    COL_SORT_ORDER,
    COL_UNIT_ACTIVE,
    COL_UNIT_CODE,
    COL_UNIT_NAME,
    YES,
)
from .widgets import ChoiceWidget, OrderWidget, TextWidget, UnitCodeWidget, YesNoWidget

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
