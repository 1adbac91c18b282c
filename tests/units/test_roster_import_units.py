"""Importing units (the tree, its choices, scope) and 5,000 people at once."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories.roster import (
    PERSON_HEADERS,
    UNIT_HEADERS,
    confirm,
    csv_file,
    error_items,
    person_row,
    post_import,
    unit_row,
    xlsx_file,
)
from units.models import Person, Unit
from units.roster import columns as r

pytestmark = pytest.mark.django_db


# --- units -----------------------------------------------------------------------------------


def test_unit_import_builds_a_tree_from_parents_listed_first(admin_client, district):
    rows = [
        unit_row("THACHBAN", "Phường Thạch Bàn", kind="Phường", parent="LB"),
        unit_row("THACHBAN-UBND", "UBND phường Thạch Bàn", parent="THACHBAN"),
        unit_row(
            "THACHBAN-MN",
            "Trường Mầm non Thạch Bàn",
            kind="Trường công lập",
            parent="THACHBAN",
            **{r.COL_SCHOOL_LEVEL: "Mầm non"},
        ),
    ]
    preview = post_import(admin_client, xlsx_file(rows, headers=UNIT_HEADERS), model="unit")
    assert Unit.objects.count() == 1

    confirm(admin_client, preview, model="unit")

    school = Unit.objects.get(code="THACHBAN-MN")
    assert school.path == "/LB/THACHBAN/THACHBAN-MN/"
    assert (school.kind, school.school_level, school.block) == (
        "school",
        "kindergarten",
        "government",
    )


def test_unit_import_accepts_the_codes_of_the_choices(admin_client, district):
    row = unit_row("LB-MTTQ", kind="front_body", parent="LB", **{r.COL_BLOCK: "party_mass"})

    confirm(admin_client, post_import(admin_client, csv_file([row]), model="unit"), model="unit")

    unit = Unit.objects.get(code="LB-MTTQ")
    assert (unit.kind, unit.block) == ("front_body", "party_mass")


def test_unit_listed_above_its_parent_is_refused(admin_client, district):
    rows = [
        unit_row("THACHBAN-UBND", parent="THACHBAN"),
        unit_row("THACHBAN", kind="Phường", parent="LB"),
    ]

    response = post_import(admin_client, xlsx_file(rows), model="unit")

    assert "confirm_form" not in response.context
    assert error_items(response) == [
        "Dòng 2, cột “Mã đơn vị cấp trên”: Đơn vị THACHBAN chỉ có ở dòng 3 bên dưới: hãy "
        "đặt mỗi đơn vị bên dưới đơn vị cấp trên của nó."
    ]
    assert Unit.objects.count() == 1


def test_unknown_kind_and_missing_school_level_are_reported(admin_client, district):
    rows = [
        unit_row("A1", kind="Ủy ban", parent="LB"),
        unit_row("A2", kind="Trường công lập", parent="LB"),
    ]

    response = post_import(admin_client, xlsx_file(rows), model="unit")

    errors = error_items(response)
    assert errors[0].startswith("Dòng 2, cột “Loại”: “Ủy ban” không thuộc các giá trị cho phép")
    assert errors[1].startswith("Dòng 3, cột “Cấp học”:")
    assert Unit.objects.count() == 1


def test_ward_administrator_adds_units_under_their_ward(ward_admin, ward):
    row = unit_row("BODE-MN", parent="BODE")

    confirm(ward_admin, post_import(ward_admin, xlsx_file([row]), model="unit"), model="unit")

    assert Unit.objects.get(code="BODE-MN").parent == ward


def test_ward_administrator_cannot_add_units_outside_their_ward(ward_admin, ward):
    rows = [unit_row("BODE-MN", parent="BODE"), unit_row("NEW-WARD", kind="Phường", parent="LB")]

    response = post_import(ward_admin, xlsx_file(rows), model="unit")

    assert error_items(response) == [
        "Dòng 3, cột “Mã đơn vị cấp trên”: Đơn vị LB nằm ngoài phạm vi quản lý của bạn."
    ]
    assert Unit.objects.count() == 2


def test_ward_administrator_cannot_edit_a_unit_of_another_ward(ward_admin, ward, other_office):
    row = unit_row("GIATHUY-UBND", "Đổi tên", parent="GIATHUY")

    response = post_import(ward_admin, xlsx_file([row]), model="unit")

    assert error_items(response) == [
        "Dòng 2, cột “Mã đơn vị”: Đơn vị GIATHUY-UBND nằm ngoài phạm vi quản lý của bạn."
    ]
    other_office.refresh_from_db()
    assert other_office.name == "UBND phường Gia Thụy"


# --- volume ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_five_thousand_people_preview_and_confirm_through_the_admin(admin_client, office):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(PERSON_HEADERS)
    for n in range(5000):
        sheet.append(list(person_row(f"CB{n:05d}").values()))
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile("5000.xlsx", output.getvalue())

    started = time.perf_counter()
    preview = post_import(admin_client, upload)
    preview_seconds = time.perf_counter() - started
    assert "confirm_form" in preview.context
    started = time.perf_counter()
    response = confirm(admin_client, preview)
    confirm_seconds = time.perf_counter() - started

    print(f"\n5,000 people: preview {preview_seconds:.1f} s, confirm {confirm_seconds:.1f} s")
    assert response.status_code == 302
    assert Person.objects.count() == 5000
    assert Person.history.count() == 5000
    assert preview_seconds < 30 and confirm_seconds < 30
