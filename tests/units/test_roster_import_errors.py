"""Roster import refusals: the whole file or one row is wrong; the message names the row and
column in Vietnamese and nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.factories.roster import (
    NO_DATA,
    PERSON_HEADERS,
    assert_refused,
    confirm,
    csv_file,
    error_items,
    import_url,
    person_row,
    post_import,
    xlsx_file,
)
from tests.factories.units import HeadFactory
from units.models import Person
from units.roster import columns as r

pytestmark = pytest.mark.django_db


# --- errors: the file as a whole --------------------------------------------------------------


def test_missing_columns_are_named_and_nothing_is_written(admin_client, office):
    headers = [r.COL_STAFF_CODE, r.COL_EMAIL]

    response = post_import(admin_client, xlsx_file([person_row()], headers=headers))

    assert_refused(response, "Thiếu cột: “Họ và tên”, “Mã đơn vị”.")


def test_unknown_columns_are_named_and_nothing_is_written(admin_client, office):
    row = person_row(**{"Ngay sinh": "05/09/1985", "Quê quán": "Hà Nội"})
    headers = [h for h in row if h != r.COL_DATE_OF_BIRTH]

    response = post_import(admin_client, xlsx_file([row], headers=headers))

    assert_refused(response, "Cột không hợp lệ: “Ngay sinh”, “Quê quán”.")


def test_a_column_given_twice_is_refused(admin_client, office):
    headers = [*PERSON_HEADERS, r.COL_EMAIL]

    response = post_import(admin_client, csv_file([person_row()], headers=headers))

    assert_refused(response, "Cột bị lặp lại: “Email”.")


@pytest.mark.parametrize("make_file", [xlsx_file, csv_file])
def test_file_with_headers_but_no_rows_says_it_has_no_data_rows(admin_client, office, make_file):
    response = post_import(admin_client, make_file([], headers=PERSON_HEADERS))

    assert_refused(response, NO_DATA)


def test_file_with_only_blank_rows_says_it_has_no_data_rows(admin_client, office):
    blank = dict.fromkeys(PERSON_HEADERS, None)

    response = post_import(admin_client, xlsx_file([blank, blank]))

    assert_refused(response, NO_DATA)


def test_empty_file_says_it_has_no_data_rows(admin_client, office):
    response = post_import(admin_client, SimpleUploadedFile("rong.csv", b""))

    assert_refused(response, NO_DATA)


def test_empty_workbook_says_it_has_no_data_rows(admin_client, office):
    output = io.BytesIO()
    Workbook().save(output)

    response = post_import(admin_client, SimpleUploadedFile("rong.xlsx", output.getvalue()))

    assert_refused(response, NO_DATA)


def test_image_renamed_xlsx_is_refused_as_not_a_spreadsheet(admin_client, office):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    response = post_import(admin_client, SimpleUploadedFile("anh.xlsx", png))

    assert_refused(response, "“anh.xlsx” không phải là bảng tính Excel (.xlsx).")


def test_binary_blob_as_csv_is_refused_as_not_a_csv_file(admin_client, office):
    blob = bytes(range(256)) * 8

    response = post_import(admin_client, SimpleUploadedFile("du-lieu.csv", blob))

    assert_refused(response, "“du-lieu.csv” không phải là tệp CSV dạng văn bản UTF-8.")


def test_zip_that_is_not_a_workbook_is_refused_as_unreadable(admin_client, office):
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")

    response = post_import(admin_client, SimpleUploadedFile("nen.xlsx", output.getvalue()))

    assert_refused(response, "Không đọc được tệp dưới dạng bảng tính")


def test_file_over_the_size_limit_is_refused_before_parsing(
    admin_client, office, settings, monkeypatch
):
    from units.roster import files

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(files, "read_xlsx", must_not_parse)
    settings.ROSTER_IMPORT_MAX_BYTES = 2048
    upload = xlsx_file([person_row(f"CB{n:05d}") for n in range(200)])
    assert upload.size > 2048

    response = post_import(admin_client, upload)

    assert_refused(response, "giới hạn là 2,0 KB")


# --- errors: rows ----------------------------------------------------------------------------


def test_unknown_unit_code_is_reported_by_row_and_column(admin_client, office):
    rows = [person_row("CB90001"), person_row("CB90002", "KHONG-CO")]

    response = post_import(admin_client, xlsx_file(rows))

    assert_refused(response)
    assert error_items(response) == ["Dòng 3, cột “Mã đơn vị”: Không có đơn vị nào mã “KHONG-CO”."]


def test_duplicate_staff_code_names_the_row_and_its_first_row(admin_client, office):
    rows = [person_row("CB90001"), person_row("CB90002"), person_row("CB90001")]

    response = post_import(admin_client, xlsx_file(rows))

    assert_refused(response)
    assert error_items(response) == ["Dòng 4, cột “Mã cán bộ”: Mã cán bộ CB90001 đã có ở dòng 2."]


def test_invalid_date_is_reported_by_row_and_column(admin_client, office):
    rows = [person_row("CB90001", **{r.COL_DATE_OF_BIRTH: "31/02/1980"})]

    response = post_import(admin_client, csv_file(rows))

    assert_refused(response)
    assert error_items(response) == [
        "Dòng 2, cột “Ngày sinh”: “31/02/1980” không phải là ngày hợp lệ: hãy ghi theo "
        "dạng dd/mm/yyyy, ví dụ 05/09/1985."
    ]


def test_second_active_head_for_a_unit_with_a_head_is_refused(admin_client, office):
    HeadFactory(staff_code="CB00001", full_name="Phạm Văn Trưởng", unit=office)
    row = person_row("CB90001", **{r.COL_CATEGORY: "leader", r.COL_IS_HEAD: "Có"})

    response = post_import(admin_client, xlsx_file([row]))

    assert_refused(response, before=(1, 1))
    assert error_items(response)[0].startswith(
        "Dòng 2, cột “Thủ trưởng đơn vị”: Đơn vị BODE-UBND đã có thủ trưởng đang công tác: "
        "Phạm Văn Trưởng (CB00001)."
    )


def test_two_heads_of_one_unit_in_the_file_are_refused(admin_client, office):
    head = {r.COL_CATEGORY: "leader", r.COL_IS_HEAD: "Có"}
    rows = [person_row("CB90001", **head), person_row("CB90002", **head)]

    response = post_import(admin_client, xlsx_file(rows))

    assert_refused(response)
    assert error_items(response) == [
        "Dòng 3, cột “Thủ trưởng đơn vị”: Đơn vị BODE-UBND đã có thủ trưởng đang công tác ở dòng 2."
    ]


def test_head_outside_the_leader_group_is_refused(admin_client, office):
    row = person_row("CB90001", **{r.COL_CATEGORY: "staff", r.COL_IS_HEAD: "Có"})

    response = post_import(admin_client, xlsx_file([row]))

    assert_refused(response)
    assert "phải thuộc nhóm “Lãnh đạo, quản lý”" in error_items(response)[0]


def test_unreadable_yes_no_value_is_reported(admin_client, office):
    row = person_row("CB90001", **{r.COL_PERSON_ACTIVE: "có lẽ"})

    response = post_import(admin_client, xlsx_file([row]))

    assert_refused(response)
    assert error_items(response) == [
        "Dòng 2, cột “Đang công tác”: “có lẽ” không phải là câu trả lời có/không: "
        "hãy ghi Có hoặc Không."
    ]


def test_missing_name_and_bad_staff_code_are_reported(admin_client, office):
    row = person_row("CB 9/1", **{r.COL_FULL_NAME: ""})

    response = post_import(admin_client, xlsx_file([row]))

    assert_refused(response)
    errors = error_items(response)
    assert any(e.startswith("Dòng 2, cột “Mã cán bộ”:") for e in errors)
    assert any(e.startswith("Dòng 2, cột “Họ và tên”:") for e in errors)


def test_one_bad_row_blocks_the_valid_rows_too(admin_client, office):
    rows = [person_row(f"CB9000{n}") for n in range(5)]
    rows.append(person_row("CB90009", "KHONG-CO"))

    response = post_import(admin_client, xlsx_file(rows))

    assert_refused(response, "1 dòng có lỗi")


def test_confirm_writes_nothing_when_the_data_changed_after_the_preview(admin_client, office):
    rows = [
        person_row("CB90001"),
        person_row("CB90002", **{r.COL_CATEGORY: "leader", r.COL_IS_HEAD: "Có"}),
    ]
    preview = post_import(admin_client, xlsx_file(rows))
    HeadFactory(staff_code="CB00001", unit=office)  # someone else named a head meanwhile

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert response.url == import_url()
    assert Person.objects.count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Chưa nhập gì" in m for m in messages)
