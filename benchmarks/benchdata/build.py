"""Build or remove the generated organisation (see the package docstring)."""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from commitments.models import Campaign, Commitment, UnitCampaignTally
from commitments.services import tallies as commitment_tallies
from core.sealing import lift_database_seal
from criteria.models import Audience
from criteria.selectors import criteria_sets_active
from criteria.services import criteria_set_lock, criteria_sets_load
from evaluations.models import Assessment, Cycle, Evaluation, UnitCycleTally
from evaluations.services import tallies as evaluation_tallies
from reports.dashboard import summary
from reports.models import CriterionScoreSum
from units.models import PATH_SEPARATOR, Category, Person, RoleAssignment, Unit
from units.services import role_assign

from . import sql
from .tree import build_tree, full_names, walk

BENCH_PREFIX = "BM"
ROOT_PATH = f"{PATH_SEPARATOR}{BENCH_PREFIX}{PATH_SEPARATOR}"
CRITERIA_FILE = settings.BASE_DIR / "fixtures" / "longbien" / "criteria.json"
PEOPLE_BATCH = 5000
Role = RoleAssignment.Role
# The accounts the benchmark and the screenshots log in with (one per reviewing persona).
USERS = {
    "bm-noivu": Role.HOME_AFFAIRS_REVIEWER,
    "bm-bantochuc": Role.ORGANISATION_BOARD_REVIEWER,
    "bm-quantri": Role.ADMINISTRATOR,
}


@dataclass
class BenchSummary:
    root: Unit
    districts: int
    units: int
    people: int
    cycles: list
    campaigns: list
    evaluations: int
    commitments: int


def exists() -> bool:
    return Unit.objects.filter(path=ROOT_PATH).exists()


def _active_sets() -> dict[str, int]:
    """The active set per audience; Decision 264's sets are loaded when one is missing."""
    chosen = criteria_sets_active()
    if not {Audience.LEADER, Audience.STAFF} <= set(chosen):
        definitions = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))["sets"]
        criteria_sets_load(definitions=definitions)
        chosen = criteria_sets_active()
    for criteria_set in chosen.values():
        criteria_set_lock(criteria_set=criteria_set)
    return {audience: chosen[audience].pk for audience in (Audience.LEADER, Audience.STAFF)}


def _create_units(root_spec) -> tuple[Unit, int]:
    """Level by level, so that each parent has its id (and path) before its children."""
    level, created, root = [root_spec], 0, None
    while level:
        units = []
        for spec in level:
            parent_path = spec.parent.path if spec.parent else PATH_SEPARATOR
            spec.path = f"{parent_path}{spec.code}{PATH_SEPARATOR}"
            units.append(
                Unit(
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind,
                    block=spec.block,
                    school_level=spec.school_level,
                    parent_id=spec.parent.pk if spec.parent else None,
                    path=spec.path,
                    sort_order=spec.sort_order,
                )
            )
        for spec, unit in zip(level, Unit.objects.bulk_create(units, batch_size=500), strict=True):
            spec.pk = unit.pk
            root = root or unit
        created += len(units)
        level = [child for spec in level for child in spec.children]
    return root, created


