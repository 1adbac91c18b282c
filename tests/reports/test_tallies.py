"""The tallies the services keep equal what a raw-data SQL count gives, after any sequence of
transitions; saving a draft leaves them alone; the rebuild command restores them."""

import io
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, UnitCampaignTally
from evaluations import services
from evaluations.models import Cycle, Evaluation, State, UnitCycleTally
from evaluations.services.tallies import rebuild_tallies
from tests.factories import commitments as commitment_factories
from tests.factories.evaluations import Org, fill
from tests.factories.units import DEFAULT_PASSWORD
from units.models import Block

from .tallies import TOTAL_COLUMNS, TOTALS

pytestmark = pytest.mark.django_db

RESULT = "('concluded', 'signed_off', 'published')"
SEEDS = range(20)
STEPS = 30


def _tables():
    quote = connection.ops.quote_name
    return quote(Evaluation._meta.db_table), quote(Cycle._meta.db_table)


def _raw_tally(cycle) -> list[tuple]:
    """The tally rows of ``cycle``, by hand in SQL from the evaluations themselves."""
    evaluations, cycles = _tables()
    shown = "e.colleagues_answered > 0 AND e.colleagues_answered >= c.min_colleagues_shown"
    columns = []
    for name in TOTALS:
        condition = f"e.state IN {RESULT}" + (f" AND {shown}" if name == "colleague_total" else "")
        value = f"CASE WHEN {condition} THEN e.{name} END"
        columns += [f"COALESCE(SUM({value}), 0)", f"COUNT({value})"]
    sql = f"""
        SELECT e.unit_id, e.criteria_set_id, e.state,
               CASE WHEN e.state IN {RESULT} THEN e.final_level_id END, COUNT(*),
               {", ".join(columns)}
        FROM {evaluations} e JOIN {cycles} c ON c.id = e.cycle_id
        WHERE e.cycle_id = %s
        GROUP BY e.unit_id, e.criteria_set_id, e.state,
                 CASE WHEN e.state IN {RESULT} THEN e.final_level_id END
    """  # noqa: S608 (table names from the models)
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk])
        return sorted(_normal(row) for row in cursor.fetchall())


def _kept_tally(cycle) -> list[tuple]:
    rows = UnitCycleTally.objects.filter(cycle=cycle).values_list(
        "unit_id",
        "criteria_set_id",
        "state",
        "final_level_id",
        "count",
        *TOTAL_COLUMNS,
    )
    return sorted(_normal(row) for row in rows)


def _normal(row) -> tuple:
    """Numbers compared as two-decimal Decimals (SQLite hands sums back as floats)."""
    head, numbers = row[:4], row[4:]
    return (
        *(-1 if value is None else value for value in head),
        *(Decimal(str(value or 0)).quantize(Decimal("0.01")) for value in numbers),
    )


# --- a random walk over the real services --------------------------------------------------


