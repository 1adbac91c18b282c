"""The seal in PostgreSQL: raw SQL, as an operator with ``psql`` would send it, cannot change
or delete a signed record or an audit row; only the audited reopen lifts the seal, for its
own transaction (docs/integrity.md)."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from commitments.models import AuditEntry as CommitmentAuditEntry
from commitments.models import Commitment
from core.models import AuditLog
from core.sealing import lift_database_seal
from evaluations import services
from evaluations.models import (
    Assessment,
    AuditEntry,
    CollectiveReview,
    CollectiveVote,
    Evaluation,
    Score,
    State,
)

from .conftest import make_sealed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only(is_postgres):
    if not is_postgres:
        pytest.skip("the database's seal is PostgreSQL's (SQLite keeps the Python guards)")


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params=(), match="sealed row") -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        execute(sql, params)


def sealed_rows(sealed) -> dict[str, tuple]:
    """Each sealed table: a row of it, a column and a new value for it."""
    evaluation = sealed.evaluation
    score = Score.objects.filter(assessment__evaluation=evaluation).first()
    return {
        "signed-off evaluation": (Evaluation, evaluation.pk, "final_score", 1),
        "published evaluation": (Evaluation, sealed.published.pk, "head_conclusion", "sửa"),
        "signature": (Evaluation, evaluation.pk, "content_sha256", "0" * 64),
        "assessment": (Assessment, score.assessment_id, "total", 1),
        "score": (Score, score.pk, "score", 1),
        "collective vote": (CollectiveVote, sealed.review.votes.get().pk, "votes", 1),
        "collective meeting": (CollectiveReview, sealed.review.pk, "present", 1),
        "online commitment": (Commitment, sealed.online.pk, "signed_text", "sửa"),
        "paper commitment: scan": (Commitment, sealed.paper.pk, "scan", "khac.pdf"),
        "paper commitment: scan hash": (Commitment, sealed.paper.pk, "scan_sha256", "0" * 64),
    }


ROWS = [
    "signed-off evaluation",
    "published evaluation",
    "signature",
    "assessment",
    "score",
    "collective vote",
    "collective meeting",
    "online commitment",
    "paper commitment: scan",
    "paper commitment: scan hash",
]


def _value(model, pk, column):
    return model._base_manager.filter(pk=pk).values_list(column, flat=True).get()


@pytest.mark.parametrize("name", ROWS)
def test_a_raw_update_of_a_sealed_row_is_refused(sealed, name):
    model, pk, column, value = sealed_rows(sealed)[name]
    before = _value(model, pk, column)
    refused(f"UPDATE {table(model)} SET {column} = %s WHERE id = %s", [value, pk])
    assert _value(model, pk, column) == before


@pytest.mark.parametrize("name", ROWS)
def test_a_raw_delete_of_a_sealed_row_is_refused(sealed, name):
    model, pk, _column, _value = sealed_rows(sealed)[name]
    refused(f"DELETE FROM {table(model)} WHERE id = %s", [pk])
    assert model._base_manager.filter(pk=pk).exists()


@pytest.mark.parametrize("name", ROWS)
def test_the_refusal_is_the_triggers(sealed, name):
    """Without its trigger (dropped in a transaction that is rolled back) the same UPDATE
    passes: the tests above fail when a trigger goes missing."""
    model, pk, column, value = sealed_rows(sealed)[name]
    update = f"UPDATE {table(model)} SET {column} = %s WHERE id = %s"
    with transaction.atomic():
        execute(f"DROP TRIGGER {model._meta.db_table}_seal ON {table(model)}")
        assert execute(update, [value, pk]) == 1
        transaction.set_rollback(True)
    refused(update, [value, pk])


def test_new_assessments_scores_and_votes_under_a_sealed_evaluation_are_refused(sealed):
    evaluation = sealed.evaluation
    assessment = Assessment.objects.filter(evaluation=evaluation).first()
    score = assessment.scores.first()
    other = sealed.org.staff[3]
    refused(
        f"INSERT INTO {table(Assessment)} (evaluation_id, assessor_id, kind, status,"
        " overall_comment, strengths, weaknesses)"
        " VALUES (%s, %s, 'colleague', 'draft', '', '', '')",
        [evaluation.pk, other.pk],
    )
    refused(
        f"INSERT INTO {table(Score)} (assessment_id, criterion_id, score, comment)"
        f" SELECT %s, criterion_id, 1, '' FROM {table(Score)} WHERE id = %s",
        [assessment.pk, score.pk],
    )
    vote = sealed.review.votes.get()
    refused(
        f"INSERT INTO {table(CollectiveVote)} (review_id, evaluation_id, level_id, votes)"
        " SELECT review_id, evaluation_id, level_id + 1000000, 1 FROM"
        f" {table(CollectiveVote)} WHERE id = %s",
        [vote.pk],
    )


@pytest.mark.parametrize("state", [State.HEAD_REVIEW, State.CONCLUDED, State.REOPENED])
def test_moving_a_sealed_evaluation_back_is_refused(sealed, state):
    for evaluation in (sealed.evaluation, sealed.published):
        refused(f"UPDATE {table(Evaluation)} SET state = %s WHERE id = %s", [state, evaluation.pk])
    refused(
        f"UPDATE {table(Evaluation)} SET state = %s WHERE id = %s",
        [State.SIGNED_OFF, sealed.published.pk],
    )


def test_what_may_still_change_on_a_sealed_evaluation_does(sealed):
    now = timezone.now()
    ev = table(Evaluation)
    for column in ("acknowledged_at", "published_at", "updated_at"):
        assert execute(f"UPDATE {ev} SET {column} = %s WHERE id = %s", [now, sealed.evaluation.pk])
    # Publication moves the state on, and a save of the same values changes nothing.
    assert execute(
        f"UPDATE {ev} SET state = %s WHERE id = %s",
        [State.PUBLISHED, sealed.evaluation.pk],
    )
    assert execute(
        f"UPDATE {ev} SET final_score = final_score WHERE id = %s", [sealed.published.pk]
    )
    assert execute(
        f"UPDATE {table(Commitment)} SET signed_text = signed_text WHERE id = %s",
        [sealed.online.pk],
    )


def test_the_move_into_a_sealed_state_is_how_a_row_is_sealed(sealed):
    """The sign-off's UPDATE passes (the old state counts), and from then on it is sealed."""
    evaluation = sealed.org.evaluation(sealed.evaluation.cycle, sealed.org.staff[2])
    ev = table(Evaluation)
    assert execute(f"UPDATE {ev} SET state = %s WHERE id = %s", [State.SIGNED_OFF, evaluation.pk])
    refused(f"UPDATE {ev} SET state = %s WHERE id = %s", [State.SELF_DRAFT, evaluation.pk])


