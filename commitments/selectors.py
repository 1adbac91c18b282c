"""Read-only queries about commitments: a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from core.numbers import round_half_up
from core.seals import SealCheck, code_hex_prefix, seal_sha256, verification_code
from units.models import Block, RoleAssignment, Unit
from units.permissions import can
from units.scope import scope_q
from units.selectors import assignments_with_role, person_for, scope_of

from .deadlines import is_after, local_today
from .models import Campaign, Commitment, UnitReport
from .permissions import TRACKING_ROLES, Office
from .routing import ROUTES
from .sealing import SEAL_KIND, seal_fields
from .texts import sha256_hex

Role = RoleAssignment.Role
Status = Commitment.Status

# The three states a list shows, as filters on commitments.
STATE_FILTERS = {
    "on_time": Q(status=Status.SIGNED, is_late=False),
    "late": Q(status=Status.SIGNED, is_late=True),
    "missing": Q(status=Status.PENDING),
}


def counts_aggregates() -> dict:
    """Count() expressions for total, on time, late and missing commitments."""
    return {
        "total": Count("pk"),
        **{name: Count("pk", filter=q) for name, q in STATE_FILTERS.items()},
    }


@dataclass
class Counts:
    total: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def signed(self) -> int:
        return self.on_time + self.late

    @property
    def percent_signed(self) -> int:
        if not self.total:
            return 0
        return int(round_half_up(Decimal(100 * self.signed) / self.total, 0))

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
        }


def scope_for(user, roles, prefix: str = "unit__") -> Q:
    """Commitments (or reports, via ``prefix``) the user's roles cover, each judged by the
    block it was routed by (everything for a superuser)."""
    if getattr(user, "is_superuser", False):
        return Q()
    return scope_q(scope_of(user, *roles), path_lookup=f"{prefix}path", block_lookup="block")


# --- one commitment ----------------------------------------------------------------------


def commitment_queryset() -> QuerySet[Commitment]:
    return Commitment.objects.select_related(
        "campaign", "person", "person__user", "unit", "report_unit", "criteria_set", "recorded_by"
    )


def commitments_of(user) -> QuerySet[Commitment]:
    """The user's own commitments, newest campaign first (none in a draft campaign)."""
    person = person_for(user)
    if person is None:
        return Commitment.objects.none()
    return (
        commitment_queryset()
        .filter(person=person)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .order_by("-campaign__year")
    )


# --- the seal of a signed commitment (core.seals) ---------------------------------------


def commitment_seal(commitment: Commitment) -> str:
    """The seal of ``commitment``'s signed values (v2, docs/seals.md). No query."""
    return seal_sha256(SEAL_KIND, seal_fields(commitment))


def seal_status(commitment: Commitment) -> SealCheck | None:
    """The seal as stored and as the data hashes now, and whether the text still hashes to
    its ``text_sha256``; None when the commitment was never signed. No query."""
    if not commitment.seal_sha256 and not commitment.is_signed:
        return None
    return SealCheck(
        commitment.seal_sha256,
        commitment_seal(commitment),
        sound=sha256_hex(commitment.signed_text) == commitment.text_sha256,
    )


def signed_commitments() -> QuerySet[Commitment]:
    """Every commitment that holds a seal or claims to be signed (for verify_seals)."""
    return (
        Commitment.objects.filter(~Q(seal_sha256="") | Q(status=Status.SIGNED))
        .select_related("person")
        .order_by("pk")
    )


def commitment_for_code(code: str) -> Commitment | None:
    """The signed commitment whose seal's printed code is ``code``, if any (one query)."""
    candidates = Commitment.objects.filter(seal_sha256__startswith=code_hex_prefix(code))
    return next(
        (
            c
            for c in candidates.only("pk", "seal_sha256")
            if verification_code(c.seal_sha256) == code
        ),
        None,
    )


# --- an office's list --------------------------------------------------------------------


