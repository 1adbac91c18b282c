"""Filling in and submitting assessments; asking colleagues."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.db import for_update
from core.numbers import round_half_up
from criteria.models import Criterion, ResultLevel
from criteria.services import score_total
from units.models import Person
from units.selectors import person_for

from .. import notifications, selectors
from ..errors import EvaluationError, NotAllowedError, ScoreError
from ..models import Assessment, Evaluation, Score
from ..workflow import KIND_ACTIONS
from ._audit import record_score_change, score_snapshot
from ._base import check, check_deadline, lock_evaluation, move

Kind = Assessment.Kind


def _criteria(evaluation: Evaluation) -> list[Criterion]:
    return list(Criterion.objects.filter(group__criteria_set=evaluation.criteria_set_id))


def _check_assessor(evaluation: Evaluation, assessor: Person, kind: str, actor) -> None:
    """The assessor must be the right person for the kind, and the actor must be them."""
    if kind == Kind.SELF:
        right = assessor.pk == evaluation.person_id
    elif kind == Kind.HEAD:
        head = selectors.evaluation_head(evaluation)
        right = head is not None and head.pk == assessor.pk
    else:
        right = evaluation.assessments.filter(assessor=assessor, kind=Kind.COLLEAGUE).exists()
    acting = person_for(actor)
    if not right or acting is None or acting.pk != assessor.pk:
        raise NotAllowedError()


def _clean_scores(scores: dict[int, Decimal], criteria: dict[int, Criterion]) -> dict[int, Decimal]:
    cleaned = {}
    for criterion_id, raw in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ScoreError(
                _("This criterion is not part of the evaluation's criteria set."),
                code="unknown_criterion",
            )
        try:
            value = Decimal(raw)
        except (InvalidOperation, TypeError, ValueError):
            raise ScoreError(_("A score must be a number.")) from None
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            raise ScoreError(
                _("The score of “%(criterion)s” must be between 0 and %(max)s."),
                code="out_of_range",
                params={"criterion": criterion.text, "max": criterion.max_score},
            )
        cleaned[criterion.pk] = value
    return cleaned


def _apply_scores(
    existing: dict[int, Score], cleaned: dict[int, Decimal], comments: dict[int, str]
) -> tuple[list[Score], list[Score]]:
    """Put the typed scores and comments into ``existing`` (criterion id → score, new rows
    added); returns (rows to add, rows changed). Rows typed the same are left alone."""
    added, changed = [], []
    for criterion_id in sorted(set(cleaned) | set(comments)):
        score = existing.get(criterion_id)
        if score is None:
            score = Score(criterion_id=criterion_id, score=Decimal("0"))
            added.append(score)
        new_score = cleaned.get(criterion_id, score.score)
        new_comment = comments.get(criterion_id, score.comment)
        if score.pk and (score.score, score.comment) == (new_score, new_comment):
            continue
        if score.pk:
            changed.append(score)
        score.score, score.comment = new_score, new_comment
        existing[criterion_id] = score
    return added, changed


def _write_scores(assessment: Assessment, *, added: list[Score], changed: list[Score], actor):
    """Write the scores of one save in bulk, each with its history row: one guarded INSERT
    and one UPDATE for the whole form rather than three statements a criterion (the
    sealed-evaluation guards of ``ScoreQuerySet`` still apply, once a batch)."""
    for score in added:
        score.assessment = assessment
    if added:
        bulk_create_with_history(added, Score, default_user=actor)
    if changed:
        bulk_update_with_history(changed, Score, ["score", "comment"], default_user=actor)


@transaction.atomic
def assessment_save_draft(
    *,
    evaluation: Evaluation,
    assessor: Person,
    kind: str,
    scores: dict[int, Decimal],
    actor,
    comments: dict[int, str] | None = None,
    overall_comment: str = "",
    strengths: str = "",
    weaknesses: str = "",
    proposed_level: ResultLevel | None = None,
) -> Assessment:
    """Save (create or update) an assessment's draft; its total is computed here."""
    evaluation = lock_evaluation(evaluation)
    action = KIND_ACTIONS[kind][0]
    check(evaluation, action, actor)
    _check_assessor(evaluation, assessor, kind, actor)
    check_deadline(evaluation.cycle, evaluation.cycle.deadline_for(kind))
    criteria = {criterion.pk: criterion for criterion in _criteria(evaluation)}
    cleaned = _clean_scores(scores, criteria)
    comments = {int(key): value for key, value in (comments or {}).items()}
    if set(comments) - set(criteria):
        raise ScoreError(_("This criterion is not part of the evaluation's criteria set."))
    if proposed_level is not None and (
        kind != Kind.SELF or proposed_level.criteria_set_id != evaluation.criteria_set_id
    ):
        raise EvaluationError(_("This level cannot be proposed here."), code="level")

    # The evaluation's row lock (above) serialises the creation of its assessments.
    assessment = Assessment.objects.filter(
        evaluation=evaluation, assessor=assessor, kind=kind
    ).first() or Assessment(evaluation=evaluation, assessor=assessor, kind=kind)
    if assessment.status == Assessment.Status.SUBMITTED:
        raise EvaluationError(_("This assessment has already been submitted."), code="submitted")
    existing = {s.criterion_id: s for s in assessment.scores.all()} if assessment.pk else {}
    before = score_snapshot(assessment, existing)
    added, changed = _apply_scores(existing, cleaned, comments)
    assessment.overall_comment = overall_comment
    assessment.strengths = strengths
    assessment.weaknesses = weaknesses
    assessment.proposed_level = proposed_level
    assessment.total = score_total(
        scores={cid: score.score for cid, score in existing.items()},
        criteria=list(criteria.values()),
    )
    assessment._history_user = actor
    assessment.save()
    _write_scores(assessment, added=added, changed=changed, actor=actor)
    record_score_change(assessment=assessment, before=before, scores=existing, actor=actor)
    if kind == Kind.SELF:
        move(evaluation, action, actor, data={"total": str(assessment.total)})
    return assessment


