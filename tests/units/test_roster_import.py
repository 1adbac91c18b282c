"""Roster import through the admin: the happy path (preview writes nothing, confirm writes
all, values read as a ward clerk writes them)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.roster import (
    PERSON_HEADERS,
    confirm,
    csv_file,
    page_text,
    people_count_and_history,
    person_row,
    post_import,
    xlsx_bytes,
    xlsx_file,
)
from tests.factories.units import HeadFactory, PersonFactory
from units.models import Category, Person
from units.roster import columns as r

pytestmark = pytest.mark.django_db


# --- the happy path --------------------------------------------------------------------------


def test_preview_of_valid_file_offers_confirmation_and_writes_nothing(admin_client, office):
    response = post_import(admin_client, xlsx_file([person_row("CB90001"), person_row("CB90002")]))

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert "2 mới" in page_text(response) or "2 thêm mới" in page_text(response)
    assert people_count_and_history() == (0, 0)


def test_confirm_creates_the_people_with_their_values(admin_client, office):
    row = person_row(
        "CB90001",
        **{
            r.COL_FULL_NAME: "Lê Văn Bình",
            r.COL_DATE_OF_BIRTH: "07/03/1979",
            r.COL_CATEGORY: "Lãnh đạo, quản lý",
            r.COL_IS_HEAD: "x",
            r.COL_POSITION: "Chủ tịch UBND phường",
        },
    )
    preview = post_import(admin_client, xlsx_file([row]))

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    person = Person.objects.get(staff_code="CB90001")
    assert person.full_name == "Lê Văn Bình"
    assert person.date_of_birth == date(1979, 3, 7)
    assert person.unit == office
    assert person.category == Category.LEADER
    assert person.is_unit_head is True
    assert person.is_active is True
    assert person.email == "cb90001@example.vn"


def test_confirm_records_a_history_entry_per_imported_person(admin_client, office):
    preview = post_import(admin_client, xlsx_file([person_row("CB90001"), person_row("CB90002")]))

    confirm(admin_client, preview)

    assert Person.history.filter(history_type="+").count() == 2


def test_import_updates_the_person_matched_by_staff_code(admin_client, office, other_office):
    person = PersonFactory(staff_code="CB90001", full_name="Tên cũ", unit=office)
    row = person_row(
        "CB90001", "GIATHUY-UBND", **{r.COL_FULL_NAME: "Tên mới", r.COL_TRANSFER: "Có"}
    )

    confirm(admin_client, post_import(admin_client, xlsx_file([row])), transfers_reviewed="on")

    person.refresh_from_db()
    assert (person.full_name, person.unit) == ("Tên mới", other_office)
    assert Person.objects.count() == 1


def test_csv_file_imports_like_an_xlsx_file(admin_client, office):
    preview = post_import(admin_client, csv_file([person_row("CB90001")]))

    confirm(admin_client, preview)

    assert Person.objects.get(staff_code="CB90001").date_of_birth == date(1985, 9, 5)


def test_explicitly_chosen_format_is_used(admin_client, office):
    upload = csv_file([person_row("CB90001")], name="danh-sach.txt")

    response = post_import(admin_client, upload, file_format="1")

    assert "confirm_form" in response.context


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("leader", Category.LEADER),
        ("STAFF", Category.STAFF),
        ("Lãnh đạo, quản lý", Category.LEADER),
        ("lãnh đạo, QUẢN LÝ", Category.LEADER),
        ("Công chức, viên chức, người lao động", Category.STAFF),
        ("  công chức,  viên chức, người lao động ", Category.STAFF),
        ("", Category.STAFF),
    ],
)
def test_category_accepts_codes_and_vietnamese_labels_in_any_case(
    admin_client, office, value, expected
):
    row = person_row("CB90001", **{r.COL_CATEGORY: value})

    confirm(admin_client, post_import(admin_client, xlsx_file([row])))

    assert Person.objects.get(staff_code="CB90001").category == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Có", True), ("có", True), ("x", True), ("1", True), ("Không", False), ("0", False)],
)
def test_yes_no_columns_accept_co_khong_x_and_digits(admin_client, office, value, expected):
    row = person_row("CB90001", **{r.COL_IS_HEAD: value, r.COL_CATEGORY: "leader"})

    confirm(admin_client, post_import(admin_client, xlsx_file([row])))

    assert Person.objects.get(staff_code="CB90001").is_unit_head is expected


def test_headers_match_whatever_their_case_and_spacing(admin_client, office):
    row = person_row("CB90001")
    headers = [f"  {header.upper()} " for header in PERSON_HEADERS]
    values = dict(zip(headers, row.values(), strict=True))
    upload = SimpleUploadedFile("a.xlsx", xlsx_bytes([values], headers))

    confirm(admin_client, post_import(admin_client, upload))

    assert Person.objects.filter(staff_code="CB90001").exists()


def test_only_the_required_columns_are_enough(admin_client, office):
    headers = [r.COL_STAFF_CODE, r.COL_FULL_NAME, r.COL_UNIT_CODE]

    confirm(admin_client, post_import(admin_client, xlsx_file([person_row()], headers=headers)))

    person = Person.objects.get()
    assert (person.category, person.is_unit_head, person.is_active) == (
        Category.STAFF,
        False,
        True,
    )


def test_empty_rows_at_the_end_and_in_the_middle_are_skipped(admin_client, office):
    blank = dict.fromkeys(PERSON_HEADERS, None)
    rows = [person_row("CB90001"), blank, person_row("CB90002"), blank, blank]

    confirm(admin_client, post_import(admin_client, xlsx_file(rows)))

    assert Person.objects.count() == 2


def test_head_handover_within_one_file_is_accepted(admin_client, office):
    HeadFactory(staff_code="CB00001", unit=office)
    rows = [
        person_row("CB90001", **{r.COL_CATEGORY: "leader", r.COL_IS_HEAD: "Có"}),
        person_row("CB00001", **{r.COL_CATEGORY: "leader", r.COL_IS_HEAD: "Không"}),
    ]

    response = confirm(admin_client, post_import(admin_client, xlsx_file(rows)))

    assert response.status_code == 302
    assert Person.objects.get(is_unit_head=True).staff_code == "CB90001"
