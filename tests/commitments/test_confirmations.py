"""The office's report steps ask for confirmation first (no JavaScript needed): submitting
says how many people have not signed; the confirmed form acts once; a second post of the
same form changes nothing and says so; another office's or block's report is a 404."""

import html
import re

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import AuditEntry, UnitReport
from commitments.permissions import Office
from tests.confirming import ALREADY_SENT, confirm, confirm_twice, confirmation_token
from units.models import Block

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _submit_url(campaign, org, block=Block.GOVERNMENT):
    return reverse("commitments:office_submit", args=[campaign.pk, org.ward.pk, block])


def _report(org, campaign):
    return services.unit_report_submit(
        office=Office(campaign, org.ward, Block.GOVERNMENT), actor=org.gov_clerk
    )


def test_the_submit_page_says_how_many_have_not_signed_and_changes_nothing(client, org, campaign):
    client.force_login(org.gov_clerk)

    response = client.get(_submit_url(campaign, org))

    page = _text(response)
    confirmation_token(response)
    assert "Nộp báo cáo lên Chủ tịch UBND?" in page
    assert "0/3 người đã ký" in page
    assert "3 người chưa ký: báo cáo sẽ ghi tên họ trong danh sách chưa ký." in page
    assert not UnitReport.objects.exists()


def test_the_office_pages_button_gets_the_confirmation_page(client, org, campaign):
    client.force_login(org.gov_clerk)

    response = client.post(_submit_url(campaign, org))  # what the office page's button posts

    assert response.status_code == 200
    confirmation_token(response)
    assert not UnitReport.objects.exists()


def test_submitting_twice_with_the_same_form_submits_once(client, org, campaign):
    client.force_login(org.gov_clerk)

    first, second = confirm_twice(client, _submit_url(campaign, org))

    assert "Đã nộp báo cáo lên thủ trưởng." in _text(first)
    assert ALREADY_SENT in _text(second)
    assert UnitReport.objects.count() == 1
    assert AuditEntry.objects.filter(action="report_submit").count() == 1


def test_another_blocks_clerk_gets_a_404(client, org, campaign):
    client.force_login(org.party_clerk)

    assert client.get(_submit_url(campaign, org)).status_code == 404
    assert client.post(_submit_url(campaign, org), {"confirmed": "1"}).status_code == 404
    assert not UnitReport.objects.exists()


def test_the_head_confirms_once(client, org, campaign):
    report = _report(org, campaign)
    client.force_login(org.chairman.user)
    url = reverse("commitments:report_confirm", args=[report.pk])
    confirmation_token(client.get(url))  # the confirmation page changes nothing
    assert UnitReport.objects.get().status == UnitReport.Status.SUBMITTED

    first, second = confirm_twice(client, url)

    assert "Báo cáo đã được xác nhận" in _text(first)
    assert ALREADY_SENT in _text(second)
    assert UnitReport.objects.get().status == UnitReport.Status.CONFIRMED
    assert AuditEntry.objects.filter(action="report_confirm").count() == 1


def test_only_the_confirming_head_opens_the_confirm_page(client, org, campaign):
    report = _report(org, campaign)
    client.force_login(org.secretary.user)  # the Party block's head

    assert client.get(reverse("commitments:report_confirm", args=[report.pk])).status_code == 404


def test_the_district_receives_after_confirmation(client, org, campaign):
    report = _report(org, campaign)
    url = reverse("commitments:report_receive", args=[report.pk])
    client.force_login(org.board)  # the other block's district office
    assert client.get(url).status_code == 404
    client.force_login(org.home_affairs)
    early = client.get(url)  # not confirmed yet: back, with the service's reason
    assert early.status_code == 302
    services.unit_report_confirm(report=report, actor=org.chairman.user)

    done = confirm(client, url, follow=True)

    assert "Đã ghi nhận tiếp nhận báo cáo." in _text(done)
    assert UnitReport.objects.get().status == UnitReport.Status.RECEIVED
