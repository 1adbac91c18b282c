"""The head's review: conclusion, sign-off, publication; return and reopening."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.passwords import PasswordRefused, password_confirm
from core.sealing import lift_database_seal
from criteria.models import ResultLevel
from criteria.services import level_for_score
from units.selectors import person_for

from .. import notifications, selectors
from ..errors import EvaluationError, NotAllowedError
from ..models import Assessment, Cycle, Evaluation, State
from ..workflow import TRANSITIONS
from ._base import check, check_deadline, lock_evaluation, move

Kind = Assessment.Kind
TWO_PLACES = Decimal("0.01")


def combined_score(evaluation: Evaluation) -> Decimal | None:
    """The weighted mean of the self, colleague-average and head totals by the cycle's
    weights; a missing part is left out and the remaining weights are renormalised.
    """
    cycle = evaluation.cycle
    parts = [
        (evaluation.self_total, cycle.self_weight),
        (evaluation.colleague_total, cycle.colleague_weight),
        (evaluation.head_total, cycle.head_weight),
    ]
    present = [(total, weight) for total, weight in parts if total is not None and weight]
    weight_sum = sum(weight for _total, weight in present)
    if not weight_sum:
        # Every present part has weight 0: the head's total decides.
        return evaluation.head_total
    weighted = sum((Decimal(total) * weight for total, weight in present), Decimal("0"))
    return (weighted / weight_sum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@transaction.atomic
def evaluation_send_to_head(*, evaluation: Evaluation, actor) -> Evaluation:
    """Close the colleague phase and start the head's review."""
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "send_to_head", actor)
    _check_colleagues_answered(evaluation)
    return move(evaluation, "send_to_head", actor)


def _check_colleagues_answered(evaluation: Evaluation) -> None:
    cycle = evaluation.cycle
    if cycle.colleagues_required and evaluation.state != State.REOPENED:
        submitted = selectors.colleague_assessments_submitted(evaluation).count()
        if submitted < max(cycle.min_colleagues_shown, 1):
            raise EvaluationError(
                _("At least %(count)s colleagues must have submitted their assessment."),
                code="colleagues_missing",
                params={"count": max(cycle.min_colleagues_shown, 1)},
            )


# The rules an action checks beyond :func:`check`, before it changes anything.
_EXTRA_CHECKS = {"send_to_head": _check_colleagues_answered}


def evaluation_action_refusal(*, evaluation: Evaluation, action: str, actor) -> str:
    """Why ``action`` would be refused now, in words ("" when its service would go on to
    act): the same checks as the service, for a page that asks for confirmation first.
    Writes nothing."""
    try:
        check(evaluation, action, actor)
        extra = _EXTRA_CHECKS.get(action)
        if extra is not None:
            extra(evaluation)
    except ValidationError as error:
        return " ".join(str(message) for message in error.messages)
    return ""


@transaction.atomic
def evaluation_return(*, evaluation: Evaluation, reason: str, actor) -> Evaluation:
    """Send the evaluation back to the person, with a reason; their self-assessment and the
    head's assessment become drafts again.
    """
    reason = (reason or "").strip()
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "return", actor)
    if not reason:
        raise EvaluationError(_("Write the reason for returning the evaluation."), code="reason")
    for assessment in evaluation.assessments.filter(
        kind__in=(Kind.SELF, Kind.HEAD), status=Assessment.Status.SUBMITTED
    ):
        assessment.status = Assessment.Status.DRAFT
        assessment.submitted_at = None
        assessment._history_user = actor
        assessment.save(update_fields=["status", "submitted_at"])
    evaluation.final_score = None
    evaluation.final_level = None
    evaluation.level_override_reason = ""
    move(
        evaluation,
        "return",
        actor,
        fields=("final_score", "final_level", "level_override_reason"),
        reason=reason,
    )
    notifications.evaluation_returned(evaluation, reason)
    return evaluation


@transaction.atomic
def evaluation_conclude(
    *,
    evaluation: Evaluation,
    actor,
    level: ResultLevel | None = None,
    reason: str = "",
    conclusion: str = "",
) -> Evaluation:
    """Record the combined score and the level it gives; the head may choose another level
    of the same set only with a written reason.
    """
    reason = (reason or "").strip()
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "conclude", actor)
    check_deadline(evaluation.cycle, evaluation.cycle.head_deadline)
    if evaluation.head_total is None:
        raise EvaluationError(
            _("Submit your own assessment before concluding."), code="head_missing"
        )
    score = combined_score(evaluation)
    levels = list(evaluation.criteria_set.levels.all())
    computed = level_for_score(score=score, levels=levels)
    chosen = computed
    if level is not None and (computed is None or level.pk != computed.pk):
        if level.pk not in {candidate.pk for candidate in levels}:
            raise EvaluationError(_("This level is not one of the set's levels."), code="level")
        if not reason:
            raise EvaluationError(
                _("Write the reason for choosing a level other than the computed one."),
                code="override_reason",
            )
        chosen = level
    evaluation.final_score = score
    evaluation.final_level = chosen
    evaluation.level_override_reason = reason if chosen != computed else ""
    evaluation.head_conclusion = conclusion
    return move(
        evaluation,
        "conclude",
        actor,
        fields=("final_score", "final_level", "level_override_reason", "head_conclusion"),
        reason=evaluation.level_override_reason,
        data={
            "score": str(score),
            "computed_level": computed.pk if computed else None,
            "level": chosen.pk if chosen else None,
        },
    )


