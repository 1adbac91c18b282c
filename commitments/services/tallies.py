"""Keeps :class:`commitments.models.UnitCampaignTally` equal to what the commitments hold.

A signature rewrites the tally of its (campaign, unit) in the same transaction: one DELETE
and one ``INSERT … SELECT … GROUP BY`` over that unit's commitments, after locking the
unit's row (``FOR NO KEY UPDATE``) so that two signatures in one unit take turns and the
second counts the first. Opening a campaign builds its tallies; ``manage.py rebuild_tallies``
rebuilds all.
"""

from functools import partial

from django.db.models import Count, F, QuerySet

from core.db import insert_grouped
from core.tallies import KeptFigures

from ..models import Commitment, UnitCampaignTally

KEYS = ("campaign_id", "unit_id", "block", "criteria_set_id", "status", "is_late")


def fill(tally_model, commitments: QuerySet) -> int:
    """Insert the tally rows of ``commitments`` (models passed in, for the data migration)."""
    keys = {name: F(name) for name in KEYS}
    return insert_grouped(tally_model, keys, {"count": Count("pk")}, commitments)


TALLY = KeptFigures(
    model=UnitCampaignTally,
    source=Commitment.objects.filter,
    fill=partial(fill, UnitCampaignTally),
    period="campaign_id",
)
