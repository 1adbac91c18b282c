"""Score changes in the central audit log (:mod:`core.audit`): an assessment's total before
and after a save, and the criteria whose score changed."""

from decimal import Decimal

from core.audit import audit_log
from core.models import AuditLog

from ..models import Assessment, Score


def score_snapshot(assessment: Assessment, scores: dict[int, Score]) -> dict:
    """What a save may change, as it is before the save (values, not the rows)."""
    return {
        "total": assessment.total,
        "scores": {criterion_id: score.score for criterion_id, score in scores.items()},
    }


def record_score_change(*, assessment: Assessment, before: dict, scores: dict[int, Score], actor):
    """One entry when the save changed a score or the total (none when nothing changed)."""
    after = score_snapshot(assessment, scores)
    changed = {
        str(criterion_id): {
            "before": _text(before["scores"].get(criterion_id)),
            "after": _text(value),
        }
        for criterion_id, value in sorted(after["scores"].items())
        if before["scores"].get(criterion_id) != value
    }
    if not changed and before["total"] == after["total"]:
        return None
    evaluation = assessment.evaluation
    return audit_log(
        action=AuditLog.Action.SCORES_CHANGED,
        actor=actor,
        obj=assessment,
        unit=evaluation.unit,
        data={
            "evaluation": evaluation.pk,
            "kind": assessment.kind,
            "total": {"before": _text(before["total"]), "after": _text(after["total"])},
            "criteria": changed,
        },
    )


def _text(value: Decimal | None) -> str | None:
    """Scores and totals as stored (two decimals), whether read back or just computed."""
    return None if value is None else f"{Decimal(value).quantize(Decimal('0.01')):f}"
