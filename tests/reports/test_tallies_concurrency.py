"""Transitions of one unit at the same moment keep its tally exact (PostgreSQL row locks)."""

import threading

from commitments.models import Commitment
from evaluations import services
from evaluations.models import Evaluation
from tests.concurrency import POSTGRES_ONLY, race
from tests.factories import commitments as commitment_factories
from tests.factories.evaluations import Org, to_concluded
from tests.factories.units import DEFAULT_PASSWORD

from .test_tallies import (
    _kept_commitment_tally,
    _kept_tally,
    _raw_commitment_tally,
    _raw_tally,
)

pytestmark = POSTGRES_ONLY


def _one_each(items):
    """A target for :func:`race` that hands each thread the next item."""
    lock, queue = threading.Lock(), list(items)

    def next_item():
        with lock:
            return queue.pop()

    return next_item


def test_sign_offs_in_one_unit_at_once_are_all_counted():
    org = Org()
    cycle = org.open_cycle()
    concluded = [to_concluded(org, org.evaluation(cycle, person)).pk for person in org.staff[:3]]
    take = _one_each(concluded)

    results = race(
        lambda: services.evaluation_sign_off(
            evaluation=Evaluation.objects.get(pk=take()),
            actor=type(org.head.user).objects.get(pk=org.head.user.pk),
            password=DEFAULT_PASSWORD,
        ),
        expected_error=Exception,
        count=3,
    )

    assert results == ["ok"] * 3
    assert _kept_tally(cycle) == _raw_tally(cycle)


def test_first_drafts_in_one_unit_at_once_are_all_counted():
    org = Org()
    cycle = org.open_cycle()
    people = _one_each(org.staff)

    def first_draft():
        from tests.factories.evaluations import fill

        person = people()
        fill(Evaluation.objects.get(cycle=cycle, person=person), person, "self", "7")

    assert race(first_draft, expected_error=Exception, count=4) == ["ok"] * 4
    assert _kept_tally(cycle) == _raw_tally(cycle)


def test_signatures_in_one_unit_at_once_are_all_counted():
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    people = _one_each(org.staff)

    def sign():
        person = people()
        commitment_factories.services.commitment_sign_online(
            commitment=Commitment.objects.get(campaign=campaign, person=person),
            actor=type(person.user).objects.get(pk=person.user.pk),
            typed_name=person.full_name,
            password=DEFAULT_PASSWORD,
        )

    assert race(sign, expected_error=Exception, count=2) == ["ok"] * 2
    assert _kept_commitment_tally(campaign) == _raw_commitment_tally(campaign)
