"""Evaluation cycles, each person's evaluation, the assessments and their scores.

A signed-off evaluation is sealed: its scores, state and signature, its assessments and
the collective's votes on it no longer change, by the model, a queryset (default or base
manager), the admin or, on PostgreSQL, any SQL at all (triggers). Only the
``evaluation_reopen`` service unseals it. A cycle with evaluations, and an evaluation with
audit entries, cannot be deleted (protected keys; the audit tables are append-only).
"""

import datetime
from decimal import Decimal

from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    AuditEntryBase,
    CreatedAtModel,
    TimestampedModel,
    reference,
    user_reference,
)
from core.sealing import PartOfFrozenModel, SealedModel
from core.time import local_today
from core.workflow import PeriodStatus

from .sealing import (
    SEALED_FIELDS,
    SEALED_STATES,
    AssessmentQuerySet,
    CollectiveReviewQuerySet,
    CollectiveVoteQuerySet,
    EvaluationQuerySet,
    ScoreQuerySet,
    SealedError,
    State,
)

__all__ = [
    "SEALED_FIELDS",
    "SEALED_STATES",
    "Assessment",
    "AuditEntry",
    "CollectiveReview",
    "CollectiveVote",
    "Cycle",
    "Evaluation",
    "Score",
    "SealedError",
    "State",
    "UnitCycleTally",
]

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _percent(verbose_name) -> models.DecimalField:
    """An optional total on the 0-100 scale."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )


class Cycle(CreatedAtModel):
    class PeriodKind(models.TextChoices):
        YEAR = "year", _("Year")
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    Status = PeriodStatus

    name = models.CharField(_("name"), max_length=255)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    scope_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("units in scope"),
        related_name="evaluation_cycles",
        help_text=_("Each unit brings every unit under it."),
    )
    self_deadline = models.DateField(_("self-assessment deadline"))
    colleague_deadline = models.DateField(_("colleague assessment deadline"))
    head_deadline = models.DateField(_("head review deadline"))
    self_weight = models.PositiveSmallIntegerField(
        _("weight of the self-assessment (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    colleague_weight = models.PositiveSmallIntegerField(
        _("weight of the colleagues (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    head_weight = models.PositiveSmallIntegerField(
        _("weight of the head (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    colleagues_required = models.BooleanField(_("colleague assessments required"), default=False)
    min_colleagues_shown = models.PositiveSmallIntegerField(
        _("minimum colleagues before their average is shown"), default=3
    )
    lock_after_deadline = models.BooleanField(
        _("refuse submissions after a deadline"), default=False
    )
    top_level_cap_percent = models.PositiveSmallIntegerField(
        _("cap on the top level (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Share of the top level among those rated good or better, e.g. 20."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                name="cycle_weights_sum_100",
                condition=Q(
                    self_weight__gte=0,
                    colleague_weight__gte=0,
                    head_weight__gte=0,
                )
                & Q(
                    head_weight=100 - F("self_weight") - F("colleague_weight"),
                ),
                violation_error_message=_("The three weights must add up to 100."),
            ),
            models.CheckConstraint(
                name="cycle_period_order",
                condition=Q(period_end__gte=F("period_start")),
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                name="cycle_top_level_cap_range",
                condition=Q(top_level_cap_percent__isnull=True) | Q(top_level_cap_percent__lte=100),
            ),
        ]

    def __str__(self):
        return self.name

    def deadline_for(self, kind: str) -> datetime.date:
        """The deadline of one kind of assessment (``Assessment.Kind``): self, colleague, head."""
        return {
            Assessment.Kind.SELF: self.self_deadline,
            Assessment.Kind.COLLEAGUE: self.colleague_deadline,
            Assessment.Kind.HEAD: self.head_deadline,
        }[kind]

    def refuses_work_after(self, deadline: datetime.date) -> bool:
        """Whether this cycle refuses work now because ``deadline`` (a Hà Nội date) passed."""
        return self.lock_after_deadline and local_today() > deadline


class Evaluation(SealedModel, TimestampedModel):
    cycle = reference(Cycle, _("cycle"), related_name="evaluations")
    person = reference("units.Person", _("person"), related_name="evaluations")
    unit = reference(
        "units.Unit",
        _("unit"),
        related_name="evaluations",
        help_text=_("The person's unit when the cycle opened."),
    )
    criteria_set = reference("criteria.CriteriaSet", _("criteria set"), related_name="evaluations")
    reviewer = reference(
        "units.Person",
        _("reviewer named by an administrator"),
        optional=True,
        related_name="+",
        help_text=_("Empty: the head of the unit (or of the parent unit, for a head)."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NOT_STARTED
    )
    self_total = _percent(_("self-assessment total"))
    colleague_total = _percent(_("colleagues' average"))
    colleagues_answered = models.PositiveSmallIntegerField(
        _("colleagues who answered"), default=0, db_default=0, editable=False
    )
    head_total = _percent(_("head's total"))
    final_score = _percent(_("combined score"))
    final_level = reference(
        "criteria.ResultLevel", _("result level"), optional=True, related_name="evaluations"
    )
    level_override_reason = models.TextField(_("reason for another level"), blank=True)
    head_conclusion = models.TextField(_("head's conclusion"), blank=True)
    signed_by = user_reference(_("signed off by"), optional=True)
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the signed content"), max_length=64, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    seal_covers = SEALED_FIELDS
    # Only publication moves a sealed evaluation forward.
    seal_state_field = "state"
    seal_state_moves = (State.PUBLISHED,)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["cycle", "unit__path", "person__full_name"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="evaluation_cycle_person"),
            models.CheckConstraint(
                name="evaluation_final_score_range",
                condition=Q(final_score__isnull=True) | Q(final_score__gte=0, final_score__lte=100),
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state"], name="evaluation_cycle_state")]

    def __str__(self):
        return f"{self.person} – {self.cycle}"

    @property
    def is_sealed(self) -> bool:
        return self.state in SEALED_STATES

    @property
    def colleague_average_shown(self) -> bool:
        """Whether enough colleagues answered for their average to be shown to anyone but
        the head: the cycle's minimum, and at least one (see :func:`shown_colleague_total`)."""
        answered = self.colleagues_answered
        return answered > 0 and answered >= self.cycle.min_colleagues_shown


