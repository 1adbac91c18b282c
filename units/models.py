"""The organisation: units in a tree, the people who work in them, and scoped roles.

The tree is data (imported, edited in the admin), never hard-coded: Vietnam's 2025 reform
regrouped the wards, and other districts have other trees.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CreatedAtModel, reference

PATH_SEPARATOR = "/"

unit_code_validator = RegexValidator(
    r"^[A-Za-z0-9_-]+$",
    _("Use only letters without diacritics, digits, '-' and '_'."),
)


def code_field(verbose_name, *, help_text) -> models.CharField:
    """A code that imports match rows by (a unit's, a person's): unique, at most 40
    letters without diacritics, digits, '-' and '_'."""
    return models.CharField(
        verbose_name,
        max_length=40,
        unique=True,
        validators=[unit_code_validator],
        help_text=help_text,
    )


class Block(models.TextChoices):
    """The two reporting lines of the source documents."""

    GOVERNMENT = "government", _("Government block")
    PARTY_MASS = "party_mass", _("Party and mass-organisation block")


def block_field(*, blank: bool = False, help_text="") -> models.CharField:
    """A reporting line (:class:`Block`) stored on a row; ``blank`` where a row may have none."""
    return models.CharField(
        _("block"), max_length=20, choices=Block.choices, blank=blank, help_text=help_text
    )


class Category(models.TextChoices):
    """Which criteria set applies to a person."""

    LEADER = "leader", _("Leader or manager")
    STAFF = "staff", _("Civil servant, public employee or worker")


class Unit(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        WARD = "ward", _("Ward")
        PARTY_BODY = "party_body", _("Party body")
        GOVERNMENT_BODY = "government_body", _("Government body")
        FRONT_BODY = "front_body", _("Fatherland Front")
        MASS_ORG = "mass_org", _("Mass organisation")
        SCHOOL = "school", _("Public school")

    class SchoolLevel(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        PRIMARY = "primary", _("Primary school")
        LOWER_SECONDARY = "lower_secondary", _("Lower-secondary school")
        UPPER_SECONDARY = "upper_secondary", _("Upper-secondary school")

    # Containers group bodies; people work in the bodies, which each belong to a block.
    CONTAINER_KINDS = (Kind.DISTRICT, Kind.WARD)

    name = models.CharField(_("name"), max_length=255)
    code = code_field(_("code"), help_text=_("Short unique code used by imports, e.g. BODE-UBND."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    block = block_field(
        blank=True, help_text=_("Reporting line of the unit. Empty only for a district or ward.")
    )
    school_level = models.CharField(
        _("school level"), max_length=20, choices=SchoolLevel.choices, blank=True
    )
    parent = reference("self", _("parent unit"), optional=True, related_name="children")
    # Materialised path of codes ("/LB/BODE/BODE-UBND/"): "this unit and everything under
    # it" becomes one indexed prefix query, and bulk imports can compute it before insert.
    path = models.CharField(_("path"), max_length=1000, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        permissions = [
            ("import_unit", _("Can import units")),
            ("export_unit", _("Can export units")),
        ]
        constraints = [
            models.CheckConstraint(
                name="unit_block_required_for_bodies",
                condition=Q(kind__in=["district", "ward"]) | ~Q(block=""),
                violation_error_message=_("A body or school must belong to a block."),
            ),
            models.CheckConstraint(
                name="unit_school_level_only_for_schools",
                condition=Q(kind="school") | Q(school_level=""),
                violation_error_message=_("Only a school has a school level."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = None
        if self.pk:
            old_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moved or renamed: rewrite the paths of the whole subtree in one statement.
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    def clean(self):
        super().clean()
        # self.path still holds the stored path: the new parent must not lie under it.
        if self.parent_id and self.pk and self.path and self.parent.path.startswith(self.path):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or one of its children.")}
            )
        if self.kind == self.Kind.SCHOOL and not self.school_level:
            raise ValidationError({"school_level": _("Choose the level of the school.")})

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else PATH_SEPARATOR
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR) - 1

    @property
    def is_container(self) -> bool:
        return self.kind in self.CONTAINER_KINDS


class Person(models.Model):
    """Someone evaluated against the criteria: a leader/manager or a staff member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=255)
    staff_code = code_field(
        _("staff code"),
        help_text=_("Unique code of the person, used by imports and as login name."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unit = reference(Unit, _("unit"), related_name="people")
    position_title = models.CharField(_("position"), max_length=255, blank=True)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.STAFF
    )
    is_unit_head = models.BooleanField(
        _("head of unit"),
        default=False,
        help_text=_("The head assesses the unit's people and signs off their results."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__path", "-is_unit_head", "full_name"]
        permissions = [
            ("import_person", _("Can import people")),
            ("export_person", _("Can export people")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_unit_head=True, is_active=True),
                name="person_one_active_head_per_unit",
                violation_error_message=_("This unit already has an active head."),
            ),
            models.CheckConstraint(
                name="person_head_is_leader",
                condition=Q(is_unit_head=False) | Q(category="leader"),
                violation_error_message=_("A unit head must be in the leader category."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.staff_code})"

    @property
    def email_address(self) -> str:
        """Where emails to the person go: their own address, else their login's, else ""."""
        if self.email:
            return self.email
        return self.user.email if self.user_id else ""


class RoleAssignment(CreatedAtModel):
    """A role that is not a position, held over a unit and everything under it."""

    class Role(models.TextChoices):
        OFFICE_CLERK = "office_clerk", _("Block office clerk")
        HOME_AFFAIRS_REVIEWER = "home_affairs", _("Home Affairs reviewer (phòng Nội vụ)")
        ORGANISATION_BOARD_REVIEWER = (
            "organisation_board",
            _("Organisation Board reviewer (Ban Tổ chức Quận ủy)"),
        )
        ADMINISTRATOR = "administrator", _("Administrator")

    user = reference(
        settings.AUTH_USER_MODEL,
        _("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = reference(
        Unit,
        _("scope"),
        related_name="role_assignments",
        help_text=_("The role applies to this unit and every unit under it."),
    )
    block = block_field(
        blank=True,
        help_text=_("For a block office clerk: which office (People's Committee or Party)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "block"], name="role_assignment_unique"
            ),
            models.CheckConstraint(
                name="role_clerk_has_block",
                condition=~Q(role="office_clerk") | ~Q(block=""),
                violation_error_message=_("A block office clerk needs a block."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit}"

    @property
    def reviewed_block(self) -> str:
        """The block whose units this role sees; empty means every block."""
        return ROLE_BLOCKS.get(self.role, self.block)


# The district offices each review one block (schools default to the government block).
ROLE_BLOCKS = {
    RoleAssignment.Role.HOME_AFFAIRS_REVIEWER: Block.GOVERNMENT,
    RoleAssignment.Role.ORGANISATION_BOARD_REVIEWER: Block.PARTY_MASS,
}
