"""Routing by block: the office, the head who confirms and the district office."""

import pytest

from commitments import routing, services
from commitments.errors import NotAllowedError
from commitments.permissions import Office
from units.models import Block, RoleAssignment

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def _submit_and_confirm(office, clerk, head):
    report = services.unit_report_submit(office=office, actor=clerk)
    return services.unit_report_confirm(report=report, actor=head)


def test_government_block_goes_to_the_ubnd_office_chairman_and_home_affairs(org, campaign):
    office = Office(campaign, org.ward, Block.GOVERNMENT)
    assert routing.office_label(Block.GOVERNMENT) == "Văn phòng UBND"
    assert routing.confirming_head(org.ward, Block.GOVERNMENT) == org.chairman

    report = _submit_and_confirm(office, org.gov_clerk, org.chairman.user)

    with pytest.raises(NotAllowedError):
        services.unit_report_receive(report=report, actor=org.board)
    services.unit_report_receive(report=report, actor=org.home_affairs)
    report.refresh_from_db()
    assert report.received_by == org.home_affairs and report.received_at


def test_party_block_goes_to_the_party_office_secretary_and_organisation_board(org, campaign):
    office = Office(campaign, org.ward, Block.PARTY_MASS)
    assert routing.office_label(Block.PARTY_MASS) == "Văn phòng Đảng ủy"
    assert routing.confirming_head(org.ward, Block.PARTY_MASS) == org.secretary

    report = services.unit_report_submit(office=office, actor=org.party_clerk)
    with pytest.raises(NotAllowedError):
        services.unit_report_confirm(report=report, actor=org.chairman.user)
    services.unit_report_confirm(report=report, actor=org.secretary.user)
    with pytest.raises(NotAllowedError):
        services.unit_report_receive(report=report, actor=org.home_affairs)
    services.unit_report_receive(report=report, actor=org.board)
    # The Fatherland Front's people report through the Party office.
    assert report.counts["total"] == 3


def test_a_school_follows_its_government_block_to_home_affairs(org, campaign):
    teacher = org.commitment(campaign, org.teacher)
    assert (teacher.report_unit, teacher.block) == (org.school, Block.GOVERNMENT)
    office = Office(campaign, org.school, Block.GOVERNMENT)
    assert routing.confirming_head(org.school, Block.GOVERNMENT) == org.principal

    report = _submit_and_confirm(office, org.school_clerk, org.principal.user)
    services.unit_report_receive(report=report, actor=org.home_affairs)


def test_a_school_configured_in_the_party_block_goes_to_the_organisation_board(org):
    org.school.block = Block.PARTY_MASS
    org.school.save()
    campaign = org.open_campaign()

    assert org.commitment(campaign, org.teacher).block == Block.PARTY_MASS
    assert routing.route_for(Block.PARTY_MASS).district_role == Role.ORGANISATION_BOARD_REVIEWER


def test_a_clerk_of_one_block_cannot_submit_for_the_other(org, campaign):
    with pytest.raises(NotAllowedError):
        services.unit_report_submit(
            office=Office(campaign, org.ward, Block.PARTY_MASS), actor=org.gov_clerk
        )
