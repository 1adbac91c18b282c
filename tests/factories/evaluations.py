"""Factories and a small organisation for the evaluation tests."""

import datetime
from decimal import Decimal

import factory

from criteria.models import Audience, Criterion
from evaluations import services
from evaluations.models import Cycle, Evaluation

from .criteria import make_criteria_set
from .units import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    HeadFactory,
    PersonFactory,
    UnitFactory,
    WardFactory,
    make_administrator,
)

TODAY = datetime.date.today()


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Đánh giá năm {2025 + n}")
    period_start = datetime.date(TODAY.year, 1, 1)
    period_end = datetime.date(TODAY.year, 12, 31)
    self_deadline = TODAY + datetime.timedelta(days=10)
    colleague_deadline = TODAY + datetime.timedelta(days=20)
    head_deadline = TODAY + datetime.timedelta(days=30)

    @factory.post_generation
    def scope(self, create, extracted, **kwargs):
        if create and extracted:
            self.scope_units.set(extracted)


class Org:
    """District → ward → unit (head + 4 staff) → sub-unit (head + 1 staff); a second unit.

    Criteria sets: staff (2 + 4 criteria), leaders (2 + 4 + 3 criteria), each max 10.
    """

    def __init__(self):
        self.district = DistrictFactory()
        self.ward = WardFactory(parent=self.district)
        self.unit = UnitFactory(parent=self.ward)
        self.sub = UnitFactory(parent=self.unit)
        self.other = UnitFactory(parent=self.ward)
        self.head = HeadFactory(unit=self.unit)
        self.staff = [PersonFactory(unit=self.unit) for _ in range(4)]
        self.sub_head = HeadFactory(unit=self.sub)
        self.sub_staff = PersonFactory(unit=self.sub)
        self.other_head = HeadFactory(unit=self.other)
        self.admin = make_administrator(self.district)
        self.admin.is_staff = True
        self.admin.save()
        self.staff_set = make_criteria_set(groups=(2, 4), audience=Audience.STAFF)
        self.leader_set = make_criteria_set(groups=(2, 4, 3), audience=Audience.LEADER)

    def cycle(self, **kwargs) -> Cycle:
        return CycleFactory(scope=[self.ward], **kwargs)

    def open_cycle(self, **kwargs) -> Cycle:
        cycle = self.cycle(**kwargs)
        services.cycle_open(cycle=cycle, actor=self.admin)
        cycle.refresh_from_db()
        return cycle

    def evaluation(self, cycle: Cycle, person) -> Evaluation:
        return Evaluation.objects.get(cycle=cycle, person=person)


def criteria_of(evaluation: Evaluation) -> list[Criterion]:
    return list(
        Criterion.objects.filter(group__criteria_set=evaluation.criteria_set_id).order_by("pk")
    )


def full_scores(evaluation: Evaluation, value) -> dict[int, Decimal]:
    """The same score for every criterion of the evaluation's set."""
    return {criterion.pk: Decimal(value) for criterion in criteria_of(evaluation)}


def fill(evaluation, person, kind, value, **kwargs):
    return services.assessment_save_draft(
        evaluation=evaluation,
        assessor=person,
        kind=kind,
        scores=full_scores(evaluation, value),
        actor=person.user,
        **kwargs,
    )


def to_head_review(org: Org, evaluation, *, self_score=8):
    """Self-assessment filled and submitted, then sent to the head."""
    person = evaluation.person
    fill(evaluation, person, "self", self_score)
    services.self_assessment_submit(evaluation=evaluation, actor=person.user)
    head = org.head if evaluation.unit_id == org.unit.pk else org.sub_head
    services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)
    evaluation.refresh_from_db()
    return evaluation


def to_concluded(org: Org, evaluation, *, head_score=9, self_score=8):
    to_head_review(org, evaluation, self_score=self_score)
    fill(evaluation, org.head, "head", head_score)
    services.head_assessment_submit(evaluation=evaluation, actor=org.head.user)
    services.evaluation_conclude(evaluation=evaluation, actor=org.head.user)
    evaluation.refresh_from_db()
    return evaluation


def to_signed(org: Org, evaluation, **scores):
    """Concluded (``to_concluded``'s scores), then signed off by the unit's head."""
    to_concluded(org, evaluation, **scores)
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    evaluation.refresh_from_db()
    return evaluation
