"""The office's report: incomplete reports list the missing people; one per office."""

import pytest
from django.core import mail

from commitments import services
from commitments.errors import WrongStateError
from commitments.models import UnitReport
from commitments.permissions import Office
from units.models import Block

pytestmark = pytest.mark.django_db


def test_an_incomplete_report_is_allowed_and_lists_the_missing_people(
    org, campaign, django_capture_on_commit_callbacks
):
    org.sign_online(campaign, org.staff[0])
    office = Office(campaign, org.ward, Block.GOVERNMENT)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.unit_report_submit(office=office, actor=org.gov_clerk)

    assert report.status == UnitReport.Status.SUBMITTED
    assert report.counts == {"total": 3, "on_time": 0, "late": 1, "missing": 2}
    assert [p["full_name"] for p in report.missing_people] == ["Lê Văn Hùng", "Nguyễn Văn Luyện"]
    assert [m.to for m in mail.outbox] == [[org.chairman.user.email]]


def test_the_office_may_submit_again_until_the_head_confirms(org, campaign):
    office = Office(campaign, org.ward, Block.GOVERNMENT)
    services.unit_report_submit(office=office, actor=org.gov_clerk)
    report = services.unit_report_submit(office=office, actor=org.gov_clerk)
    assert UnitReport.objects.count() == 1

    services.unit_report_confirm(report=report, actor=org.chairman.user)
    with pytest.raises(WrongStateError):
        services.unit_report_submit(office=office, actor=org.gov_clerk)
    with pytest.raises(WrongStateError):
        services.unit_report_confirm(report=report, actor=org.chairman.user)


def test_receipt_needs_the_heads_confirmation_first(org, campaign):
    report = services.unit_report_submit(
        office=Office(campaign, org.ward, Block.GOVERNMENT), actor=org.gov_clerk
    )
    with pytest.raises(WrongStateError):
        services.unit_report_receive(report=report, actor=org.home_affairs)
