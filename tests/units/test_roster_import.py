"""Roster import through the admin: preview writes nothing, errors by row and column,
all or nothing, scope of a ward administrator, the downloadable template."""

import io
import time
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import (
    DistrictFactory,
    HeadFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    WardFactory,
    make_administrator,
)
from tests.units.roster_factories import (
    PERSON_HEADERS,
    UNIT_HEADERS,
    confirm,
    csv_file,
    error_items,
    import_url,
    page_text,
    person_row,
    post_import,
    read_xlsx,
    unit_row,
    xlsx_bytes,
    xlsx_file,
)
from units import roster as r
from units.models import Category, Person, Unit

pytestmark = pytest.mark.django_db

NO_DATA = "Tệp không có dòng dữ liệu nào"


@pytest.fixture
def district():
    return DistrictFactory()


@pytest.fixture
def ward(district):
    return WardFactory(code="BODE", name="Phường Bồ Đề", parent=district)


@pytest.fixture
def office(ward):
    return UnitFactory(code="BODE-UBND", name="UBND phường Bồ Đề", parent=ward)


@pytest.fixture
def other_office(district):
    other_ward = WardFactory(code="GIATHUY", name="Phường Gia Thụy", parent=district)
    return UnitFactory(code="GIATHUY-UBND", name="UBND phường Gia Thụy", parent=other_ward)


@pytest.fixture
def ward_admin(client, ward):
    user = make_administrator(ward)
    client.force_login(user)
    return client


def people_count_and_history():
    return Person.objects.count(), Person.history.count()


def assert_refused(response, *expected, before=(0, 0)):
    """No confirm step, the expected messages shown, nothing written."""
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    text = page_text(response)
    for message in expected:
        assert message in text, text[:3000]
    assert people_count_and_history() == before


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
    row = person_row("CB90001", "GIATHUY-UBND", **{r.COL_FULL_NAME: "Tên mới"})

    confirm(admin_client, post_import(admin_client, xlsx_file([row])))

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
    from import_export.formats import base_formats

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(base_formats.XLSX, "create_dataset", must_not_parse)
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


# --- permissions and scope -------------------------------------------------------------------


def test_import_page_is_forbidden_without_the_import_permission(client, office):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)

    assert client.get(import_url()).status_code == 403


def test_import_page_is_forbidden_to_a_user_without_an_administrator_role(client, office):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "import_person", "import_unit"])
    )
    client.force_login(user)

    assert client.get(import_url()).status_code == 403


def test_ward_administrator_imports_people_into_their_ward(ward_admin, office):
    confirm(ward_admin, post_import(ward_admin, xlsx_file([person_row("CB90001")])))

    assert Person.objects.get().unit == office


def test_ward_administrator_cannot_import_into_another_ward(ward_admin, office, other_office):
    rows = [person_row("CB90001"), person_row("CB90002", "GIATHUY-UBND")]

    response = post_import(ward_admin, xlsx_file(rows))

    assert_refused(response)
    assert error_items(response) == [
        "Dòng 3, cột “Mã đơn vị”: Đơn vị GIATHUY-UBND nằm ngoài phạm vi quản lý của bạn."
    ]


def test_ward_administrator_cannot_take_over_a_person_of_another_ward(
    ward_admin, office, other_office
):
    PersonFactory(staff_code="CB00001", unit=other_office)

    response = post_import(ward_admin, xlsx_file([person_row("CB00001")]))

    assert_refused(response, before=(1, 1))
    assert error_items(response) == [
        "Dòng 2, cột “Mã cán bộ”: Cán bộ CB00001 đang thuộc đơn vị GIATHUY-UBND, nằm ngoài "
        "phạm vi quản lý của bạn."
    ]


# --- the template ----------------------------------------------------------------------------


def test_import_page_links_to_the_template(admin_client, office):
    response = admin_client.get(import_url())

    assert reverse("admin:units_person_import_template") in response.content.decode()


def test_person_template_has_the_headers_and_an_example_row(admin_client, office):
    response = admin_client.get(reverse("admin:units_person_import_template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    assert rows[0] == PERSON_HEADERS
    assert len(rows) == 2
    assert rows[1][4] == "BODE-UBND"


def test_person_template_lists_only_the_units_in_scope_on_a_second_sheet(
    ward_admin, office, other_office
):
    response = ward_admin.get(reverse("admin:units_person_import_template"))

    codes = [row[0] for row in read_xlsx(response.content, sheet_index=1)[1:]]
    assert codes == ["BODE", "BODE-UBND"]


def test_filled_in_template_imports(admin_client, office):
    template = admin_client.get(reverse("admin:units_person_import_template")).content

    response = confirm(
        admin_client, post_import(admin_client, SimpleUploadedFile("m.xlsx", template))
    )

    assert response.status_code == 302
    assert Person.objects.get().staff_code == "CB00001"


def test_unit_template_has_the_unit_headers(admin_client):
    response = admin_client.get(reverse("admin:units_unit_import_template"))

    assert read_xlsx(response.content)[0] == UNIT_HEADERS


def test_template_download_needs_the_import_permission(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(user)

    assert client.get(reverse("admin:units_person_import_template")).status_code == 403


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