def test_unsealed_rows_still_change(sealed):
    evaluation = sealed.org.evaluation(sealed.evaluation.cycle, sealed.org.staff[2])
    ev = table(Evaluation)
    assert execute(f"UPDATE {ev} SET head_conclusion = 'x' WHERE id = %s", [evaluation.pk])
    pending = Commitment.objects.filter(status=Commitment.Status.PENDING).first()
    assert execute(f"UPDATE {table(Commitment)} SET typed_name = 'x' WHERE id = %s", [pending.pk])


AUDIT_TABLES = [AuditLog, AuditEntry, CommitmentAuditEntry]


@pytest.mark.parametrize("model", AUDIT_TABLES, ids=lambda model: model._meta.label)
def test_audit_rows_refuse_update_and_delete_even_with_the_seal_lifted(sealed, model):
    entry = model.objects.order_by("pk").first()
    assert entry is not None
    for lifted in (False, True):
        for sql in (
            f"UPDATE {table(model)} SET action = 'sửa' WHERE id = %s",
            f"DELETE FROM {table(model)} WHERE id = %s",
            f"UPDATE {table(model)} SET actor_id = NULL, action = 'sửa' WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="append-only row"), transaction.atomic():
                if lifted:
                    lift_database_seal()
                execute(sql, [entry.pk])
    assert model.objects.filter(pk=entry.pk, action=entry.action).exists()


@pytest.mark.parametrize("model", AUDIT_TABLES, ids=lambda model: model._meta.label)
def test_the_audit_refusal_is_the_triggers(sealed, model):
    entry = model.objects.order_by("pk").first()
    with transaction.atomic():
        execute(f"DROP TRIGGER {model._meta.db_table}_append_only ON {table(model)}")
        assert execute(f"DELETE FROM {table(model)} WHERE id = %s", [entry.pk]) == 1
        transaction.set_rollback(True)
    assert model.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("model", AUDIT_TABLES, ids=lambda model: model._meta.label)
def test_an_audit_row_may_lose_its_deleted_users_link(sealed, model):
    entry = model.objects.exclude(actor=None).order_by("pk").first()
    assert execute(f"UPDATE {table(model)} SET actor_id = NULL WHERE id = %s", [entry.pk])


def test_a_raw_delete_of_a_cycle_or_campaign_with_signed_rows_is_refused(sealed):
    from commitments.models import Campaign
    from evaluations.models import Cycle

    for model, pk in (
        (Cycle, sealed.evaluation.cycle_id),
        (Campaign, sealed.online.campaign_id),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            execute(f"DELETE FROM {table(model)} WHERE id = %s", [pk])
            execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert model.objects.filter(pk=pk).exists()


def test_the_lift_ends_with_its_block(sealed):
    ev = table(Evaluation)
    with transaction.atomic(), lift_database_seal():
        assert execute(f"UPDATE {ev} SET final_score = 1 WHERE id = %s", [sealed.evaluation.pk])
    # The block is over (its savepoint released, the test's own transaction goes on):
    # sealed again.
    refused(f"UPDATE {ev} SET final_score = 2 WHERE id = %s", [sealed.evaluation.pk])


def test_a_lift_rolled_back_is_gone(sealed):
    ev = table(Evaluation)
    with transaction.atomic(), lift_database_seal():
        assert execute(f"UPDATE {ev} SET final_score = 1 WHERE id = %s", [sealed.evaluation.pk])
        transaction.set_rollback(True)
    refused(f"UPDATE {ev} SET final_score = 1 WHERE id = %s", [sealed.evaluation.pk])


@pytest.mark.django_db(transaction=True)
def test_reopen_still_works_is_audited_and_its_lift_ends_with_its_transaction():
    sealed = make_sealed()
    evaluation, other = sealed.evaluation, sealed.published
    services.evaluation_reopen(evaluation=evaluation, reason="Sai số liệu", actor=sealed.org.admin)
    evaluation.refresh_from_db()
    assert evaluation.state == State.REOPENED and evaluation.content_sha256 == ""
    entry = AuditEntry.objects.get(evaluation=evaluation, action="reopen")
    assert entry.actor == sealed.org.admin and entry.data["sha256"]
    assert AuditLog.objects.filter(action=AuditLog.Action.WORKFLOW, object_id=str(evaluation.pk))
    # Its head assessment could be made a draft again, and the next transaction is sealed.
    with pytest.raises(DatabaseError, match="sealed row"), transaction.atomic():
        execute(f"UPDATE {table(Evaluation)} SET final_score = 1 WHERE id = %s", [other.pk])
    # A lift called without a block lasts until its transaction commits, and no longer.
    with transaction.atomic():
        lift_database_seal()
        execute(f"UPDATE {table(Evaluation)} SET updated_at = now() WHERE id = %s", [other.pk])
    with pytest.raises(DatabaseError, match="sealed row"), transaction.atomic():
        execute(f"UPDATE {table(Evaluation)} SET final_score = 1 WHERE id = %s", [other.pk])


@pytest.mark.django_db(transaction=True)
def test_the_lift_needs_a_transaction():
    from django.db.transaction import TransactionManagementError

    with pytest.raises(TransactionManagementError):
        lift_database_seal()
