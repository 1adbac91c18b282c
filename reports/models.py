"""What the reports keep precomputed: score sums per criterion, refreshed at sign-off.

A city's evaluations hold millions of scores; summing them on every page view would take
seconds. Once an evaluation is signed off its scores never change (they are sealed), so the
sums of each unit's signed-off scores are written when an evaluation is signed off (or
reopened) and the criteria report reads these few rows instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import reference
from criteria.models import Audience


class CriterionScoreSum(models.Model):
    """The submitted scores of one unit's signed-off evaluations, per criterion and kind."""

    cycle = reference("evaluations.Cycle", _("cycle"), on_delete=models.CASCADE, related_name="+")
    unit = reference("units.Unit", _("unit"), on_delete=models.CASCADE, related_name="+")
    criterion = reference(
        "criteria.Criterion", _("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(_("applies to"), max_length=10, choices=Audience.choices)
    kind = models.CharField(_("kind of assessment"), max_length=10)
    score_sum = models.DecimalField(_("sum of the scores"), max_digits=14, decimal_places=2)
    score_count = models.PositiveIntegerField(_("number of scores"))

    class Meta:
        verbose_name = _("criterion score sum")
        verbose_name_plural = _("criterion score sums")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "criterion", "kind"], name="criterion_score_sum_unique"
            )
        ]
        indexes = [models.Index(fields=["cycle", "unit"], name="criterion_sum_cycle_unit")]

    def __str__(self):
        return f"{self.cycle_id}/{self.unit_id}/{self.criterion_id}/{self.kind}"