def _submit(*, evaluation: Evaluation, kind: str, actor) -> tuple[Evaluation, Assessment]:
    evaluation = lock_evaluation(evaluation)
    action = KIND_ACTIONS[kind][1]
    check(evaluation, action, actor)
    assessor = person_for(actor)
    if assessor is None:
        raise NotAllowedError()
    _check_assessor(evaluation, assessor, kind, actor)
    check_deadline(evaluation.cycle, evaluation.cycle.deadline_for(kind))
    assessment = for_update(
        Assessment.objects.filter(evaluation=evaluation, assessor=assessor, kind=kind)
    ).first()
    if assessment is None or assessment.status == Assessment.Status.SUBMITTED:
        raise EvaluationError(
            _("There is no draft assessment to submit."), code="nothing_to_submit"
        )
    criteria = _criteria(evaluation)
    scored = set(assessment.scores.values_list("criterion_id", flat=True))
    if any(criterion.pk not in scored for criterion in criteria):
        raise ScoreError(_("Give a score for every criterion before submitting."), code="missing")
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment._history_user = actor
    assessment.save(update_fields=["status", "submitted_at"])
    return evaluation, assessment


@transaction.atomic
def self_assessment_submit(*, evaluation: Evaluation, actor) -> Evaluation:
    """Submit the person's self-assessment draft (every criterion scored)."""
    evaluation, assessment = _submit(evaluation=evaluation, kind=Kind.SELF, actor=actor)
    evaluation.self_total = assessment.total
    move(evaluation, "self_submit", actor, fields=("self_total",))
    notifications.evaluation_ready_for_head(evaluation, selectors.evaluation_head(evaluation))
    return evaluation


@transaction.atomic
def colleague_assessment_submit(*, evaluation: Evaluation, actor) -> Evaluation:
    """Submit a colleague's assessment; the colleagues' average is updated."""
    evaluation, _assessment = _submit(evaluation=evaluation, kind=Kind.COLLEAGUE, actor=actor)
    totals = list(
        selectors.colleague_assessments_submitted(evaluation).values_list("total", flat=True)
    )
    evaluation.colleague_total = round_half_up(sum(totals, Decimal("0")) / len(totals), 2)
    evaluation.colleagues_answered = len(totals)
    move(evaluation, "colleague_submit", actor, fields=("colleague_total", "colleagues_answered"))
    return evaluation


@transaction.atomic
def head_assessment_submit(*, evaluation: Evaluation, actor) -> Evaluation:
    """Submit the head's assessment; the evaluation can then be concluded."""
    evaluation, assessment = _submit(evaluation=evaluation, kind=Kind.HEAD, actor=actor)
    evaluation.head_total = assessment.total
    move(evaluation, "head_submit", actor, fields=("head_total",))
    return evaluation


SUBMIT_SERVICES = {
    Kind.SELF: self_assessment_submit,
    Kind.COLLEAGUE: colleague_assessment_submit,
    Kind.HEAD: head_assessment_submit,
}


@transaction.atomic
def assessment_save_and_submit(
    *, evaluation: Evaluation, kind: str, actor, **answers
) -> Evaluation:
    """Save the answers and submit the assessment of ``kind``: both, or neither.

    ``answers`` are the assessor and what they wrote, the keywords ``assessment_save_draft``
    takes: passed through, so that the two services cannot drift apart.
    """
    assessment_save_draft(evaluation=evaluation, kind=kind, actor=actor, **answers)
    return SUBMIT_SERVICES[kind](evaluation=evaluation, actor=actor)


@transaction.atomic
def colleagues_assign(
    *, evaluation: Evaluation, colleagues: Iterable[Person], actor
) -> list[Assessment]:
    """Ask these colleagues to assess the person (already asked ones are kept)."""
    evaluation = lock_evaluation(evaluation)
    check(evaluation, "colleagues_assign", actor)
    colleagues = list(colleagues)
    if not colleagues:
        raise EvaluationError(_("Choose at least one colleague."), code="no_colleagues")
    head = selectors.evaluation_head(evaluation)
    for colleague in colleagues:
        if head is not None and colleague.pk == head.pk:
            raise EvaluationError(
                _(
                    "%(name)s reviews this evaluation as head and cannot also assess it as "
                    "a colleague."
                ),
                code="head_as_colleague",
                params={"name": colleague.full_name},
            )
        if colleague.pk == evaluation.person_id or not colleague.is_active:
            raise EvaluationError(
                _("%(name)s cannot assess this evaluation."),
                code="bad_colleague",
                params={"name": colleague.full_name},
            )
    asked = set(
        evaluation.assessments.filter(kind=Kind.COLLEAGUE).values_list("assessor_id", flat=True)
    )
    created = []
    for colleague in colleagues:
        if colleague.pk in asked:
            continue
        assessment = Assessment(evaluation=evaluation, assessor=colleague, kind=Kind.COLLEAGUE)
        assessment._history_user = actor
        assessment.save()
        created.append(assessment)
        notifications.assessment_requested(evaluation, colleague)
    move(
        evaluation,
        "colleagues_assign",
        actor,
        data={"colleagues": [assessment.assessor_id for assessment in created]},
    )
    return created
