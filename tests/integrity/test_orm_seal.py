"""The seal through the ORM, on every database: what a careless script would try (bulk
deletes, the base manager, bulk_create and bulk_update, cascades from the rows above) is
refused with the model's own message, and what may still change does."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from commitments.errors import SignedError
from commitments.models import AuditEntry as CommitmentAuditEntry
from commitments.models import Commitment
from core.errors import AppendOnlyError
from core.models import AuditLog
from evaluations.models import (
    Assessment,
    AuditEntry,
    CollectiveReview,
    CollectiveVote,
    Evaluation,
    Score,
    SealedError,
)

pytestmark = pytest.mark.django_db


def _refused(error, write):
    with pytest.raises(error), transaction.atomic():
        write()


def _querysets(sealed):
    """Each sealed model: its sealed rows through the default and the base manager."""
    evaluation = sealed.evaluation
    pairs = [
        (Evaluation, {"pk__in": [evaluation.pk, sealed.published.pk]}, SealedError),
        (Assessment, {"evaluation": evaluation}, SealedError),
        (Score, {"assessment__evaluation": evaluation}, SealedError),
        (CollectiveVote, {"evaluation": evaluation}, SealedError),
        (CollectiveReview, {"pk": sealed.review.pk}, SealedError),
        (Commitment, {"pk__in": [sealed.online.pk, sealed.paper.pk]}, SignedError),
    ]
    for model, lookup, error in pairs:
        for manager in (model.objects, model._base_manager):
            yield model, manager.filter(**lookup), error


def test_bulk_deletes_of_sealed_rows_are_refused(sealed):
    for model, queryset, error in _querysets(sealed):
        count = queryset.count()
        _refused(error, queryset.delete)
        assert queryset.count() == count, model


def test_base_manager_updates_of_sealed_rows_are_refused(sealed):
    changes = {
        Evaluation: {"final_score": Decimal("1")},
        Assessment: {"total": Decimal("1")},
        Score: {"score": Decimal("1")},
        CollectiveVote: {"votes": 1},
        CollectiveReview: {"present": 1},
        Commitment: {"signed_text": "sửa"},
    }
    for model, queryset, error in _querysets(sealed):
        _refused(error, lambda queryset=queryset, model=model: queryset.update(**changes[model]))


def test_the_base_managers_are_the_sealed_querysets():
    for model in (Evaluation, Assessment, Score, CollectiveVote, CollectiveReview, Commitment):
        assert type(model._base_manager.all()) is type(model.objects.all()), model


def test_a_single_delete_of_a_sealed_row_is_refused(sealed):
    _refused(SealedError, sealed.review.delete)
    _refused(SealedError, sealed.review.votes.get().delete)
    _refused(SealedError, sealed.published.delete)
    _refused(SignedError, sealed.paper.delete)


def test_bulk_create_under_a_sealed_evaluation_is_refused(sealed):
    evaluation = sealed.evaluation
    assessment = Assessment.objects.filter(evaluation=evaluation).first()
    score = assessment.scores.first()
    level = sealed.review.votes.get().level
    new_assessment = Assessment(
        evaluation=evaluation, assessor=sealed.org.staff[3], kind=Assessment.Kind.COLLEAGUE
    )
    _refused(SealedError, lambda: Assessment.objects.bulk_create([new_assessment]))
    _refused(SealedError, lambda: Assessment._base_manager.bulk_create([new_assessment]))
    new_score = Score(assessment=assessment, criterion=score.criterion, score=Decimal("1"))
    _refused(SealedError, lambda: Score.objects.bulk_create([new_score]))
    vote = CollectiveVote(review=sealed.review, evaluation=evaluation, level=level, votes=1)
    _refused(SealedError, lambda: CollectiveVote.objects.bulk_create([vote]))
    assert Assessment.objects.filter(evaluation=evaluation).count() == 2


def test_bulk_create_under_an_open_evaluation_still_works(sealed):
    evaluation = sealed.org.evaluation(sealed.evaluation.cycle, sealed.org.staff[2])
    made = Assessment.objects.bulk_create(
        [Assessment(evaluation=evaluation, assessor=sealed.org.head, kind=Assessment.Kind.HEAD)]
    )
    assert made[0].pk


def test_bulk_update_of_sealed_rows_is_refused(sealed):
    evaluation = Evaluation.objects.get(pk=sealed.evaluation.pk)
    evaluation.final_score = Decimal("1")
    _refused(SealedError, lambda: Evaluation.objects.bulk_update([evaluation], ["final_score"]))
    score = Score.objects.filter(assessment__evaluation=evaluation).first()
    score.score = Decimal("1")
    _refused(SealedError, lambda: Score.objects.bulk_update([score], ["score"]))
    commitment = Commitment.objects.get(pk=sealed.online.pk)
    commitment.typed_name = "sửa"
    _refused(
        SignedError, lambda: Commitment._base_manager.bulk_update([commitment], ["typed_name"])
    )
    assert Commitment.objects.get(pk=sealed.online.pk).typed_name == sealed.online.typed_name


def test_acknowledgement_and_publication_may_still_be_recorded(sealed):
    now = timezone.now()
    assert Evaluation._base_manager.filter(pk=sealed.evaluation.pk).update(acknowledged_at=now)
    evaluation = Evaluation.objects.get(pk=sealed.published.pk)
    evaluation.acknowledged_at = now
    Evaluation.objects.bulk_update([evaluation], ["acknowledged_at"])
    evaluation.refresh_from_db()
    assert evaluation.acknowledged_at == now


# (the signed row, the field of what it points to)
PARENTS = [
    *(("evaluation", field) for field in ["cycle", "person", "unit", "criteria_set", "signed_by"]),
    *(("paper", field) for field in ["campaign", "person", "unit"]),
]


@pytest.mark.parametrize(("row", "parent"), PARENTS, ids=[f"{r}-{p}" for r, p in PARENTS])
def test_deleting_what_a_signed_row_points_to_is_refused(sealed, row, parent):
    signed = getattr(sealed, row)
    _refused(ProtectedError, getattr(signed, parent).delete)
    assert type(signed).objects.filter(pk=signed.pk).exists()


def test_an_unsealed_evaluation_without_audit_entries_may_still_be_deleted(sealed):
    evaluation = sealed.org.evaluation(sealed.evaluation.cycle, sealed.org.staff[3])
    assert not evaluation.audit_entries.exists()
    Evaluation.objects.filter(pk=evaluation.pk).delete()
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()


AUDIT_MODELS = [AuditLog, AuditEntry, CommitmentAuditEntry]


@pytest.mark.parametrize("model", AUDIT_MODELS, ids=lambda model: model._meta.label)
def test_audit_rows_are_append_only_through_every_manager(sealed, model):
    entry = model.objects.exclude(actor=None).order_by("pk").first()
    entry.action = "sửa"
    _refused(AppendOnlyError, entry.save)
    _refused(AppendOnlyError, entry.delete)
    for manager in (model.objects, model._base_manager):
        rows = manager.filter(pk=entry.pk)
        _refused(AppendOnlyError, lambda rows=rows: rows.update(action="sửa"))
        _refused(AppendOnlyError, lambda rows=rows: rows.update(actor=None, action="sửa"))
        _refused(AppendOnlyError, rows.delete)
        _refused(AppendOnlyError, lambda manager=manager: manager.bulk_update([entry], ["action"]))
    # The deletion collector's SET NULL of a deleted user is the one update let through.
    assert model._base_manager.filter(pk=entry.pk).update(actor=None) == 1
    assert model.objects.filter(pk=entry.pk, actor=None).exclude(action="sửa").exists()
