"""Signed records of both apps, with everything their seal covers: an evaluation signed off
with its assessments, scores and a collective meeting's votes, a commitment signed online
and one recorded on paper, and audit rows of each audit table."""

import datetime
from dataclasses import dataclass

import pytest

from commitments.models import Commitment
from evaluations import services as evaluation_services
from evaluations.models import CollectiveReview, Evaluation, State
from tests.factories.commitments import Org as CommitmentOrg
from tests.factories.evaluations import Org as EvaluationOrg
from tests.factories.evaluations import to_concluded
from tests.factories.units import DEFAULT_PASSWORD


@dataclass
class Sealed:
    org: EvaluationOrg
    evaluation: Evaluation  # signed off, with a meeting's votes
    published: Evaluation  # signed off and published
    review: CollectiveReview
    commitments: CommitmentOrg
    online: Commitment
    paper: Commitment


def sign_off(org: EvaluationOrg, evaluation: Evaluation) -> Evaluation:
    evaluation_services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    evaluation.refresh_from_db()
    assert evaluation.state == State.SIGNED_OFF
    return evaluation


def make_sealed() -> Sealed:
    org = EvaluationOrg()
    cycle = org.open_cycle()
    evaluation = to_concluded(org, org.evaluation(cycle, org.staff[0]))
    level = evaluation.criteria_set.levels.order_by("-min_score").first()
    review = evaluation_services.collective_review_record(
        cycle=cycle,
        unit=org.unit,
        held_on=datetime.date.today(),
        invited=5,
        present=4,
        votes={evaluation.pk: {level.pk: 3}},
        actor=org.head.user,
    )
    sign_off(org, evaluation)
    published = sign_off(org, to_concluded(org, org.evaluation(cycle, org.staff[1])))
    evaluation_services.evaluation_publish(evaluation=published, actor=org.head.user)
    published.refresh_from_db()

    commitments = CommitmentOrg()
    campaign = commitments.open_campaign()
    online = commitments.sign_online(campaign, commitments.staff[0])
    paper = commitments.record_paper(campaign, commitments.staff[1])
    online.refresh_from_db()
    paper.refresh_from_db()
    assert online.is_signed and paper.is_signed
    return Sealed(org, evaluation, published, review, commitments, online, paper)


@pytest.fixture
def sealed(db) -> Sealed:
    return make_sealed()
