"""Row locks under real concurrency: PostgreSQL only (SQLite ignores SELECT ... FOR UPDATE)."""

import threading

from evaluations import services
from evaluations.errors import EvaluationError
from evaluations.models import AuditEntry, Evaluation, State
from tests.concurrency import POSTGRES_ONLY, race
from tests.factories.evaluations import fill, to_concluded
from tests.factories.units import DEFAULT_PASSWORD

pytestmark = POSTGRES_ONLY


def test_two_heads_signing_at_once_exactly_one_succeeds(org, evaluation):
    to_concluded(org, evaluation)
    results = race(
        lambda: services.evaluation_sign_off(
            evaluation=Evaluation.objects.get(pk=evaluation.pk),
            actor=type(org.head.user).objects.get(pk=org.head.user.pk),
            password=DEFAULT_PASSWORD,
        ),
        expected_error=EvaluationError,
    )
    assert sorted(results) == ["ok", "wrong_state"]
    evaluation.refresh_from_db()
    assert evaluation.state == State.SIGNED_OFF
    assert AuditEntry.objects.filter(evaluation=evaluation, action="sign_off").count() == 1


def test_two_colleague_submissions_keep_the_average_right(org, evaluation):
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    colleagues = org.staff[1:3]
    services.colleagues_assign(evaluation=evaluation, colleagues=colleagues, actor=org.head.user)
    fill(evaluation, colleagues[0], "colleague", 6)
    fill(evaluation, colleagues[1], "colleague", 8)
    users = iter([colleagues[0].user, colleagues[1].user])
    lock = threading.Lock()

    def submit():
        with lock:
            user = next(users)
        services.colleague_assessment_submit(
            evaluation=Evaluation.objects.get(pk=evaluation.pk), actor=user
        )

    assert race(submit, expected_error=EvaluationError) == ["ok", "ok"]
    evaluation.refresh_from_db()
    assert str(evaluation.colleague_total) == "70.00"
