import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import Campaign, Commitment
from evaluations.models import Cycle, Evaluation
from units.models import Person


@pytest.fixture
def demo_org(db):
    call_command("seed_longbien")
    call_command("seed_demo", force=True)


@pytest.mark.parametrize("command", ["seed_demo_evaluations", "seed_demo_commitments"])
def test_demo_cycles_refuse_without_debug_or_force(demo_org, settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command(command)
    assert not Cycle.objects.exists() and not Campaign.objects.exists()


def test_demo_cycle_and_campaign_cover_every_active_person_once(demo_org):
    for _ in range(2):
        call_command("seed_demo_evaluations", force=True)
        call_command("seed_demo_commitments", force=True)
    people = Person.objects.filter(is_active=True).count()
    assert Cycle.objects.get().status == Cycle.Status.OPEN
    assert Evaluation.objects.count() == people
    assert Campaign.objects.get().status == Campaign.Status.OPEN
    assert 0 < Commitment.objects.count() <= people
