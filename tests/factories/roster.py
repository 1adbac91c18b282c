"""Building roster files and driving the admin import in tests."""

import csv
import html
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from units.models import Person
from units.roster import columns as r

PERSON_HEADERS = [
    r.COL_STAFF_CODE,
    r.COL_FULL_NAME,
    r.COL_DATE_OF_BIRTH,
    r.COL_EMAIL,
    r.COL_UNIT_CODE,
    r.COL_POSITION,
    r.COL_CATEGORY,
    r.COL_IS_HEAD,
    r.COL_PERSON_ACTIVE,
]
UNIT_HEADERS = [
    r.COL_UNIT_CODE,
    r.COL_UNIT_NAME,
    r.COL_KIND,
    r.COL_BLOCK,
    r.COL_SCHOOL_LEVEL,
    r.COL_PARENT_CODE,
    r.COL_SORT_ORDER,
    r.COL_UNIT_ACTIVE,
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def person_row(code="CB90001", unit_code="BODE-UBND", **overrides):
    """A row of the people sheet as a dict of header → value."""
    row = {
        r.COL_STAFF_CODE: code,
        r.COL_FULL_NAME: f"Trần Thị {code}",
        r.COL_DATE_OF_BIRTH: "05/09/1985",
        r.COL_EMAIL: f"{code.lower()}@example.vn",
        r.COL_UNIT_CODE: unit_code,
        r.COL_POSITION: "Chuyên viên",
        r.COL_CATEGORY: "Công chức, viên chức, người lao động",
        r.COL_IS_HEAD: "Không",
        r.COL_PERSON_ACTIVE: "Có",
    }
    row.update(overrides)
    return row


def unit_row(code, name=None, kind="Cơ quan chính quyền", parent="", **overrides):
    row = {
        r.COL_UNIT_CODE: code,
        r.COL_UNIT_NAME: name or f"Đơn vị {code}",
        r.COL_KIND: kind,
        r.COL_BLOCK: "Khối chính quyền" if kind not in ("Phường", "Quận") else "",
        r.COL_SCHOOL_LEVEL: "",
        r.COL_PARENT_CODE: parent,
        r.COL_SORT_ORDER: "1",
        r.COL_UNIT_ACTIVE: "Có",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows, headers=None) -> bytes:
    headers = headers or (list(rows[0]) if rows else PERSON_HEADERS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_file(rows, headers=None, name="danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, headers), content_type=XLSX_CONTENT_TYPE)


def csv_file(rows, headers=None, name="danh-sach.csv") -> SimpleUploadedFile:
    headers = headers or (list(rows[0]) if rows else PERSON_HEADERS)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return SimpleUploadedFile(name, output.getvalue().encode("utf-8-sig"), content_type="text/csv")


def import_url(model="person") -> str:
    return reverse(f"admin:units_{model}_import")


def post_import(client, upload, model="person", file_format=None):
    """Upload a file to the admin import (the preview step)."""
    data = {"import_file": upload, "resource": "0"}
    if file_format is not None:
        data["format"] = file_format
    return client.post(import_url(model), data)


def confirm(client, preview_response, model="person", **extra):
    """Post the confirm form offered by a preview (``extra``: more fields, e.g. a ticked box)."""
    form = preview_response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(extra)
    return client.post(reverse(f"admin:units_{model}_process_import"), data)


def page_text(response) -> str:
    """The page as a user reads it: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def error_items(response) -> list[str]:
    """The texts of the import errors listed on the page."""
    items = re.findall(r'<li class="roster-error">(.*?)</li>', response.content.decode(), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def read_xlsx(content: bytes, sheet_index=0) -> list[list]:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[sheet_index]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


NO_DATA = "Tệp không có dòng dữ liệu nào"


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
