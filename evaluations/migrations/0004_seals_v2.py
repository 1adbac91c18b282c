"""The seal scheme changes once, to v2 (core.seals, docs/seals.md): state included, times to
the second, one canonical serialisation.

Each signed evaluation whose v1 seal still matched its data gets its v2 seal computed from
the data as it is now; one whose v1 seal no longer matched keeps its old seal, so that
``manage.py verify_seals`` goes on reporting it. v1 is written out here, as it was.
"""

import hashlib
import json
from decimal import Decimal

from django.db import migrations

UNSEAL = "SELECT set_config('longbien.unseal', 'on', true)"


def _v1_number(value):
    return None if value is None else f"{Decimal(value):.2f}"


def _v1_hash(evaluation) -> str:
    assessments = (
        evaluation.assessments.select_related("assessor")
        .prefetch_related("scores")
        .order_by("kind", "assessor__staff_code")
    )
    content = {
        "evaluation": evaluation.pk,
        "cycle": evaluation.cycle_id,
        "person": evaluation.person.staff_code,
        "unit": evaluation.unit.code,
        "criteria_set": evaluation.criteria_set_id,
        "self_total": _v1_number(evaluation.self_total),
        "colleague_total": _v1_number(evaluation.colleague_total),
        "head_total": _v1_number(evaluation.head_total),
        "final_score": _v1_number(evaluation.final_score),
        "final_level": evaluation.final_level_id,
        "level_override_reason": evaluation.level_override_reason,
        "head_conclusion": evaluation.head_conclusion,
        "signed_by": evaluation.signed_by_id,
        "signed_at": evaluation.signed_at.isoformat() if evaluation.signed_at else None,
        "assessments": [
            {
                "kind": a.kind,
                "assessor": a.assessor.staff_code,
                "status": a.status,
                "total": _v1_number(a.total),
                "overall_comment": a.overall_comment,
                "strengths": a.strengths,
                "weaknesses": a.weaknesses,
                "proposed_level": a.proposed_level_id,
                "scores": sorted(
                    [s.criterion_id, _v1_number(s.score), s.comment] for s in a.scores.all()
                ),
            }
            for a in assessments
        ],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seals_v2(apps, schema_editor):
    from core.seals import seal_sha256
    from evaluations.sealing import SEAL_KIND, seal_fields

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNSEAL)  # the database's seal, lifted for this transaction
    Evaluation = apps.get_model("evaluations", "Evaluation")
    signed = Evaluation.objects.exclude(content_sha256="").select_related("person", "unit")
    for evaluation in signed.iterator(chunk_size=500):
        if evaluation.content_sha256 != _v1_hash(evaluation):
            continue  # already broken: left for verify_seals to report
        Evaluation.objects.filter(pk=evaluation.pk).update(
            content_sha256=seal_sha256(SEAL_KIND, seal_fields(evaluation))
        )


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_colleagues_answered")]

    operations = [migrations.RunPython(seals_v2, migrations.RunPython.noop, elidable=False)]