def evaluation_sign_off(
    *, evaluation: Evaluation, actor, password: str, request=None
) -> Evaluation:
    """Sign off after re-entering the password; the content's SHA-256 is stored and the
    evaluation becomes read-only. A wrong password counts towards the login lockout
    (``request`` gives the address it counts for); a locked-out login cannot sign.
    """
    with transaction.atomic():
        evaluation = lock_evaluation(evaluation)
        check(evaluation, "sign_off", actor)
        try:
            password_confirm(user=actor, password=password, request=request)
        except PasswordRefused as refused:
            refusal = refused  # leave without a rollback, so that the failure stays counted
        else:
            return _sign_off(evaluation, actor)
    if refusal.locked:
        raise NotAllowedError(refusal.message, code="locked")
    raise NotAllowedError(_("The password is not correct."), code="bad_password")


def _sign_off(evaluation: Evaluation, actor) -> Evaluation:
    evaluation.signed_by = actor
    evaluation.signed_at = timezone.now()
    # The seal covers the state too: the one this step moves to.
    evaluation.content_sha256 = selectors.evaluation_content_hash(
        evaluation, state=TRANSITIONS["sign_off"].target
    )
    move(
        evaluation,
        "sign_off",
        actor,
        fields=("signed_by", "signed_at", "content_sha256"),
        data={"sha256": evaluation.content_sha256},
    )
    notifications.evaluation_signed_off(evaluation)
    return evaluation


@transaction.atomic
def evaluation_publish(*, evaluation: Evaluation, actor) -> Evaluation:
    """Make a signed-off result public in the unit."""
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "publish", actor)
    evaluation.published_at = timezone.now()
    move(evaluation, "publish", actor, fields=("published_at",))
    notifications.evaluation_published(evaluation)
    return evaluation


@transaction.atomic
def evaluations_publish_signed(*, cycle: Cycle, actor) -> int:
    """Publish every signed-off result the actor (a head) reviews in ``cycle``, in one
    transaction: all of them or, when one is refused, none. Each gets its audit entry and
    its notification (after commit). Returns how many were published.
    """
    head = person_for(actor)
    published = 0
    for evaluation in selectors.head_rows(head, cycle, state=State.SIGNED_OFF):
        try:
            evaluation_publish(evaluation=evaluation, actor=actor)
        except EvaluationError as error:
            raise EvaluationError(
                _("Nothing was published: %(name)s: %(reason)s"),
                code=error.code,
                params={"name": evaluation.person.full_name, "reason": " ".join(error.messages)},
            ) from error
        published += 1
    return published


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, actor) -> Evaluation:
    """The person confirms having read the signed-off result (once)."""
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "acknowledge", actor)
    if evaluation.acknowledged_at is None:
        evaluation.acknowledged_at = timezone.now()
        move(evaluation, "acknowledge", actor, fields=("acknowledged_at",))
    return evaluation


@transaction.atomic
def evaluation_reopen(*, evaluation: Evaluation, reason: str, actor) -> Evaluation:
    """An administrator unseals a signed-off evaluation, with a reason; the signature is
    cleared (the history keeps it) and the head reviews again.
    """
    reason = (reason or "").strip()
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "reopen", actor)
    if not reason:
        raise EvaluationError(_("Write the reason for reopening."), code="reason")
    if not evaluation.is_sealed:  # pragma: no cover - the state check already refused
        raise NotAllowedError()
    previous = {
        "sha256": evaluation.content_sha256,
        "signed_by": evaluation.signed_by_id,
        "signed_at": evaluation.signed_at.isoformat() if evaluation.signed_at else None,
    }
    evaluation.signed_by = None
    evaluation.signed_at = None
    evaluation.content_sha256 = ""
    evaluation.published_at = None
    evaluation.acknowledged_at = None
    evaluation._unsealing = True
    # The one lift of the seal, for the move only (it ends with the block, or with the
    # transaction on an error); the move writes its audit entry in the same transaction.
    with lift_database_seal():
        try:
            move(
                evaluation,
                "reopen",
                actor,
                fields=(
                    "signed_by",
                    "signed_at",
                    "content_sha256",
                    "published_at",
                    "acknowledged_at",
                ),
                reason=reason,
                data=previous,
            )
        finally:
            evaluation._unsealing = False
    # Reopened, the evaluation is no longer sealed: its head assessment may change.
    head_assessment = evaluation.assessments.filter(kind=Kind.HEAD).first()
    if head_assessment is not None:
        head_assessment.status = Assessment.Status.DRAFT
        head_assessment.submitted_at = None
        head_assessment._history_user = actor
        head_assessment.save(update_fields=["status", "submitted_at"])
    notifications.evaluation_reopened(evaluation, selectors.evaluation_head(evaluation), reason)
    return evaluation
