"""The seal on signed-off evaluations, for models and querysets.

Once signed off, an evaluation's scores, state and signature no longer change: the model's
``save()`` and these querysets' ``update()``/``delete()``/``bulk_create()``/``bulk_update()``
refuse (they are the models' base managers too); on PostgreSQL the triggers of the migration
``0001_squashed_0007_database_seal`` (once ``0007_database_seal``) refuse the same. Only the
``evaluation_reopen`` service unseals one.
"""

from django.utils.translation import gettext_lazy as _

from core import errors
from core.sealing import SealedQuerySet

from .workflow import State


class SealedError(errors.SealedError):
    """Raised on any attempt to change a signed-off evaluation or its assessments."""

    default_message = _("This evaluation has been signed off and can no longer be changed.")


SEALED_STATES = (State.SIGNED_OFF, State.PUBLISHED)
# What a signature covers; acknowledgement and publication may still be recorded.
SEALED_FIELDS = (
    "cycle_id",
    "person_id",
    "unit_id",
    "criteria_set_id",
    "reviewer_id",
    "self_total",
    "colleague_total",
    "head_total",
    "final_score",
    "final_level_id",
    "level_override_reason",
    "head_conclusion",
    "signed_by_id",
    "signed_at",
    "content_sha256",
)


class EvaluationQuerySet(SealedQuerySet):
    sealed_lookup = {"state__in": SEALED_STATES}
    # A bulk update must not slip past the seal (acknowledgement/publication fields may).
    sealed_fields = (*SEALED_FIELDS, "state")
    # A cycle cannot reach its evaluations by a cascade: Evaluation.cycle is protected.
    sealed_error = SealedError


class AssessmentQuerySet(SealedQuerySet):
    sealed_lookup = {"evaluation__state__in": SEALED_STATES}
    seal_owner = "evaluation"
    sealed_error = SealedError


class ScoreQuerySet(SealedQuerySet):
    sealed_lookup = {"assessment__evaluation__state__in": SEALED_STATES}
    seal_owner = "assessment"
    sealed_error = SealedError


class CollectiveReviewQuerySet(SealedQuerySet):
    """A meeting is sealed once one of the evaluations it voted on is signed off."""

    sealed_lookup = {"votes__evaluation__state__in": SEALED_STATES}
    sealed_error = SealedError


class CollectiveVoteQuerySet(SealedQuerySet):
    sealed_lookup = {"evaluation__state__in": SEALED_STATES}
    seal_owner = "evaluation"
    sealed_error = SealedError


# --- what the seal hashes (core.seals; the order is documented in docs/seals.md) ----------

SEAL_KIND = "evaluation"
# Publication is the one move a signed evaluation may still make: the seal writes the state
# at sign-off for it. Any other state (a row set back to review by hand) breaks the seal.
SEALED_STATE_WRITTEN = {State.PUBLISHED: State.SIGNED_OFF}


def seal_fields(
    evaluation, *, state: str | None = None, prefetched: bool = False
) -> list[tuple[str, object]]:
    """What a signature attests, in the documented order: the evaluation's own fields, its
    assessments (sorted by kind, then assessor id) with their scores (by criterion id), and
    the collective votes on it (by meeting id, then level id). ``state``: the state to
    write instead of the stored one (the sign-off seals the state it moves to). Three
    queries, none when ``prefetched`` (``assessments__scores`` and
    ``collective_votes__review`` prefetched on the evaluation)."""
    if prefetched:
        assessments, votes = evaluation.assessments.all(), evaluation.collective_votes.all()
    else:
        assessments = evaluation.assessments.prefetch_related("scores")
        votes = evaluation.collective_votes.select_related("review")
    assessments = sorted(assessments, key=lambda a: (a.kind, a.assessor_id))
    votes = sorted(votes, key=lambda vote: (vote.review_id, vote.level_id))
    state = str(state or evaluation.state)
    return [
        ("evaluation", evaluation.pk),
        ("cycle", evaluation.cycle_id),
        ("person", evaluation.person_id),
        ("unit", evaluation.unit_id),
        ("criteria_set", evaluation.criteria_set_id),
        ("reviewer", evaluation.reviewer_id),
        ("state", str(SEALED_STATE_WRITTEN.get(state, state))),
        ("self_total", evaluation.self_total),
        ("colleague_total", evaluation.colleague_total),
        ("colleagues_answered", evaluation.colleagues_answered),
        ("head_total", evaluation.head_total),
        ("final_score", evaluation.final_score),
        ("final_level", evaluation.final_level_id),
        ("level_override_reason", evaluation.level_override_reason),
        ("head_conclusion", evaluation.head_conclusion),
        ("signed_by", evaluation.signed_by_id),
        ("signed_at", evaluation.signed_at),
        ("assessments", [_assessment(assessment) for assessment in assessments]),
        ("collective_votes", [_vote(vote) for vote in votes]),
    ]


def _assessment(assessment) -> list[tuple[str, object]]:
    scores = sorted(assessment.scores.all(), key=lambda score: score.criterion_id)
    return [
        ("kind", str(assessment.kind)),
        ("assessor", assessment.assessor_id),
        ("status", str(assessment.status)),
        ("total", assessment.total),
        ("overall_comment", assessment.overall_comment),
        ("strengths", assessment.strengths),
        ("weaknesses", assessment.weaknesses),
        ("proposed_level", assessment.proposed_level_id),
        ("submitted_at", assessment.submitted_at),
        (
            "scores",
            [
                [
                    ("criterion", score.criterion_id),
                    ("score", score.score),
                    ("comment", score.comment),
                ]
                for score in scores
            ],
        ),
    ]


def _vote(vote) -> list[tuple[str, object]]:
    review = vote.review
    return [
        ("meeting", review.pk),
        ("held_on", review.held_on),
        ("invited", review.invited),
        ("present", review.present),
        ("minutes", review.minutes.name or ""),
        ("recorded_by", review.recorded_by_id),
        ("level", vote.level_id),
        ("votes", vote.votes),
    ]
