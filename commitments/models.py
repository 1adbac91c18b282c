"""Yearly commitments: campaigns, each person's commitment, the offices' reports, reminders.

A signed commitment is sealed: its text, hash, time and evidence no longer change, by the
model, a queryset (default or base manager), the admin or, on PostgreSQL, any SQL at all
(triggers of migration ``0001_squashed_0005_database_seal``), even when the campaign's text is
edited later. A campaign with commitments or audit entries cannot be deleted (protected keys).
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import AuditEntryBase, CreatedAtModel, reference, user_reference
from core.sealing import SealedModel, SealedQuerySet
from core.workflow import PeriodStatus
from units.models import Block, block_field

from .deadlines import FIRST_YEAR
from .errors import SignedError
from .texts import DEFAULT_TEXT, template_check


class Campaign(CreatedAtModel):
    Status = PeriodStatus

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(FIRST_YEAR)]
    )
    scope_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("units in scope"),
        related_name="commitment_campaigns",
        help_text=_("Each unit brings every unit under it."),
    )
    text_template = models.TextField(
        _("commitment text"),
        default=DEFAULT_TEXT,
        help_text=_(
            "Placeholders filled for each person: {full_name}, {position}, {unit}, {year}, "
            "{criteria_set}, {criteria}."
        ),
    )
    unit_deadline = models.DateField(
        _("hand-in deadline"), help_text=_("People hand their commitment to their office by.")
    )
    final_deadline = models.DateField(
        _("final deadline"), help_text=_("Every commitment signed and reported by.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment campaign")
        verbose_name_plural = _("commitment campaigns")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="campaign_deadlines_order",
                condition=Q(final_deadline__gte=F("unit_deadline")),
                violation_error_message=_("The final deadline cannot come before the hand-in one."),
            ),
            models.CheckConstraint(
                name="campaign_year_from_2021", condition=Q(year__gte=FIRST_YEAR)
            ),
        ]

    def __str__(self):
        return gettext("Commitments %(year)s") % {"year": self.year}

    def clean(self):
        super().clean()
        template_check(self.text_template)


# What a signature covers: none of it changes once the commitment is signed.
SIGNED_FIELDS = (
    "campaign_id",
    "person_id",
    "unit_id",
    "report_unit_id",
    "block",
    "criteria_set_id",
    "status",
    "method",
    "signed_text",
    "text_sha256",
    "signed_at",
    "is_late",
    "ip_address",
    "user_agent",
    "typed_name",
    "paper_signed_on",
    "scan",
    "scan_sha256",
    "recorded_by_id",
    "seal_sha256",
)


class CommitmentQuerySet(SealedQuerySet):
    """Nothing of a signed commitment changes, in a bulk update or a delete."""

    sealed_error = SignedError

    def sealed(self):
        return self.filter(status=Commitment.Status.SIGNED)


def scan_path(instance, filename: str) -> str:
    """A random name under the campaign's year: nothing of the person, nothing to guess.

    The extension is the checked kind's (commitments.uploads.scan_stored names the file).
    """
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"commitments/scans/{instance.campaign.year}/{uuid.uuid4().hex}.{extension}"


class Commitment(SealedModel, CreatedAtModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not signed yet")
        SIGNED = "signed", _("Signed")

    class Method(models.TextChoices):
        ONLINE = "online", _("Signed online")
        PAPER = "paper", _("Signed on paper")

    campaign = reference(Campaign, _("campaign"), related_name="commitments")
    person = reference("units.Person", _("person"), related_name="commitments")
    unit = reference(
        "units.Unit",
        _("unit"),
        related_name="commitments",
        help_text=_("The person's unit when the campaign opened."),
    )
    report_unit = reference(
        "units.Unit",
        _("reporting unit"),
        related_name="+",
        help_text=_("The ward (or top body) whose office collects this commitment."),
    )
    block = block_field()
    criteria_set = reference("criteria.CriteriaSet", _("criteria set"), related_name="commitments")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    method = models.CharField(
        _("how it was signed"), max_length=10, choices=Method.choices, blank=True
    )
    signed_text = models.TextField(_("signed text"), blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the signed text"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    typed_name = models.CharField(_("name typed when signing"), max_length=255, blank=True)
    paper_signed_on = models.DateField(_("date on the paper"), null=True, blank=True)
    scan = models.FileField(_("scan of the paper"), upload_to=scan_path, blank=True)
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    recorded_by = user_reference(_("recorded by"), optional=True)
    seal_sha256 = models.CharField(
        _("seal (SHA-256 of the signed record)"),
        max_length=64,
        blank=True,
        help_text=_("Covers the text's SHA-256, who signed, when and how (docs/seals.md)."),
    )

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    seal_covers = SIGNED_FIELDS

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["campaign", "report_unit__path", "block", "person__full_name"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="commitment_one_per_person_and_campaign"
            ),
            models.CheckConstraint(
                name="commitment_signed_has_evidence",
                condition=Q(status="pending")
                | (
                    ~Q(method="")
                    & ~Q(signed_text="")
                    & ~Q(text_sha256="")
                    & Q(signed_at__isnull=False)
                ),
                violation_error_message=_("A signed commitment needs its text, hash and time."),
            ),
            models.CheckConstraint(
                name="commitment_paper_has_scan",
                condition=~Q(method="paper") | (~Q(scan="") & Q(recorded_by__isnull=False)),
                violation_error_message=_("A paper commitment needs a scan and who recorded it."),
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "report_unit", "block"], name="commitment_office"),
            models.Index(fields=["campaign", "status"], name="commitment_campaign_status"),
        ]

    def __str__(self):
        return f"{self.person} – {self.campaign}"

    def get_absolute_url(self):
        return reverse("commitments:detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class UnitReport(models.Model):
    """An office's report for its ward and block: submitted, confirmed, received."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted by the office")
        CONFIRMED = "confirmed", _("Confirmed by the head, sent to the district")
        RECEIVED = "received", _("Received by the district")

    campaign = reference(Campaign, _("campaign"), related_name="reports")
    report_unit = reference("units.Unit", _("unit"), related_name="+")
    block = block_field()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    counts = models.JSONField(_("counts when submitted"), default=dict)
    missing_people = models.JSONField(_("people who had not signed"), default=list, blank=True)
    submitted_by = user_reference(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    confirmed_by = user_reference(_("confirmed by"), optional=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    received_by = user_reference(_("received by"), optional=True)
    received_at = models.DateTimeField(_("received by the district at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["campaign", "report_unit__path", "block"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "report_unit", "block"], name="unit_report_one_per_office"
            ),
            models.CheckConstraint(
                name="unit_report_confirmed_has_time",
                condition=Q(status="submitted") | Q(confirmed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="unit_report_received_has_time",
                condition=~Q(status="received") | Q(received_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.report_unit} – {self.get_block_display()} – {self.campaign}"

    @property
    def missing_count(self) -> int:
        return len(self.missing_people)


class ReminderLog(models.Model):
    """One reminder sent: never two for the same person, campaign and step."""

    campaign = reference(Campaign, _("campaign"), on_delete=models.CASCADE, related_name="+")
    person = reference("units.Person", _("person"), on_delete=models.CASCADE, related_name="+")
    step = models.CharField(
        _("step"),
        max_length=40,
        help_text=_("Which reminder: before a deadline, or an office's reminder of one day."),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "step"], name="reminder_once_per_step"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.step}"


class AuditEntry(AuditEntryBase):
    """One line per action: who did what to which campaign, commitment or report."""

    # Protected: audit entries are never deleted, so neither is what they are about.
    campaign = reference(Campaign, _("campaign"), related_name="audit")
    commitment = reference(Commitment, _("commitment"), optional=True, related_name="audit")
    report = reference(UnitReport, _("unit report"), optional=True, related_name="audit")

    class Meta(AuditEntryBase.Meta):
        verbose_name = _("commitment audit entry")
        verbose_name_plural = _("commitment audit entries")


class UnitCampaignTally(models.Model):
    """The commitments of one unit in one campaign, per block, criteria set, status and
    lateness: what the reports count, kept by the commitment services in the transaction of
    each signature (see :mod:`commitments.services.tallies`)."""

    campaign = reference(Campaign, _("campaign"), on_delete=models.CASCADE, related_name="+")
    unit = reference("units.Unit", _("unit"), on_delete=models.CASCADE, related_name="+")
    block = models.CharField(_("block"), max_length=20, choices=Block.choices)
    criteria_set = reference(
        "criteria.CriteriaSet", _("criteria set"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Commitment.Status.choices)
    is_late = models.BooleanField(_("late"))
    count = models.PositiveIntegerField(_("number of commitments"))

    class Meta:
        verbose_name = _("unit and campaign tally")
        verbose_name_plural = _("unit and campaign tallies")
        indexes = [models.Index(fields=["campaign", "unit"], name="tally_campaign_unit")]

    def __str__(self):
        return f"{self.campaign_id}/{self.unit_id}/{self.block}/{self.status}"