class Walk:
    """Takes random transitions on the evaluations of an Org's staff (their heads known)."""

    def __init__(self, org: Org, cycle: Cycle, rng: random.Random):
        self.org, self.cycle, self.rng = org, cycle, rng
        self.heads = {person.pk: org.head for person in org.staff}
        self.heads[org.sub_staff.pk] = org.sub_head
        self.people = [*org.staff, org.sub_staff]

    def step(self) -> str:
        person = self.rng.choice(self.people)
        evaluation = Evaluation.objects.get(cycle=self.cycle, person=person)
        choices = ACTIONS[evaluation.state]
        action = self.rng.choice(choices)
        try:
            getattr(self, action)(evaluation, person, self.heads[person.pk])
        except ValidationError:  # refused (e.g. nothing to submit yet): nothing changes
            return f"{action} refused"
        return action

    def _score(self):
        return self.rng.choice(["5", "6.5", "7", "8.25", "9", "10"])

    def self_draft(self, evaluation, person, head):
        fill(evaluation, person, "self", self._score())

    def self_submit(self, evaluation, person, head):
        self.self_draft(evaluation, person, head)
        services.self_assessment_submit(evaluation=evaluation, actor=person.user)

    def assign(self, evaluation, person, head):
        others = [p for p in self.people if p.pk != person.pk and p.unit_id == person.unit_id]
        others = others or [head]
        colleague = self.rng.choice(others)
        services.colleagues_assign(evaluation=evaluation, colleagues=[colleague], actor=head.user)

    def colleague_submit(self, evaluation, person, head):
        assessment = evaluation.assessments.filter(kind="colleague", status="draft").first()
        if assessment is None:
            return self.assign(evaluation, person, head)
        colleague = assessment.assessor
        fill(evaluation, colleague, "colleague", self._score())
        services.colleague_assessment_submit(evaluation=evaluation, actor=colleague.user)

    def send(self, evaluation, person, head):
        services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)

    def head_draft(self, evaluation, person, head):
        fill(evaluation, head, "head", self._score())

    def head_submit(self, evaluation, person, head):
        self.head_draft(evaluation, person, head)
        services.head_assessment_submit(evaluation=evaluation, actor=head.user)

    def conclude(self, evaluation, person, head):
        if evaluation.head_total is None:
            self.head_submit(evaluation, person, head)
        services.evaluation_conclude(evaluation=evaluation, actor=head.user)

    def give_back(self, evaluation, person, head):
        services.evaluation_return(
            evaluation=evaluation, reason="Bổ sung minh chứng", actor=head.user
        )

    def sign(self, evaluation, person, head):
        services.evaluation_sign_off(
            evaluation=evaluation, actor=head.user, password=DEFAULT_PASSWORD
        )

    def publish(self, evaluation, person, head):
        services.evaluation_publish(evaluation=evaluation, actor=head.user)

    def acknowledge(self, evaluation, person, head):
        services.evaluation_acknowledge(evaluation=evaluation, actor=person.user)

    def reopen(self, evaluation, person, head):
        services.evaluation_reopen(
            evaluation=evaluation, reason="Nhập sai điểm", actor=self.org.admin
        )


EDITABLE = ["self_draft", "self_draft", "self_submit"]
ACTIONS = {
    State.NOT_STARTED: EDITABLE,
    State.SELF_DRAFT: EDITABLE,
    State.RETURNED: EDITABLE,
    State.SELF_SUBMITTED: ["assign", "send", "send"],
    State.COLLEAGUES: ["colleague_submit", "send", "give_back"],
    State.HEAD_REVIEW: ["head_draft", "head_submit", "conclude", "conclude", "give_back"],
    State.CONCLUDED: ["sign", "sign", "give_back"],
    State.SIGNED_OFF: ["publish", "acknowledge", "reopen"],
    State.PUBLISHED: ["acknowledge", "reopen"],
    State.REOPENED: ["send", "give_back"],
}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_kept_tallies_equal_the_raw_count_after_random_transitions(seed):
    org = Org()
    cycle = org.open_cycle(min_colleagues_shown=1)
    walk = Walk(org, cycle, random.Random(seed))
    assert _kept_tally(cycle) == _raw_tally(cycle)

    taken = []
    for _ in range(STEPS):
        taken.append(walk.step())
        assert _kept_tally(cycle) == _raw_tally(cycle), taken

    # The walk went past the states whose figures count (not only drafts).
    reached = set(Evaluation.objects.filter(cycle=cycle).values_list("state", flat=True))
    assert reached - {State.NOT_STARTED, State.SELF_DRAFT}, taken


# --- drafts, bulk writes, the rebuild -------------------------------------------------------


def _tally_statements(captured) -> list[str]:
    table = UnitCycleTally._meta.db_table
    return [query["sql"] for query in captured.captured_queries if table in query["sql"]]


def test_saving_a_draft_again_does_not_touch_the_tallies():
    org = Org()
    cycle = org.open_cycle()
    person = org.staff[0]
    evaluation = org.evaluation(cycle, person)

    with CaptureQueriesContext(connection) as first:
        fill(evaluation, person, "self", "7")  # not started → draft: a counted change
    before = _kept_tally(cycle)
    with CaptureQueriesContext(connection) as again:
        fill(evaluation, person, "self", "9")

    assert _tally_statements(first)
    assert _tally_statements(again) == []
    assert _kept_tally(cycle) == before == _raw_tally(cycle)