def _people(root_spec) -> list[Person]:
    bodies = [spec for spec in walk(root_spec) if spec.people]
    names = iter(full_names(sum(spec.people for spec in bodies)))
    people, index = [], 0
    for spec in bodies:
        deputies = max(1, spec.people // 12)
        for position in range(spec.people):
            index += 1
            is_head = position == 0
            leader = position <= deputies
            people.append(
                Person(
                    full_name=next(names),
                    staff_code=f"{BENCH_PREFIX}{index:07d}",
                    unit_id=spec.pk,
                    category=Category.LEADER if leader else Category.STAFF,
                    is_unit_head=is_head,
                    position_title="Thủ trưởng"
                    if is_head
                    else ("Phó" if leader else "Chuyên viên"),
                )
            )
    return people


def _accounts(root: Unit) -> None:
    User = get_user_model()
    for username, role in USERS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(username)
            user.save(update_fields=["password"])
        role_assign(user=user, role=role, unit=root)


@transaction.atomic
def build(*, people: int, cycles: int, today: datetime.date | None = None, log=print):
    """Create the organisation, ``cycles`` yearly cycles ending last year (the last one still
    running) and a commitment campaign for each year from 2021. Refuses if it exists."""
    if exists():
        raise ValueError("Benchmark data already exist: remove them first (--reset).")
    # Generated rows are written in their final (signed) states and then completed by bulk
    # UPDATEs: the database's seal is lifted for this transaction.
    lift_database_seal()
    today = today or timezone.localdate()
    sets = _active_sets()
    root_spec, districts = build_tree(BENCH_PREFIX, people)
    root, unit_count = _create_units(root_spec)
    log(f"units: {unit_count} ({districts} district(s))")
    rows = _people(root_spec)
    Person.objects.bulk_create(rows, batch_size=PEOPLE_BATCH)
    log(f"people: {len(rows)}")
    _accounts(root)
    now = timezone.now()
    made_cycles, made_campaigns = [], []
    years = range(today.year - cycles, today.year)
    with connection.cursor() as cursor:
        for index, year in enumerate(years):
            running = index == len(years) - 1
            cycle = Cycle.objects.create(
                name=f"Đánh giá năm {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                self_deadline=datetime.date(year, 12, 10),
                colleague_deadline=datetime.date(year, 12, 15),
                head_deadline=datetime.date(year, 12, 25),
                self_weight=10,
                colleague_weight=20,
                head_weight=70,
                top_level_cap_percent=20,
                status=Cycle.Status.OPEN if running else Cycle.Status.CLOSED,
                opened_at=now,
            )
            cycle.scope_units.set([root])
            sql.insert_evaluations(
                cursor, cycle=cycle, running=running, prefix=ROOT_PATH, sets=sets, now=now
            )
            sql.insert_assessments(cursor, cycle=cycle, now=now)
            sql.insert_scores(cursor, cycle=cycle, cycle_index=index)
            sql.update_totals(cursor, cycle=cycle)
            signed_at = timezone.make_aware(datetime.datetime(year, 12, 28, 9, 0))
            sql.mark_signed(cursor, cycle=cycle, signed_at=signed_at, published_at=signed_at)
            made_cycles.append(cycle)
            log(f"cycle {year}: done")
            if year < 2021:
                continue
            campaign, _created = Campaign.objects.get_or_create(
                year=year,
                defaults={
                    "unit_deadline": datetime.date(year, 1, 25),
                    "final_deadline": datetime.date(year, 1, 30),
                    "status": Campaign.Status.OPEN if running else Campaign.Status.CLOSED,
                    "opened_at": now,
                },
            )
            campaign.scope_units.add(root)
            on_time = timezone.make_aware(datetime.datetime(year, 1, 20, 9, 0))
            late = timezone.make_aware(datetime.datetime(year, 2, 3, 9, 0))
            sql.insert_commitments(
                cursor,
                campaign=campaign,
                prefix=ROOT_PATH,
                sets=sets,
                on_time=on_time,
                late=late,
                now=now,
            )
            made_campaigns.append(campaign)
    # Raw SQL passes by the services: the figures they keep are rebuilt in one go.
    cycle_ids = [cycle.pk for cycle in made_cycles]
    summary.SUMS.rebuild(period_ids=cycle_ids)
    log("criterion score sums: rebuilt")
    evaluation_tallies.TALLY.rebuild(period_ids=cycle_ids)
    commitment_tallies.TALLY.rebuild(period_ids=[campaign.pk for campaign in made_campaigns])
    log("unit tallies: rebuilt")
    return BenchSummary(
        root=root,
        districts=districts,
        units=unit_count,
        people=len(rows),
        cycles=made_cycles,
        campaigns=made_campaigns,
        evaluations=Evaluation.objects.filter(cycle__in=made_cycles).count(),
        commitments=Commitment.objects.filter(unit__path__startswith=ROOT_PATH).count(),
    )


@transaction.atomic
def reset(log=print) -> None:
    """Remove the generated organisation and everything attached to it (raw deletes: the
    seals of signed rows guard real data, not these: the database's seal is lifted for
    this transaction)."""
    lift_database_seal()
    units = Unit.objects.filter(path__startswith=ROOT_PATH)
    evaluations = Evaluation.objects.filter(unit__in=units)
    assessments = Assessment.objects.filter(evaluation__in=evaluations)
    cycles = list(Cycle.objects.filter(scope_units__path=ROOT_PATH))
    campaigns = list(Campaign.objects.filter(scope_units__path=ROOT_PATH))
    score_model = Assessment.scores.rel.related_model
    for queryset in (
        CriterionScoreSum.objects.filter(unit__in=units),
        UnitCycleTally.objects.filter(unit__in=units),
        UnitCampaignTally.objects.filter(unit__in=units),
        score_model.objects.filter(assessment__in=assessments),
        assessments,
        evaluations,
        Commitment.objects.filter(unit__in=units),
        RoleAssignment.objects.filter(unit__in=units),
        Person.objects.filter(unit__in=units),
    ):
        queryset._raw_delete(queryset.db)
    for cycle in cycles:
        if not cycle.evaluations.exists():
            cycle.delete()
    for campaign in campaigns:
        if not campaign.commitments.exists():
            campaign.delete()
    for through in (Cycle.scope_units.through, Campaign.scope_units.through):
        through.objects.filter(unit__in=units).delete()
    # The parent keys are checked at commit (deferred), so the whole tree goes at once.
    units._raw_delete(connection.alias)
    log("benchmark data removed")