class _SealedWithEvaluation(PartOfFrozenModel):
    """Rows that belong to an evaluation refuse writes once it is signed off."""

    frozen_error = SealedError

    class Meta:
        abstract = True

    def owning_evaluations(self):
        raise NotImplementedError

    def frozen_owners(self):
        return self.owning_evaluations().sealed()


class Assessment(_SealedWithEvaluation):
    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        COLLEAGUE = "colleague", _("Colleague assessment")
        HEAD = "head", _("Head's assessment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    evaluation = reference(
        Evaluation, _("evaluation"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = reference("units.Person", _("assessor"), related_name="assessments_given")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    proposed_level = reference(
        "criteria.ResultLevel", _("proposed level"), optional=True, related_name="+"
    )
    total = _percent(_("total"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["evaluation", "kind", "pk"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "assessor", "kind"], name="assessment_unique_per_assessor"
            ),
            models.CheckConstraint(
                name="assessment_total_range",
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.assessor}"

    def owning_evaluations(self):
        return Evaluation.objects.filter(pk=self.evaluation_id)


class Score(_SealedWithEvaluation):
    assessment = reference(
        Assessment, _("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = reference("criteria.Criterion", _("criterion"), related_name="scores")
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.TextField(_("comment"), blank=True)

    objects = ScoreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion__group__order", "criterion__order"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"

    def owning_evaluations(self):
        return Evaluation.objects.filter(assessments=self.assessment_id)


class AuditEntry(AuditEntryBase):
    """One line per transition: who moved what from which state to which, and why."""

    # Protected: audit entries are never deleted, so neither is what they are about.
    cycle = reference(Cycle, _("cycle"), related_name="audit_entries")
    evaluation = reference(Evaluation, _("evaluation"), optional=True, related_name="audit_entries")
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(AuditEntryBase.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.action} {self.from_state} → {self.to_state}"


# The collective's opinion recorded as a meeting's minutes, beside or instead of individual
# colleague assessments (Vietnamese units often vote on proposed levels in a meeting).

MINUTES_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx"]


class CollectiveReview(_SealedWithEvaluation, CreatedAtModel):
    cycle = reference(
        "evaluations.Cycle", _("cycle"), on_delete=models.CASCADE, related_name="collective_reviews"
    )
    unit = reference("units.Unit", _("unit"), related_name="collective_reviews")
    held_on = models.DateField(_("meeting date"))
    minutes = models.FileField(
        _("minutes"),
        upload_to="evaluations/minutes/%Y/",
        blank=True,
        validators=[FileExtensionValidator(MINUTES_EXTENSIONS)],
    )
    invited = models.PositiveIntegerField(_("people invited"))
    present = models.PositiveIntegerField(_("people present"))
    recorded_by = user_reference(_("recorded by"))

    objects = CollectiveReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective review meeting")
        verbose_name_plural = _("collective review meetings")
        ordering = ["-held_on", "-pk"]
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(
                name="collective_present_le_invited",
                condition=Q(present__lte=F("invited")),
                violation_error_message=_("More people present than invited."),
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.held_on:%d/%m/%Y}"

    def owning_evaluations(self):
        if self.pk is None:
            return Evaluation.objects.none()
        return Evaluation.objects.filter(collective_votes__review=self.pk)


class CollectiveVote(_SealedWithEvaluation):
    """How many of those present voted for one level for one person."""

    review = reference(
        CollectiveReview, _("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    evaluation = reference(
        "evaluations.Evaluation",
        _("evaluation"),
        on_delete=models.CASCADE,
        related_name="collective_votes",
    )
    level = reference("criteria.ResultLevel", _("result level"), related_name="+")
    votes = models.PositiveIntegerField(_("votes"))

    objects = CollectiveVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective vote")
        verbose_name_plural = _("collective votes")
        ordering = ["review", "evaluation", "-level__min_score"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "evaluation", "level"], name="collective_vote_unique"
            )
        ]

    def __str__(self):
        return f"{self.level}: {self.votes}"

    def owning_evaluations(self):
        return Evaluation.objects.filter(pk=self.evaluation_id)


def shown_colleague_total(prefix: str = "") -> Case:
    """The colleagues' average of each row where it may be shown, else NULL: the SQL form of
    :attr:`Evaluation.colleague_average_shown`, for reports and exports (``prefix`` reaches
    the evaluation from another model, e.g. ``"evaluation__"``)."""
    return Case(
        When(
            Q(**{f"{prefix}colleagues_answered__gt": 0})
            & Q(**{f"{prefix}colleagues_answered__gte": F(f"{prefix}cycle__min_colleagues_shown")}),
            then=F(f"{prefix}colleague_total"),
        ),
        default=None,
        output_field=models.DecimalField(max_digits=5, decimal_places=2),
    )


# --- the figures the reports need (UnitCycleTally) ------------------------------------------

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
    """The evaluations of one unit in one cycle with one criteria set, state and level.

    A report of a whole city would otherwise count and sum hundreds of thousands of
    evaluations on every view. Instead each (cycle, unit) keeps a few rows, one per criteria
    set, state and result level, with the number of evaluations and the sums of their totals;
    the reports add these rows up. They are rewritten by the evaluation services in the same
    transaction as each transition (:mod:`evaluations.services.tallies`), so they are never
    behind the data. Only what a report counts is kept: the number of evaluations per state,
    and in the states where an evaluation has its result (``RESULT_STATES``) its level and
    the sums of its totals. Saving a draft changes none of these unless it changes the state.
    """

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
