"""Signing a commitment: online by the person, or on paper recorded by the block office."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.hashing import upload_sha256
from core.passwords import PasswordRefused, password_confirm
from criteria.selectors import criteria_set_with_tree

from .. import notifications
from ..deadlines import is_after, local_today
from ..errors import CommitmentError
from ..models import Commitment
from ..selectors import commitment_seal
from ..texts import name_key, sha256_hex, text_render
from ..uploads import scan_stored
from ..workflow import COMMITMENT_TRANSITIONS, Transition
from ._base import audit, check, check_campaign_open, lock_commitment
from .tallies import TALLY

SIGNED_UPDATE_FIELDS = ["status", "method", "signed_text", "text_sha256", "signed_at", "is_late"]


def commitment_text(commitment: Commitment) -> str:
    """The full text ``commitment``'s person signs, from the campaign's current template."""
    return text_render(
        commitment.campaign.text_template,
        person=commitment.person,
        unit=commitment.unit,
        year=commitment.campaign.year,
        criteria_set=criteria_set_with_tree(commitment.criteria_set_id),
    )


def _check(action: str, commitment: Commitment, actor) -> Transition:
    """Refuse ``action`` unless the actor may, the commitment is pending and the campaign open."""
    transition = COMMITMENT_TRANSITIONS[action]
    signed_at = commitment.signed_at
    check(
        transition,
        actor=actor,
        obj=commitment,
        state=commitment.status,
        params={"date": timezone.localtime(signed_at).strftime("%d/%m/%Y %H:%M")}
        if signed_at
        else None,
    )
    check_campaign_open(commitment.campaign)
    return transition


def _seal(
    commitment: Commitment,
    transition: Transition,
    *,
    method: str,
    now: datetime.datetime,
    late: bool,
) -> None:
    text = commitment_text(commitment)
    commitment.status = transition.target
    commitment.method = method
    commitment.signed_text = text
    commitment.text_sha256 = sha256_hex(text)
    commitment.signed_at = now
    commitment.is_late = late


def _save_signed(commitment: Commitment, *, actor, action: str, fields: list[str], data: dict):
    """Seal the signed ``commitment`` (after ``_seal`` and the ``fields`` its way of signing
    sets), save it, count it in its unit's tally and audit ``action`` with ``data``, the seal
    and whether it was late."""
    commitment.seal_sha256 = commitment_seal(commitment)
    commitment._history_user = actor
    commitment.save(update_fields=[*SIGNED_UPDATE_FIELDS, *fields, "seal_sha256"])
    TALLY.refresh(period_id=commitment.campaign_id, unit_id=commitment.unit_id)
    audit(
        campaign=commitment.campaign,
        commitment=commitment,
        actor=actor,
        action=action,
        data={**data, "seal": commitment.seal_sha256, "late": commitment.is_late},
    )


def commitment_sign_online(
    *,
    commitment: Commitment,
    actor,
    typed_name: str,
    password: str,
    ip_address: str | None = None,
    user_agent: str = "",
    now: datetime.datetime | None = None,
    request=None,
) -> Commitment:
    """Sign the actor's own commitment: the typed name must be the person's full name (case
    and spacing aside, diacritics included) and the password the actor's own.

    Stores the exact text, its SHA-256, the time, IP and browser; late when signed after
    the hand-in deadline day (Hà Nội time). Refused when already signed. A wrong password
    counts towards the login lockout (for ``request``'s address); a locked-out login
    cannot sign.
    """
    with transaction.atomic():
        commitment = lock_commitment(commitment)
        transition = _check("sign_online", commitment, actor)
        try:
            password_confirm(user=actor, password=password, request=request)
        except PasswordRefused as refused:
            refusal = refused  # leave without a rollback, so that the failure stays counted
        else:
            return _sign_online(
                commitment,
                transition,
                actor=actor,
                typed_name=typed_name,
                ip_address=ip_address,
                user_agent=user_agent,
                now=now,
            )
    if refusal.locked:
        raise CommitmentError(refusal.message, code="locked")
    raise CommitmentError(_("The password is not correct."), code="password")


def _sign_online(
    commitment: Commitment,
    transition: Transition,
    *,
    actor,
    typed_name: str,
    ip_address: str | None,
    user_agent: str,
    now: datetime.datetime | None,
) -> Commitment:
    now = now or timezone.now()
    if name_key(typed_name) != name_key(commitment.person.full_name):
        raise CommitmentError(
            _(
                "The name you typed does not match “%(name)s”. Type your full name exactly, "
                "with its diacritics."
            ),
            code="name",
            params={"name": commitment.person.full_name},
        )
    _seal(
        commitment,
        transition,
        method=Commitment.Method.ONLINE,
        now=now,
        late=is_after(now, commitment.campaign.unit_deadline),
    )
    commitment.typed_name = typed_name.strip()
    commitment.ip_address = ip_address or None
    commitment.user_agent = (user_agent or "")[:500]
    _save_signed(
        commitment,
        actor=actor,
        action="sign_online",
        fields=["typed_name", "ip_address", "user_agent"],
        data={"sha256": commitment.text_sha256},
    )
    notifications.commitment_signed(commitment)
    return commitment


@transaction.atomic
def commitment_record_paper(
    *,
    commitment: Commitment,
    actor,
    scan,
    signed_on: datetime.date,
    now: datetime.datetime | None = None,
) -> Commitment:
    """Record a commitment signed on paper, with its scan, by the block office clerk.

    The scan must be a PDF, JPEG or PNG by its content and parse as one, under the size
    limit (commitments.uploads); an image is kept re-encoded, under a random name. The date
    on the paper may not be in the future. Late when that date is after the hand-in day.
    """
    now = now or timezone.now()
    commitment = lock_commitment(commitment)
    transition = _check("record_paper", commitment, actor)
    _kind, stored = scan_stored(scan)
    if signed_on > local_today():
        raise CommitmentError(_("The date on the paper cannot be in the future."), code="date")
    _seal(
        commitment,
        transition,
        method=Commitment.Method.PAPER,
        now=now,
        late=signed_on > commitment.campaign.unit_deadline,
    )
    commitment.paper_signed_on = signed_on
    commitment.recorded_by = actor
    commitment.scan_sha256 = upload_sha256(stored)  # of the bytes kept, re-encoded or not
    commitment.scan.save(stored.name, stored, save=False)
    _save_signed(
        commitment,
        actor=actor,
        action="record_paper",
        fields=["paper_signed_on", "recorded_by", "scan", "scan_sha256"],
        data={
            "scan_sha256": commitment.scan_sha256,
            "scan_name": scan.name,  # as uploaded; stored under a random name
        },
    )
    return commitment
