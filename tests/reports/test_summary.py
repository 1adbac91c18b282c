"""The criteria report's sums follow sign-off and reopening."""

import pytest
from django.db.models import Sum

from evaluations import services
from reports.dashboard.summary import rebuild
from reports.models import CriterionScoreSum
from tests.factories.evaluations import Org, to_concluded
from tests.factories.units import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def _sums(cycle, unit):
    return dict(
        CriterionScoreSum.objects.filter(cycle=cycle, unit=unit)
        .values_list("kind")
        .annotate(total=Sum("score_count"))
    )


def test_sign_off_adds_the_scores_and_reopening_removes_them():
    org = Org()
    cycle = org.open_cycle()
    evaluation = to_concluded(org, org.evaluation(cycle, org.staff[0]), head_score=9, self_score=8)
    assert _sums(cycle, org.unit) == {}

    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )

    assert _sums(cycle, org.unit) == {"self": 6, "head": 6}
    nine = CriterionScoreSum.objects.filter(cycle=cycle, kind="head").aggregate(s=Sum("score_sum"))
    assert nine["s"] == 9 * 6

    services.evaluation_reopen(
        evaluation=evaluation, actor=org.admin, reason="Sai sót khi nhập điểm"
    )

    assert _sums(cycle, org.unit) == {}


def test_rebuild_gives_the_same_sums():
    org = Org()
    cycle = org.open_cycle()
    for person in org.staff[:2]:
        evaluation = to_concluded(org, org.evaluation(cycle, person))
        services.evaluation_sign_off(
            evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
        )
    kept = set(
        CriterionScoreSum.objects.values_list("criterion_id", "kind", "score_sum", "score_count")
    )

    rebuild(cycle_ids=[cycle.pk])

    assert (
        set(
            CriterionScoreSum.objects.values_list(
                "criterion_id", "kind", "score_sum", "score_count"
            )
        )
        == kept
    )
