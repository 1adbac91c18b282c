"""Criteria sets of Decision 264/QĐ-QU, versioned so that an edit never changes past results.

A set in use is locked: its groups, criteria and levels no longer change. To change the
criteria, an administrator creates a new version (a deep copy) and activates it.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CreatedAtModel, reference
from core.sealing import PartOfFrozenModel


class Audience(models.TextChoices):
    LEADER = "leader", _("Leaders and managers")
    STAFF = "staff", _("Civil servants, public employees and workers")


class LockedSetError(ValidationError):
    """Raised on any attempt to change a locked criteria set or its parts."""

    def __init__(self):
        super().__init__(
            _(
                "This criteria set is locked because it has been used. "
                "Create a new version to change it."
            ),
            code="locked",
        )


class CriteriaSet(CreatedAtModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    code = models.CharField(
        _("code"),
        max_length=40,
        help_text=_("Stable code shared by all versions of the set, e.g. LB-264-LDQL."),
    )
    name = models.CharField(_("name"), max_length=255)
    audience = models.CharField(_("applies to"), max_length=10, choices=Audience.choices)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuing_body = models.CharField(_("issued by"), max_length=255, blank=True)
    effective_from = models.DateField(_("effective from"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    previous_version = reference(
        "self", _("previous version"), optional=True, related_name="next_versions"
    )
    locked_at = models.DateTimeField(
        _("locked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the set is first used; a locked set never changes again."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="criteriaset_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="active"),
                name="criteriaset_one_active_version",
                violation_error_message=_("Another version of this set is already active."),
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def save(self, *args, **kwargs):
        # Only the status (activate/retire) may change on a locked set.
        if self.pk and self.is_locked:
            stored = CriteriaSet.objects.filter(pk=self.pk).values(*LOCKED_SET_FIELDS).first()
            if stored and any(stored[field] != getattr(self, field) for field in stored):
                raise LockedSetError()
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


# What a set says (a new version starts as a copy of these)...
SET_CONTENT_FIELDS = (
    "code",
    "name",
    "audience",
    "decision_number",
    "decision_date",
    "issuing_body",
    "effective_from",
)
# ...and what its lock freezes: that and its version (status and lock time stay writable).
LOCKED_SET_FIELDS = (*SET_CONTENT_FIELDS, "version")
# What a new version copies of each group, criterion and level of the set.
GROUP_CONTENT_FIELDS = ("order", "name")
CRITERION_CONTENT_FIELDS = ("order", "text", "guidance", "max_score", "weight")
LEVEL_CONTENT_FIELDS = ("label", "min_score")


class _PartOfSet(PartOfFrozenModel):
    """Groups, criteria and levels refuse writes once their set is locked."""

    frozen_error = LockedSetError

    class Meta:
        abstract = True

    def owning_set_id(self):
        """The set's id (or a subquery giving it) that this part belongs to."""
        raise NotImplementedError

    def frozen_owners(self):
        return CriteriaSet.objects.filter(pk=self.owning_set_id(), locked_at__isnull=False)


class CriterionGroup(_PartOfSet):
    criteria_set = reference(
        CriteriaSet, _("criteria set"), on_delete=models.CASCADE, related_name="groups"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["criteria_set", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "order"], name="group_order_unique")
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def owning_set_id(self):
        return self.criteria_set_id


class Criterion(_PartOfSet):
    group = reference(CriterionGroup, _("group"), on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("criterion"), max_length=500)
    guidance = models.TextField(
        _("guidance for the assessor"),
        blank=True,
        help_text=_("What to look at when scoring this criterion."),
    )
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["group__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="criterion_order_unique"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_max_score_min"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.text

    def owning_set_id(self):
        if not self.group_id:
            return None
        return CriterionGroup.objects.filter(pk=self.group_id).values("criteria_set_id")[:1]


class ResultLevel(_PartOfSet):
    """A result level reached from ``min_score`` (on the 0-100 scale) upward."""

    criteria_set = reference(
        CriteriaSet, _("criteria set"), on_delete=models.CASCADE, related_name="levels"
    )
    label = models.CharField(_("label"), max_length=255)
    min_score = models.DecimalField(
        _("minimum score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("On the 0-100 scale; the highest level whose minimum is reached applies."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result level")
        verbose_name_plural = _("result levels")
        ordering = ["criteria_set", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "min_score"], name="level_min_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=100), name="level_score_range"
            ),
        ]

    def __str__(self):
        return self.label

    def owning_set_id(self):
        return self.criteria_set_id
