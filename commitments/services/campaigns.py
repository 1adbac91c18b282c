"""Creating deadlines, opening and closing commitment campaigns."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import BigIntegerField, Case, DateTimeField, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.db import insert_history_created, insert_select
from criteria.models import Audience
from criteria.selectors import (
    audience_for_category,
    criteria_set_active,
    criteria_set_of_category,
)
from criteria.services import criteria_set_lock
from units.models import Unit
from units.selectors import people_under

from .. import routing
from ..deadlines import propose_deadlines
from ..errors import CommitmentError
from ..models import Campaign, Commitment, UnitCampaignTally
from ..workflow import CAMPAIGN_TRANSITIONS
from ._base import audit, check, lock_campaign
from .tallies import fill as fill_tallies


def campaign_propose_deadlines(year: int) -> tuple[datetime.date, datetime.date]:
    """(hand-in deadline, final deadline) proposed for a new campaign of ``year``."""
    return propose_deadlines(year)


def _report_unit_case() -> Case:
    """unit_id -> reporting unit id, one WHEN per reporting unit (one query for the tree)."""
    units = list(Unit.objects.values("pk", "code", "kind", "path"))
    grouped: dict[int, list[int]] = defaultdict(list)
    for unit_id, report_id in routing.report_unit_ids(units).items():
        grouped[report_id].append(unit_id)
    return Case(
        *(When(unit_id__in=ids, then=Value(report_id)) for report_id, ids in grouped.items()),
        default=F("unit_id"),
        output_field=BigIntegerField(),
    )


def _openable(campaign: Campaign, actor):
    """What opening ``campaign`` needs (the people to commit, the active set of each
    audience), or the refusal: wrong state, not allowed, no scope, no set."""
    check(CAMPAIGN_TRANSITIONS["campaign_open"], actor=actor, obj=campaign, state=campaign.status)
    scope_units = list(campaign.scope_units.all())
    if not scope_units:
        raise CommitmentError(_("Choose at least one unit for the campaign."), code="no_scope")
    people = people_under(scope_units).filter(is_active=True).exclude(unit__block="")
    categories = set(people.order_by().values_list("category", flat=True).distinct())
    audiences = sorted({audience_for_category(category) for category in categories})
    sets = {audience: criteria_set_active(audience=audience) for audience in audiences}
    missing = [str(Audience(a).label) for a, found in sets.items() if found is None]
    if missing:
        raise CommitmentError(
            _("There is no active criteria set for: %(audiences)s."),
            code="no_criteria_set",
            params={"audiences": ", ".join(missing)},
        )
    return people, sets


def campaign_open_queue(*, campaign: Campaign, actor) -> int | None:
    """Refuse now what opening would refuse, then open ``campaign`` in the task worker
    (``commitments.tasks.open_campaign``; a whole city is 200,000 rows). Returns the number
    of commitments created when the backend ran it at once (development), else ``None``."""
    from core.tasks import enqueue_or_answer

    from ..tasks import open_campaign

    _openable(campaign, actor)
    return enqueue_or_answer(
        open_campaign,
        failed=CommitmentError(_("The campaign could not be opened: see the task list.")),
        campaign_id=campaign.pk,
        actor_id=actor.pk,
    )


@transaction.atomic
def campaign_open(*, campaign: Campaign, actor) -> int:
    """Open a draft campaign: one pending commitment per active person of the scope units'
    subtrees, with the person's unit, reporting unit, block and criteria set frozen on it.

    Returns the number of commitments created. The number of queries does not depend on
    the number of people (INSERT ... SELECT). People of a unit without a block (a ward or
    district container) cannot be routed to an office and are left out.
    """
    campaign = lock_campaign(campaign)
    transition = CAMPAIGN_TRANSITIONS["campaign_open"]
    people, sets = _openable(campaign, actor)
    for criteria_set in sets.values():
        criteria_set_lock(criteria_set=criteria_set)
    now = timezone.now()
    created = insert_select(
        Commitment,
        {
            "campaign_id": Value(campaign.pk),
            "person_id": F("pk"),
            "unit_id": F("unit_id"),
            "report_unit_id": _report_unit_case(),
            "block": F("unit__block"),
            "criteria_set_id": criteria_set_of_category(sets),
            "status": Value(Commitment.Status.PENDING),
            "method": Value(""),
            "signed_text": Value(""),
            "text_sha256": Value(""),
            "is_late": Value(False),
            "user_agent": Value(""),
            "typed_name": Value(""),
            "scan": Value(""),
            "scan_sha256": Value(""),
            "seal_sha256": Value(""),
            "created_at": Value(now, output_field=DateTimeField()),
        },
        people,
    )
    # The history gets its "created" rows the same way (INSERT bypasses the signals).
    insert_history_created(
        Commitment, Commitment.objects.filter(campaign=campaign), when=now, actor=actor
    )
    # Its tallies: everyone pending, in one INSERT … SELECT (a new campaign has none yet).
    fill_tallies(UnitCampaignTally, Commitment.objects.filter(campaign=campaign))
    campaign.status = transition.target
    campaign.opened_at = now
    campaign.save(update_fields=["status", "opened_at"])
    audit(campaign=campaign, actor=actor, action="campaign_open", data={"commitments": created})
    return created


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    """Close an open campaign: nothing more is signed or reported in it."""
    campaign = lock_campaign(campaign)
    transition = CAMPAIGN_TRANSITIONS["campaign_close"]
    check(transition, actor=actor, obj=campaign, state=campaign.status)
    campaign.status = transition.target
    campaign.save(update_fields=["status"])
    audit(campaign=campaign, actor=actor, action="campaign_close")
    return campaign
