"""The collective's opinion recorded as a meeting's minutes, beside or instead of individual
colleague assessments (Vietnamese units often vote on proposed levels in a meeting).
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MINUTES_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx"]


class CollectiveReview(models.Model):
    cycle = models.ForeignKey(
        "evaluations.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="collective_reviews",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="collective_reviews",
    )
    held_on = models.DateField(_("meeting date"))
    minutes = models.FileField(
        _("minutes"),
        upload_to="evaluations/minutes/%Y/",
        blank=True,
        validators=[FileExtensionValidator(MINUTES_EXTENSIONS)],
    )
    invited = models.PositiveIntegerField(_("people invited"))
    present = models.PositiveIntegerField(_("people present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("collective review meeting")
        verbose_name_plural = _("collective review meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="collective_present_le_invited",
                condition=Q(present__lte=F("invited")),
                violation_error_message=_("More people present than invited."),
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.held_on:%d/%m/%Y}"


class CollectiveVote(models.Model):
    """How many of those present voted for one level for one person."""

    review = models.ForeignKey(
        CollectiveReview, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    evaluation = models.ForeignKey(
        "evaluations.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="collective_votes",
    )
    level = models.ForeignKey(
        "criteria.ResultLevel",
        verbose_name=_("result level"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    votes = models.PositiveIntegerField(_("votes"))

    class Meta:
        verbose_name = _("collective vote")
        verbose_name_plural = _("collective votes")
        ordering = ["review", "evaluation", "-level__min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "evaluation", "level"], name="collective_vote_unique"
            )
        ]

    def __str__(self):
        return f"{self.level}: {self.votes}"
