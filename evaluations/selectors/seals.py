"""The seals of signed evaluations: their hash now, whether it holds, the one a printed
code names."""

from django.db.models import Q, QuerySet

from core.seals import SealCheck, code_hex_prefix, seal_sha256, verification_code

from ..models import (
    SEALED_STATES,
    Evaluation,
)
from ..sealing import SEAL_KIND, seal_fields


def evaluation_content_hash(
    evaluation: Evaluation, *, state: str | None = None, prefetched: bool = False
) -> str:
    """The evaluation's seal (core.seals, v2) over what a signature attests, state included
    (``state`` instead of the stored one, for the sign-off that moves to it)."""
    return seal_sha256(SEAL_KIND, seal_fields(evaluation, state=state, prefetched=prefetched))


def seal_status(evaluation: Evaluation, *, prefetched: bool = False) -> SealCheck | None:
    """The seal of a signed evaluation as stored and as its data hashes now; None when it
    was never signed (no seal stored and not in a signed state). Three queries, none for
    a row of :func:`signed_evaluations` (``prefetched``)."""
    if not evaluation.content_sha256 and evaluation.state not in SEALED_STATES:
        return None
    computed = evaluation_content_hash(evaluation, prefetched=prefetched)
    return SealCheck(evaluation.content_sha256, computed)


def evaluation_signature_valid(evaluation: Evaluation) -> bool:
    """Whether the stored content still matches the seal taken at sign-off."""
    check = seal_status(evaluation)
    return check is not None and check.intact


def signed_evaluations() -> QuerySet[Evaluation]:
    """Every evaluation that holds a seal or claims to be signed, with what its seal covers
    prefetched (``seal_status(row, prefetched=True)``), for verify_seals."""
    return (
        Evaluation.objects.filter(~Q(content_sha256="") | Q(state__in=SEALED_STATES))
        .select_related("person")
        .prefetch_related("assessments__scores", "collective_votes__review")
        .order_by("pk")
    )


def evaluation_for_code(code: str) -> Evaluation | None:
    """The signed evaluation whose seal's printed code is ``code`` (core.seals), if any.
    One query (the seals starting with the code's 48 bits; the last two bits compared)."""
    candidates = Evaluation.objects.filter(content_sha256__startswith=code_hex_prefix(code))
    return next(
        (
            e
            for e in candidates.only("pk", "content_sha256")
            if verification_code(e.content_sha256) == code
        ),
        None,
    )
