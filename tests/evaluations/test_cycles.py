"""Opening and closing cycles: bulk creation with a constant number of queries."""

import pytest

from criteria.models import Audience
from evaluations import services
from evaluations.errors import EvaluationError, NotAllowedError, WrongStateError
from evaluations.models import AuditEntry, Cycle, Evaluation
from tests.factories.evaluations import CycleFactory
from tests.factories.units import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

# Cycle, scope, roles, scope (rule), active sets, categories, 2 for the lock, 3 INSERT ... SELECT
# (evaluations, their history, the reports' tallies), cycle update, audit, the central audit
# log, and 4 savepoints.
OPEN_QUERIES = 19  # + the actor's person: an inactive person may not write


def test_open_creates_one_evaluation_per_active_person_with_frozen_sets(org):
    PersonFactory(unit=org.unit, is_active=False)
    cycle = org.cycle()
    count = services.cycle_open(cycle=cycle, actor=org.admin)
    # unit: head + 4 staff; sub: head + 1; other: head
    assert count == 8
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.OPEN and cycle.opened_at
    staff = Evaluation.objects.get(cycle=cycle, person=org.staff[0])
    head = Evaluation.objects.get(cycle=cycle, person=org.head)
    assert staff.criteria_set == org.staff_set and staff.unit == org.unit
    assert head.criteria_set == org.leader_set
    org.staff_set.refresh_from_db()
    org.leader_set.refresh_from_db()
    assert org.staff_set.is_locked and org.leader_set.is_locked
    assert AuditEntry.objects.filter(cycle=cycle, action="cycle_open").exists()
    created = Evaluation.history.filter(history_type="+", cycle=cycle)
    assert created.count() == 8
    assert {row.history_user for row in created} == {org.admin}


def test_open_covers_only_the_scope_subtree(org):
    cycle = CycleFactory(scope=[org.sub])
    assert services.cycle_open(cycle=cycle, actor=org.admin) == 2


def test_open_twice_is_refused(org, cycle):
    with pytest.raises(WrongStateError):
        services.cycle_open(cycle=cycle, actor=org.admin)


def test_open_needs_an_administrator_of_the_scope(org):
    cycle = org.cycle()
    with pytest.raises(NotAllowedError):
        services.cycle_open(cycle=cycle, actor=org.head.user)


def test_open_refused_without_an_active_set(org):
    org.leader_set.status = "retired"
    org.leader_set.save()
    with pytest.raises(EvaluationError) as error:
        services.cycle_open(cycle=org.cycle(), actor=org.admin)
    assert error.value.code == "no_criteria_set"
    assert not Evaluation.objects.exists()


def test_close(org, cycle):
    services.cycle_close(cycle=cycle, actor=org.admin)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED
    with pytest.raises(WrongStateError):
        services.cycle_close(cycle=cycle, actor=org.admin)


def _people(org, count):
    unit = UnitFactory(parent=org.ward)
    PersonFactory.create_batch(count, unit=unit, user=None)
    return unit


@pytest.mark.parametrize("size", [10, 200])
def test_open_uses_a_constant_number_of_queries(org, size, django_assert_num_queries):
    unit = _people(org, size)
    cycle = CycleFactory(scope=[unit])
    org.admin = type(org.admin).objects.get(pk=org.admin.pk)  # no cached roles
    with django_assert_num_queries(OPEN_QUERIES):
        assert services.cycle_open(cycle=cycle, actor=org.admin) == size
    assert (
        Evaluation.objects.filter(cycle=cycle, criteria_set__audience=Audience.STAFF).count()
        == size
    )


def test_benchmark_command_opens_and_rolls_back(db):
    import contextlib
    import io

    from benchmarks import cycle_open_bench

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cycle_open_bench.main(["--people", "30", "--units", "3"])
    assert "30 evaluations" in out.getvalue()
    # No test savepoints around it (2), and the bench's actor is created just before: the
    # audit log's entry for it already looked up its (missing) person, which Django keeps (1).
    assert f"{OPEN_QUERIES - 3} queries" in out.getvalue()
    assert not Evaluation.objects.exists() and not Cycle.objects.exists()
