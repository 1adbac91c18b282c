"""Opening a campaign: one pending commitment per active person, in bulk, routed by block."""

import pytest

from commitments import services
from commitments.errors import NotAllowedError, WrongStateError
from commitments.models import AuditEntry, Campaign, Commitment
from tests.factories.units import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

# Campaign lock, roles and scope units (rule), scope units, categories, two active sets, two
# set locks (2 each), the unit tree, three INSERT ... SELECT (commitments, their history, the
# reports' tallies), campaign update, audit, and the savepoints of the nested atomic blocks:
# the same whatever the number of people.
OPEN_QUERIES = 25  # + the actor's person: an inactive person may not write


def test_open_creates_one_pending_commitment_per_active_person(org):
    PersonFactory(unit=org.ubnd, is_active=False)
    count = services.campaign_open(campaign=org.campaign(), actor=org.admin)

    assert count == 8  # UBND 3, Đảng ủy 2, MTTQ 1, school 2; nobody inactive
    assert Commitment.objects.filter(status=Commitment.Status.PENDING).count() == 8
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.OPEN and campaign.opened_at
    assert AuditEntry.objects.filter(action="campaign_open").exists()
    assert Commitment.history.filter(history_type="+").count() == 8


def test_open_freezes_unit_block_reporting_unit_and_criteria_set(org):
    campaign = org.open_campaign()

    staff = org.commitment(campaign, org.staff[0])
    chairman = org.commitment(campaign, org.chairman)
    front = org.commitment(campaign, org.front_staff)
    assert (staff.unit, staff.report_unit, staff.block) == (org.ubnd, org.ward, "government")
    assert (front.report_unit, front.block) == (org.ward, "party_mass")
    assert staff.criteria_set == org.staff_set and chairman.criteria_set == org.leader_set


def test_open_twice_is_refused(org, campaign):
    with pytest.raises(WrongStateError):
        services.campaign_open(campaign=campaign, actor=org.admin)


def test_only_an_administrator_of_the_scope_opens(org):
    with pytest.raises(NotAllowedError):
        services.campaign_open(campaign=org.campaign(), actor=org.gov_clerk)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("size", [10, 200])
def test_open_runs_a_constant_number_of_queries(org, size, django_assert_num_queries):
    unit = UnitFactory(parent=org.ward)
    PersonFactory.create_batch(size, unit=unit, user=None)
    campaign = org.campaign()

    with django_assert_num_queries(OPEN_QUERIES):
        count = services.campaign_open(campaign=campaign, actor=org.admin)

    assert count == 8 + size


def test_close_stops_signing(org, campaign):
    services.campaign_close(campaign=campaign, actor=org.admin)
    with pytest.raises(WrongStateError):
        org.sign_online(campaign, org.staff[0])
