"""A generated district (see benchmarks.benchdata) with one login per persona of the reports."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from benchmarks.benchdata import build
from evaluations.models import Cycle
from units.models import Block, Person, Unit

from .units import HeadFactory, UserFactory


@dataclass
class District:
    root: Unit
    cycle: Cycle
    users: dict
    head: Person  # head of the Quận ủy, a unit with sub-units


def make_district(people: int = 300, cycles: int = 2) -> District:
    summary = build(people=people, cycles=cycles, log=lambda *args: None)
    User = get_user_model()
    # The head of the Quận ủy, a unit with sub-units (made when the district is too small).
    head = Person.objects.filter(unit__code="BM-QU", is_unit_head=True).first()
    if head is None:
        head = HeadFactory(unit=Unit.objects.get(code="BM-QU"), user=None)
    head.user = UserFactory(username="bm-head")
    head.save()
    staff = Person.objects.filter(unit__block=Block.GOVERNMENT, is_unit_head=False).first()
    staff.user = UserFactory(username="bm-staff")
    staff.save()
    users = {
        "home_affairs": User.objects.get(username="bm-noivu"),
        "organisation_board": User.objects.get(username="bm-bantochuc"),
        "administrator": User.objects.get(username="bm-quantri"),
        "head": head.user,
        "staff": staff.user,
        "superuser": UserFactory(username="bm-root", is_superuser=True, is_staff=True),
    }
    return District(summary.root, summary.cycles[-1], users, head)
