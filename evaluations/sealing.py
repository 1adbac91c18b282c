"""The seal on signed-off evaluations, for models and querysets.

Once signed off, an evaluation's scores, state and signature no longer change: the model's
``save()`` and these querysets' ``update()``/``delete()``/``bulk_create()``/``bulk_update()``
refuse (they are the models' base managers too); on PostgreSQL the triggers of migration
``0004_database_seal`` refuse the same. Only the ``evaluation_reopen`` service unseals one.
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