def office_commitments(office: Office) -> QuerySet[Commitment]:
    return Commitment.objects.filter(
        campaign=office.campaign, report_unit=office.report_unit, block=office.block
    )


def office_counts(office: Office) -> Counts:
    return Counts(**office_commitments(office).aggregate(**counts_aggregates()))


def office_list(office: Office, *, state: str = "", search: str = "") -> QuerySet[Commitment]:
    """The office's commitments with their people, filtered by state and name or code."""
    rows = office_commitments(office).select_related("person", "unit", "recorded_by")
    if state in STATE_FILTERS:
        rows = rows.filter(STATE_FILTERS[state])
    if search:
        rows = rows.filter(
            Q(person__full_name__icontains=search) | Q(person__staff_code__icontains=search)
        )
    return rows.order_by("unit__path", "-person__is_unit_head", "person__full_name", "pk")


def office_missing_people(office: Office) -> list[dict]:
    """Who has not signed: a snapshot for the report (name, staff code, unit)."""
    rows = (
        office_commitments(office)
        .filter(status=Status.PENDING)
        .order_by("unit__path", "person__full_name")
        .values("person_id", "person__full_name", "person__staff_code", "unit__name")
    )
    return [
        {
            "person_id": row["person_id"],
            "full_name": row["person__full_name"],
            "staff_code": row["person__staff_code"],
            "unit": row["unit__name"],
        }
        for row in rows
    ]


def office_report(office: Office) -> UnitReport | None:
    return UnitReport.objects.filter(
        campaign=office.campaign, report_unit=office.report_unit, block=office.block
    ).first()


@dataclass
class OfficeLink:
    campaign: Campaign
    report_unit: Unit
    block: str
    counts: Counts = field(default_factory=Counts)


def offices_of_clerk(user, campaigns) -> list[OfficeLink]:
    """The (campaign, reporting unit, block) lists the user keeps as clerk, with counts."""
    scope = scope_for(user, (Role.OFFICE_CLERK,), "unit__")
    rows = (
        Commitment.objects.filter(scope, campaign__in=campaigns)
        .values("campaign_id", "report_unit_id", "block")
        .annotate(**counts_aggregates())
        .order_by("campaign_id", "report_unit__path", "block")
    )
    rows = list(rows)
    units = Unit.objects.in_bulk({row["report_unit_id"] for row in rows})
    by_pk = {campaign.pk: campaign for campaign in campaigns}
    return [
        OfficeLink(
            by_pk[row["campaign_id"]],
            units[row["report_unit_id"]],
            row["block"],
            Counts(**{key: row[key] for key in ("total", "on_time", "late", "missing")}),
        )
        for row in rows
    ]


# --- the heads' confirmations --------------------------------------------------------------


def reports_to_confirm(user) -> QuerySet[UnitReport]:
    """Submitted reports the user confirms as head of a ward's UBND or Đảng ủy (or of the
    reporting body itself). One query; the rule is checked again when confirming."""
    person = person_for(user)
    if person is None or not person.is_active or not person.is_unit_head:
        return UnitReport.objects.none()
    body = person.unit
    query = Q(report_unit=body, block=body.block)
    for block, route in ROUTES.items():
        if body.kind == route.head_body_kind and body.block == block:
            query |= Q(report_unit_id=body.parent_id, block=block)
    return (
        UnitReport.objects.filter(query, status=UnitReport.Status.SUBMITTED)
        .select_related("campaign", "report_unit")
        .order_by("-campaign__year")
    )


def reports_to_receive(user) -> QuerySet[UnitReport]:
    """Confirmed reports waiting for the user's receipt as the district office of their
    block (phòng Nội vụ, Ban Tổ chức). Two queries; the rule is checked again when
    receiving."""
    roles = {route.district_role for route in ROUTES.values()}
    # Each district role reviews one block (units.models.ROLE_BLOCKS): its scope says which.
    scope = scope_q(scope_of(user, *roles), path_lookup="report_unit__path", block_lookup="block")
    return UnitReport.objects.filter(scope, status=UnitReport.Status.CONFIRMED)


