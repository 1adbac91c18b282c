"""Deadlines: the rules of the sources and the edges of a day in Hà Nội."""

import datetime

import pytest

from commitments import services
from commitments.deadlines import is_after
from tests.factories.commitments import hanoi

pytestmark = pytest.mark.django_db


def test_2021_proposes_8_and_10_october():
    assert services.campaign_propose_deadlines(2021) == (
        datetime.date(2021, 10, 8),
        datetime.date(2021, 10, 10),
    )


@pytest.mark.parametrize("year", [2022, 2023, 2030])
def test_from_2022_proposes_30_january_of_the_year(year):
    assert services.campaign_propose_deadlines(year) == (
        datetime.date(year, 1, 30),
        datetime.date(year, 1, 30),
    )


def test_years_before_2021_are_refused():
    with pytest.raises(ValueError):
        services.campaign_propose_deadlines(2020)


def test_last_second_of_the_day_is_on_time_and_midnight_is_late():
    deadline = datetime.date(2021, 10, 8)
    assert not is_after(hanoi(2021, 10, 8, 23, 59, 59), deadline)
    assert is_after(hanoi(2021, 10, 9, 0, 0, 0), deadline)


def test_the_edge_is_hanoi_midnight_not_utc():
    deadline = datetime.date(2021, 10, 8)
    utc = datetime.UTC
    # 17:00 UTC on the 8th is 00:00 on the 9th in Hà Nội (UTC+7).
    assert not is_after(datetime.datetime(2021, 10, 8, 16, 59, 59, tzinfo=utc), deadline)
    assert is_after(datetime.datetime(2021, 10, 8, 17, 0, 0, tzinfo=utc), deadline)


def _sign(org, campaign, person, now):
    return services.commitment_sign_online(
        commitment=org.commitment(campaign, person),
        actor=person.user,
        typed_name=person.full_name,
        password="mat-khau-thu-nghiem-1",
        now=now,
    )


def test_signing_at_235959_on_the_deadline_day_is_on_time(org, campaign):
    signed = _sign(org, campaign, org.staff[0], hanoi(2021, 10, 8, 23, 59, 59))
    assert signed.is_signed and not signed.is_late


def test_signing_at_midnight_the_next_day_is_allowed_and_late(org, campaign):
    signed = _sign(org, campaign, org.staff[0], hanoi(2021, 10, 9, 0, 0, 0))
    assert signed.is_signed and signed.is_late


@pytest.mark.parametrize(("day", "late"), [(8, False), (9, True)])
def test_paper_dated_on_the_deadline_is_on_time_the_next_day_late(org, campaign, day, late):
    recorded = org.record_paper(campaign, org.staff[1], signed_on=datetime.date(2021, 10, day))
    assert recorded.is_late is late


def test_2022_campaign_deadline_is_30_january(db):
    from tests.factories.commitments import Org

    org = Org(year=2022)
    campaign = org.open_campaign()
    assert not _sign(org, campaign, org.staff[0], hanoi(2022, 1, 30, 23, 59, 59)).is_late
    assert _sign(org, campaign, org.staff[1], hanoi(2022, 1, 31, 0, 0, 0)).is_late
