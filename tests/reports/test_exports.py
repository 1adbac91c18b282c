"""Every report downloads as an .xlsx that openpyxl opens, with the page's numbers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from units.models import Unit

pytestmark = pytest.mark.django_db


def _download(client, user, name, **params):
    client.force_login(user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_overview_has_one_sheet_per_table_with_the_page_numbers(client, district):
    user = district.users["home_affairs"]
    client.force_login(user)
    page = client.get(reverse("reports:dashboard")).context

    book = _download(client, user, "reports:dashboard_export")

    assert book.sheetnames == ["Tiến độ", "Điểm", "Mức xếp loại", "Cam kết", "Xếp hạng"]
    progress = _rows(book["Tiến độ"])
    assert progress[0][:3] == ["Đơn vị", "Số người được đánh giá", "Chưa bắt đầu"]
    by_name = {row[0]: row for row in progress[1:]}
    for row in page["rows"]:
        assert by_name[row.name][1] == row.total
        assert by_name[row.name][6] == row.completed
    assert by_name["Tổng cộng"][1] == page["totals"].total
    commitments = {row[0]: row for row in _rows(book["Cam kết"])[1:]}
    assert commitments["Tổng cộng"][4] == page["totals"].cm_missing


def test_the_people_export_lists_everyone_in_scope(client, district):
    user = district.users["organisation_board"]
    client.force_login(user)
    total = client.get(reverse("reports:people")).context["totals"].total

    book = _download(client, user, "reports:people_export")

    rows = _rows(book["Cán bộ"])
    assert rows[0][0] == "Họ và tên"
    assert len(rows) - 1 == total


@pytest.mark.parametrize(
    ("name", "sheet"),
    [("reports:criteria_export", "Tiêu chí"), ("reports:trend_export", "Xu hướng")],
)
def test_the_other_reports_open(client, district, name, sheet):
    book = _download(client, district.users["superuser"], name)

    assert book.sheetnames == [sheet]
    assert len(_rows(book[sheet])) > 1


def test_a_formula_in_a_unit_name_is_escaped(client, district):
    ward = Unit.objects.get(code="BM")  # the superuser's only row
    ward.name = '=HYPERLINK("http://example.com","x")'
    ward.save()

    book = _download(client, district.users["superuser"], "reports:dashboard_export")

    names = [row[0] for row in _rows(book["Tiến độ"])]
    assert "'" + ward.name in names
    assert ward.name not in names


@pytest.mark.parametrize("name", ["reports:dashboard", "reports:criteria", "reports:trend"])
def test_the_printable_page_has_no_navigation(client, district, name):
    client.force_login(district.users["home_affairs"])

    response = client.get(reverse(name), {"print": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="navbar' not in html
    assert "reports/reports.css" in html
    assert "In lúc" in html
