"""Hostile roster files are refused before they are read, and nothing is written."""

import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from benchmarks import hostile_files as hostile
from tests.factories.roster import (
    XLSX_CONTENT_TYPE,
    assert_refused,
    confirm,
    person_row,
    post_import,
    xlsx_file,
)
from units.models import Person, Unit

TOO_BIG = "Tệp giải nén ra hơn 50,0 MB"


def upload(data: bytes, name="bom.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def assert_nothing_written(response, *messages, units_before):
    assert_refused(response, *messages)
    assert (Unit.objects.count(), Unit.history.count()) == units_before


@pytest.fixture
def units_before(office):
    return Unit.objects.count(), Unit.history.count()


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (hostile.whitespace_bomb, TOO_BIG),
        (hostile.repeated_rows_bomb, TOO_BIG),
        (lambda: hostile.many_members(1000), "Tệp chứa 1009 thành phần"),
        (hostile.dense_member, "Tệp được nén hơn 100 lần"),
        (hostile.xxe, "khai báo thực thể XML"),
        (hostile.billion_laughs, "khai báo thực thể XML"),
    ],
    ids=["whitespace", "repeated-rows", "many-members", "high-ratio", "xxe", "billion-laughs"],
)
def test_hostile_xlsx_is_refused_quickly_and_nothing_is_written(
    admin_client, units_before, build, message
):
    data = build()
    started = time.perf_counter()

    response = post_import(admin_client, upload(data))

    assert time.perf_counter() - started < 5  # loose: the benchmark has the figures
    assert_nothing_written(response, message, units_before=units_before)


def test_bytes_inflated_are_bounded_even_when_the_directory_lies(
    admin_client, units_before, monkeypatch
):
    monkeypatch.setattr("core.archive.check_zip", lambda archive, limits: None)

    response = post_import(admin_client, upload(hostile.whitespace_bomb(200)))

    assert_nothing_written(response, TOO_BIG, units_before=units_before)


def test_rows_are_counted_while_reading(admin_client, units_before, settings, monkeypatch):
    monkeypatch.setattr("core.archive.check_zip", lambda archive, limits: None)

    response = post_import(admin_client, upload(hostile.repeated_rows_bomb(20)))

    assert_nothing_written(response, "Tệp có hơn 20000 dòng dữ liệu", units_before=units_before)


def test_xlsx_over_the_row_bound_is_refused(admin_client, units_before, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 5
    rows = [person_row(f"CB{n:05d}") for n in range(6)]

    response = post_import(admin_client, xlsx_file(rows))

    assert_nothing_written(response, "Tệp có hơn 5 dòng dữ liệu", units_before=units_before)


def test_csv_over_the_row_bound_is_refused(admin_client, units_before):
    data = hostile.csv_rows(20_001)

    response = post_import(admin_client, SimpleUploadedFile("d.csv", data, "text/csv"))

    assert_nothing_written(response, "Tệp có hơn 20000 dòng dữ liệu", units_before=units_before)


def test_csv_over_the_byte_bound_is_refused(admin_client, units_before, settings):
    settings.ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    data = hostile.csv_rows(200)

    response = post_import(admin_client, SimpleUploadedFile("d.csv", data, "text/csv"))

    assert_nothing_written(response, "Tệp lớn hơn 1000", units_before=units_before)


def test_formula_cell_is_refused_naming_row_and_column(admin_client, units_before):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    headers = list(person_row())
    sheet.append(headers)
    sheet.append(list(person_row().values()))
    sheet["B2"] = "=A2"
    data = io.BytesIO()
    workbook.save(data)

    response = post_import(admin_client, upload(data.getvalue(), "cong-thuc.xlsx"))

    assert_nothing_written(
        response,
        "Dòng 2, cột “Họ và tên”: ô chứa công thức (=A2), không phải giá trị.",
        units_before=units_before,
    )


def test_confirm_imports_the_checked_rows_without_parsing_the_file_again(
    admin_client, office, monkeypatch
):
    preview = post_import(admin_client, xlsx_file([person_row("CB90001")]))

    def must_not_parse(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr("units.roster.files.read_xlsx", must_not_parse)
    confirm(admin_client, preview)

    assert Person.objects.filter(staff_code="CB90001").exists()


def test_confirm_refuses_checked_rows_that_changed(admin_client, office):
    import os
    import tempfile

    preview = post_import(admin_client, xlsx_file([person_row("CB90001")]))
    name = preview.context["confirm_form"].initial["import_file_name"]
    with open(os.path.join(tempfile.gettempdir(), name), "rb+") as stored:
        content = stored.read().replace(b"CB90001", b"CB66666")
        stored.seek(0)
        stored.write(content)

    form = preview.context["confirm_form"]
    data = {field: form.initial.get(field, "") for field in form.fields}
    response = admin_client.post(reverse("admin:units_person_process_import"), data, follow=True)

    assert "bản xem trước này đã hết hạn" in response.content.decode()
    assert not Person.objects.exists()
