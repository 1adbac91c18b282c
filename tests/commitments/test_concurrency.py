"""Row locks under real concurrency: PostgreSQL only (SQLite ignores SELECT ... FOR UPDATE)."""

from commitments import services
from commitments.errors import CommitmentError
from commitments.models import AuditEntry, UnitReport
from commitments.permissions import Office
from tests.concurrency import POSTGRES_ONLY, race
from tests.factories.units import DEFAULT_PASSWORD
from units.models import Block

pytestmark = POSTGRES_ONLY


def test_signing_twice_at_once_signs_exactly_once(org, campaign):
    person = org.staff[0]
    commitment = org.commitment(campaign, person)

    results = race(
        lambda: services.commitment_sign_online(
            commitment=commitment,
            actor=type(person.user).objects.get(pk=person.user.pk),
            typed_name=person.full_name,
            password=DEFAULT_PASSWORD,
        ),
        expected_error=CommitmentError,
    )

    assert sorted(results) == ["already_signed", "ok"]
    assert AuditEntry.objects.filter(commitment=commitment, action="sign_online").count() == 1


def test_two_submissions_at_once_make_one_report(org, campaign):
    office = Office(campaign, org.ward, Block.GOVERNMENT)

    results = race(
        lambda: services.unit_report_submit(office=office, actor=org.gov_clerk),
        expected_error=CommitmentError,
    )

    assert results == ["ok", "ok"]
    assert UnitReport.objects.count() == 1