def test_acknowledging_a_result_does_not_touch_the_tallies():
    org = Org()
    cycle = org.open_cycle()
    person = org.staff[0]
    walk = Walk(org, cycle, random.Random(0))
    evaluation = org.evaluation(cycle, person)
    walk.self_submit(evaluation, person, org.head)
    walk.send(evaluation, person, org.head)
    walk.conclude(org.evaluation(cycle, person), person, org.head)
    walk.sign(org.evaluation(cycle, person), person, org.head)

    with CaptureQueriesContext(connection) as captured:
        walk.acknowledge(org.evaluation(cycle, person), person, org.head)

    assert org.evaluation(cycle, person).acknowledged_at is not None
    assert _tally_statements(captured) == []


def test_opening_a_cycle_counts_everyone_not_started():
    org = Org()
    cycle = org.open_cycle()

    kept = UnitCycleTally.objects.filter(cycle=cycle)
    assert (
        sum(kept.values_list("count", flat=True)) == Evaluation.objects.filter(cycle=cycle).count()
    )
    assert set(kept.values_list("state", flat=True)) == {State.NOT_STARTED}


def test_rebuild_tallies_restores_what_raw_writes_left_behind():
    org = Org()
    cycle = org.open_cycle()
    Evaluation.objects.filter(cycle=cycle, person=org.staff[0]).update(state=State.SELF_DRAFT)
    assert _kept_tally(cycle) != _raw_tally(cycle)

    call_command("rebuild_tallies", stdout=io.StringIO())

    assert _kept_tally(cycle) == _raw_tally(cycle)
    assert rebuild_tallies(cycle_ids=[cycle.pk]) == len(_raw_tally(cycle))


# --- commitments ---------------------------------------------------------------------------


def _raw_commitment_tally(campaign) -> list[tuple]:
    table = connection.ops.quote_name(Commitment._meta.db_table)
    sql = f"""
        SELECT unit_id, block, criteria_set_id, status, is_late, COUNT(*)
        FROM {table} WHERE campaign_id = %s
        GROUP BY unit_id, block, criteria_set_id, status, is_late
    """  # noqa: S608 (table name from the model)
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk])
        return sorted((*row[:4], bool(row[4]), row[5]) for row in cursor.fetchall())


def _kept_commitment_tally(campaign) -> list[tuple]:
    rows = UnitCampaignTally.objects.filter(campaign=campaign).values_list(
        "unit_id", "block", "criteria_set_id", "status", "is_late", "count"
    )
    return sorted(rows)


@pytest.mark.parametrize("seed", range(5))
def test_the_commitment_tallies_follow_every_signature(seed):
    org = commitment_factories.Org()
    campaign = org.open_campaign()
    rng = random.Random(seed)
    people = [org.chairman, *org.staff, org.secretary, org.party_staff, org.front_staff]
    rng.shuffle(people)
    assert _kept_commitment_tally(campaign) == _raw_commitment_tally(campaign)

    for person in people:
        if rng.random() < 0.5:
            org.sign_online(campaign, person)
        else:
            clerk = org.gov_clerk if person.unit.block == Block.GOVERNMENT else org.party_clerk
            org.record_paper(campaign, person, actor=clerk, signed_on=campaign.unit_deadline)
        assert _kept_commitment_tally(campaign) == _raw_commitment_tally(campaign)
    signed = UnitCampaignTally.objects.filter(campaign=campaign, status="signed")
    assert sum(signed.values_list("count", flat=True)) == len(people)


def test_changing_the_minimum_of_colleagues_shown_recounts_the_cycle():
    org = Org()
    cycle = org.open_cycle(min_colleagues_shown=1)
    walk = Walk(org, cycle, random.Random(0))
    person = org.staff[0]
    walk.self_submit(org.evaluation(cycle, person), person, org.head)
    walk.assign(org.evaluation(cycle, person), person, org.head)
    walk.colleague_submit(org.evaluation(cycle, person), person, org.head)
    walk.send(org.evaluation(cycle, person), person, org.head)
    walk.conclude(org.evaluation(cycle, person), person, org.head)
    shown = UnitCycleTally.objects.filter(cycle=cycle, state=State.CONCLUDED)
    assert sum(shown.values_list("colleague_total_n", flat=True)) == 1

    cycle.min_colleagues_shown = 3
    cycle.save()

    assert sum(shown.values_list("colleague_total_n", flat=True)) == 0
    assert _kept_tally(cycle) == _raw_tally(cycle)