# --- district tracking ----------------------------------------------------------------------


@dataclass
class TrackingRow:
    report_unit: Unit
    block: str
    counts: Counts
    report: UnitReport | None
    is_late: bool = False

    @property
    def block_label(self) -> str:
        return Block(self.block).label


def tracking_rows(user, campaign: Campaign, *, block: str = "") -> list[TrackingRow]:
    """Per reporting unit and block in the user's scope: counts and the report (3 queries).

    Late: someone still missing after the hand-in day, or no confirmed report after the
    final day, or a report confirmed after it.
    """
    scope = scope_for(user, TRACKING_ROLES, "unit__")
    rows = Commitment.objects.filter(scope, campaign=campaign)
    if block:
        rows = rows.filter(block=block)
    rows = list(
        rows.values("report_unit_id", "block")
        .annotate(**counts_aggregates())
        .order_by("report_unit__path", "block")
    )
    units = Unit.objects.in_bulk({row["report_unit_id"] for row in rows})
    reports = {
        (report.report_unit_id, report.block): report
        for report in UnitReport.objects.filter(campaign=campaign, report_unit_id__in=list(units))
    }
    today = local_today()
    result = []
    for row in rows:
        counts = Counts(**{key: row[key] for key in ("total", "on_time", "late", "missing")})
        report = reports.get((row["report_unit_id"], row["block"]))
        late = (counts.missing > 0 and today > campaign.unit_deadline) or (
            today > campaign.final_deadline and (report is None or report.confirmed_at is None)
        )
        if (
            report
            and report.confirmed_at
            and is_after(report.confirmed_at, campaign.final_deadline)
        ):
            late = True
        result.append(TrackingRow(units[row["report_unit_id"]], row["block"], counts, report, late))
    return result


def tracking_totals(rows: list[TrackingRow]) -> Counts:
    total = Counts()
    for row in rows:
        for key, value in row.counts.as_dict().items():
            setattr(total, key, getattr(total, key) + value)
    return total


def tracking_people(user, campaign: Campaign, *, block: str = "") -> QuerySet[Commitment]:
    """The commitments of ``campaign`` the user tracks, as the tracking export lists them."""
    people = (
        Commitment.objects.filter(scope_for(user, TRACKING_ROLES), campaign=campaign)
        .select_related("person", "unit")
        .order_by("report_unit__path", "block", "unit__path", "person__full_name")
    )
    return people.filter(block=block) if block else people


def campaigns_visible() -> QuerySet[Campaign]:
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-year")


# --- the home page --------------------------------------------------------------------------


@dataclass
class HomeCommitments:
    """The home page's commitment cards: at most seven queries whatever the data size."""

    campaign: Campaign | None = None
    own: Commitment | None = None
    offices: list[OfficeLink] = field(default_factory=list)
    to_confirm: int = 0
    to_receive: int = 0
    can_track: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.own or self.offices or self.to_confirm or self.can_track)


def home_commitments(user) -> HomeCommitments:
    """The latest open campaign and what the user has to do in it."""
    home = HomeCommitments(campaign=Campaign.objects.filter(status=Campaign.Status.OPEN).first())
    if home.campaign is None:
        return home
    person = person_for(user)
    if person is not None:
        home.own = (
            Commitment.objects.filter(campaign=home.campaign, person=person)
            .only("pk", "status", "is_late", "campaign_id")
            .first()
        )
        if person.is_unit_head:
            home.to_confirm = reports_to_confirm(user).count()
    if assignments_with_role(user, Role.OFFICE_CLERK):
        home.offices = offices_of_clerk(user, [home.campaign])
    home.can_track = can(user, "commitments.view_tracking", home.campaign)
    if home.can_track and not getattr(user, "is_superuser", False):
        home.to_receive = reports_to_receive(user).filter(campaign=home.campaign).count()
    return home
