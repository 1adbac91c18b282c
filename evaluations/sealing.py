"""The seal on signed-off evaluations, for models and querysets.

Once signed off, an evaluation's scores, state and signature no longer change: the model's
``save()`` and these querysets' ``update()``/``delete()`` refuse. Only the
``evaluation_reopen`` service unseals one.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workflow import State


class SealedError(ValidationError):
    """Raised on any attempt to change a signed-off evaluation or its assessments."""

    def __init__(self):
        super().__init__(
            _("This evaluation has been signed off and can no longer be changed."),
            code="sealed",
        )


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


class EvaluationQuerySet(models.QuerySet):
    def sealed(self):
        return self.filter(state__in=SEALED_STATES)

    def update(self, **kwargs):
        # A bulk update must not slip past the seal (acknowledgement/publication fields may).
        touched = {name.removesuffix("_id") for name in kwargs}
        guarded = {field.removesuffix("_id") for field in SEALED_FIELDS} | {"state"}
        if touched & guarded and self.sealed().exists():
            raise SealedError()
        return super().update(**kwargs)


class _SealedByEvaluationQuerySet(models.QuerySet):
    evaluation_lookup = ""

    def _touches_sealed(self) -> bool:
        return self.filter(**{f"{self.evaluation_lookup}state__in": SEALED_STATES}).exists()

    def update(self, **kwargs):
        if self._touches_sealed():
            raise SealedError()
        return super().update(**kwargs)

    def delete(self):
        if self._touches_sealed():
            raise SealedError()
        return super().delete()


class AssessmentQuerySet(_SealedByEvaluationQuerySet):
    evaluation_lookup = "evaluation__"


class ScoreQuerySet(_SealedByEvaluationQuerySet):
    evaluation_lookup = "assessment__evaluation__"
