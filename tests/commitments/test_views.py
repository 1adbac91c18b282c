"""The commitment pages: signing, the clerk's list, paper uploads, reports, tracking."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments import services
from commitments.models import Commitment, UnitReport
from commitments.permissions import Office
from tests.confirming import confirm
from tests.factories.commitments import PNG, upload
from tests.factories.units import DEFAULT_PASSWORD, PartyUnitFactory, PersonFactory, UnitFactory
from units.models import Block

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _office_url(campaign, unit, block=Block.GOVERNMENT):
    return reverse("commitments:office", args=[campaign.pk, unit.pk, block])


def test_person_reads_the_full_text_and_signs(client, org, campaign):
    person = org.staff[0]
    commitment = org.commitment(campaign, person)
    client.force_login(person.user)

    page = _text(client.get(commitment.get_absolute_url()))
    assert "Trần Thị Mai" in page and "Ký bản cam kết" in page
    response = client.post(
        commitment.get_absolute_url(),
        {"typed_name": "trần thị mai", "password": DEFAULT_PASSWORD, "read": "on"},
        HTTP_USER_AGENT="Trình duyệt thử",
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.is_signed and commitment.ip_address == "127.0.0.1"
    assert commitment.user_agent == "Trình duyệt thử"
    printable = _text(client.get(reverse("commitments:print", args=[commitment.pk])))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printable
    assert "Độc lập - Tự do - Hạnh phúc" in printable and "BẢN CAM KẾT" in printable
    assert "Long Biên, ngày" in printable and commitment.text_sha256 in printable


def test_wrong_password_shows_a_message_and_signs_nothing(client, org, campaign):
    person = org.staff[0]
    commitment = org.commitment(campaign, person)
    client.force_login(person.user)

    response = client.post(
        commitment.get_absolute_url(),
        {"typed_name": person.full_name, "password": "sai", "read": "on"},
    )

    assert response.status_code == 400
    assert "Mật khẩu không đúng." in _text(response)
    commitment.refresh_from_db()
    assert not commitment.is_signed


def test_another_persons_commitment_is_a_404(client, org, campaign):
    client.force_login(org.staff[1].user)
    other = org.commitment(campaign, org.staff[0])

    assert client.get(other.get_absolute_url()).status_code == 404
    response = client.post(
        other.get_absolute_url(),
        {"typed_name": org.staff[0].full_name, "password": DEFAULT_PASSWORD, "read": "on"},
    )
    assert response.status_code == 404
    assert client.get(reverse("commitments:record_paper", args=[other.pk])).status_code == 404


def test_clerk_filters_the_list_and_sees_late_on_time_and_missing(client, org, campaign):
    org.sign_online(campaign, org.staff[0])
    client.force_login(org.gov_clerk)
    url = _office_url(campaign, org.ward)

    everyone = client.get(url)
    late = client.get(url, {"state": "late"})
    missing = client.get(url, {"state": "missing", "q": "hùng"})

    assert everyone.context["counts"].as_dict() == {
        "total": 3,
        "on_time": 0,
        "late": 1,
        "missing": 2,
    }
    assert [c.person for c in late.context["rows"]] == [org.staff[0]]
    assert [c.person for c in missing.context["rows"]] == [org.staff[1]]
    assert "Văn phòng UBND" in _text(everyone) and "Ký muộn" in _text(everyone)


def test_clerk_records_paper_and_a_pdf_that_is_a_png_is_refused(client, org, campaign):
    commitment = org.commitment(campaign, org.staff[1])
    client.force_login(org.gov_clerk)
    url = reverse("commitments:record_paper", args=[commitment.pk])

    bad = client.post(url, {"signed_on": "2021-10-07", "scan": upload("giay.pdf", PNG)})
    assert bad.status_code == 200
    assert "nội dung lại là PNG" in _text(bad)
    commitment.refresh_from_db()
    assert not commitment.is_signed

    good = client.post(url, {"signed_on": "07/10/2021", "scan": upload("giay.pdf")})
    assert good.status_code == 302
    commitment.refresh_from_db()
    assert commitment.method == "paper"
    scan = client.get(reverse("commitments:scan", args=[commitment.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"


def test_clerk_submits_an_incomplete_report_that_lists_the_missing(client, org, campaign):
    client.force_login(org.gov_clerk)
    response = confirm(
        client,
        reverse("commitments:office_submit", args=[campaign.pk, org.ward.pk, Block.GOVERNMENT]),
        follow=True,
    )
    text = _text(response)
    assert "3 người chưa ký" in text
    assert "Lê Văn Hùng" in text and "Trần Thị Mai" in text
    report = UnitReport.objects.get()

    client.force_login(org.chairman.user)
    confirm(client, reverse("commitments:report_confirm", args=[report.pk]))
    client.force_login(org.home_affairs)
    confirm(client, reverse("commitments:report_receive", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == UnitReport.Status.RECEIVED


def test_tracking_shows_counts_per_unit_and_block_of_the_reviewers_block(client, org, campaign):
    client.force_login(org.board)
    response = client.get(reverse("commitments:tracking", args=[campaign.pk]))

    rows = response.context["rows"]
    assert [(row.report_unit, row.block) for row in rows] == [(org.ward, Block.PARTY_MASS)]
    assert rows[0].counts.total == 3 and rows[0].is_late  # 2021 deadlines have passed
    assert 'class="table-danger"' in _text(response)


def test_export_escapes_formula_cells(client, org, campaign):
    org.staff[0].full_name = "=HYPERLINK(1)"
    org.staff[0].save()
    client.force_login(org.home_affairs)

    response = client.get(reverse("commitments:tracking_export", args=[campaign.pk]))

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = [row[0].value for row in book.worksheets[1].iter_rows(min_row=2)]
    assert "'=HYPERLINK(1)" in names
    units = [row[0].value for row in book.worksheets[0].iter_rows(min_row=2)]
    assert sorted(units) == ["Phường Bồ Đề", "Trường THCS Gia Thụy"]


def _grow(org, size):
    for _ in range(size):
        PersonFactory(unit=UnitFactory(parent=org.ward), user=None)
        PersonFactory(unit=PartyUnitFactory(parent=org.ward), user=None)
        PersonFactory(unit=UnitFactory(parent=org.district), user=None)


@pytest.mark.parametrize("size", [3, 40])
def test_clerk_list_runs_a_constant_number_of_queries(client, org, size, django_assert_num_queries):
    _grow(org, size)
    campaign = org.open_campaign()
    services.unit_report_submit(
        office=Office(campaign, org.ward, Block.GOVERNMENT), actor=org.gov_clerk
    )
    client.force_login(org.gov_clerk)

    # session, user, campaign, unit, roles, person; page count and rows; counts; report
    with django_assert_num_queries(10):
        response = client.get(_office_url(campaign, org.ward))

    assert response.context["counts"].total == 3 + size


@pytest.mark.parametrize("size", [3, 40])
def test_tracking_runs_a_constant_number_of_queries(client, org, size, django_assert_num_queries):
    _grow(org, size)
    campaign = org.open_campaign()
    client.force_login(org.home_affairs)

    # session, user, campaign, roles; counts per unit; the units; their reports
    with django_assert_num_queries(7):
        response = client.get(reverse("commitments:tracking", args=[campaign.pk]))

    assert len(response.context["rows"]) == 2 + size


def test_home_page_shows_the_commitment_card(client, org, campaign):
    client.force_login(org.staff[0].user)
    text = _text(client.get(reverse("home")))
    assert reverse("commitments:detail", args=[org.commitment(campaign, org.staff[0]).pk]) in text
    assert 'href="/cam-ket/"' in text  # the navbar link


def test_a_signed_commitment_cannot_be_changed_in_the_admin(client, org, campaign):
    commitment = org.commitment(campaign, org.staff[0])
    client.force_login(org.admin)
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    assert client.post(url, {"signed_text": "x"}).status_code in (302, 403)
    assert Commitment.objects.get(pk=commitment.pk).signed_text == ""


def test_the_printed_place_comes_from_the_settings(client, org, campaign, settings):
    settings.DOCUMENT_PLACE = "Ba Đình"
    person = org.staff[0]
    commitment = org.sign_online(campaign, person)
    client.force_login(person.user)
    printable = _text(client.get(reverse("commitments:print", args=[commitment.pk])))
    assert "Ba Đình, ngày" in printable
    assert "Long Biên, ngày" not in printable


def test_tracking_keeps_the_chosen_block_in_the_filter_and_the_export_link(client, org, campaign):
    client.force_login(org.home_affairs)

    response = client.get(
        reverse("commitments:tracking", args=[campaign.pk]), {"block": Block.GOVERNMENT}
    )

    text = _text(response)
    export = reverse("commitments:tracking_export", args=[campaign.pk])
    assert f'href="{export}?block={Block.GOVERNMENT}"' in text
    assert f'<option value="{Block.GOVERNMENT}" selected>' in text
