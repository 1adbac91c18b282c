"""The figures the reports need, kept per unit and cycle (:class:`UnitCycleTally`).

A report of a whole city would otherwise count and sum hundreds of thousands of evaluations
on every view. Instead each (cycle, unit) keeps a few rows, one per criteria set, state and
result level, with the number of evaluations and the sums of their totals; the reports add
these rows up. They are rewritten by the evaluation services in the same transaction as each
transition (see :mod:`evaluations.services.tallies`), so they are never behind the data.

Only what a report counts is kept: the number of evaluations per state, and — in the states
where an evaluation has its result (concluded, signed off, published) — its level and the
sums of its totals. Saving a draft changes none of these unless it changes the state.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import reference

from .sealing import SEALED_STATES
from .workflow import State

# The states in which an evaluation's level and totals are counted (provisionally while
# concluded, officially once signed off or published).
RESULT_STATES = (State.CONCLUDED, *SEALED_STATES)
# The totals summed, each with the number of evaluations that have one.
TOTALS = ("self_total", "colleague_total", "head_total", "final_score")


def _sum() -> models.DecimalField:
    return models.DecimalField(_("sum"), max_digits=14, decimal_places=2, default=0)


def _count() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(_("number"), default=0)


class UnitCycleTally(models.Model):
    """The evaluations of one unit in one cycle with one criteria set, state and level."""

    cycle = reference("evaluations.Cycle", _("cycle"), on_delete=models.CASCADE, related_name="+")
    unit = reference("units.Unit", _("unit"), on_delete=models.CASCADE, related_name="+")
    criteria_set = reference(
        "criteria.CriteriaSet", _("criteria set"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    final_level = reference(
        "criteria.ResultLevel",
        _("result level"),
        on_delete=models.CASCADE,
        optional=True,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("number of evaluations"))
    self_total_sum = _sum()
    self_total_n = _count()
    colleague_total_sum = _sum()
    colleague_total_n = _count()
    head_total_sum = _sum()
    head_total_n = _count()
    final_score_sum = _sum()
    final_score_n = _count()

    class Meta:
        verbose_name = _("unit and cycle tally")
        verbose_name_plural = _("unit and cycle tallies")
        indexes = [models.Index(fields=["cycle", "unit"], name="tally_cycle_unit")]

    def __str__(self):
        return f"{self.cycle_id}/{self.unit_id}/{self.criteria_set_id}/{self.state}"
