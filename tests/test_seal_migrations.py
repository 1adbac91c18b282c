"""The data migrations that move the stored seals to v2 once (docs/seals.md)."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from commitments import selectors as commitment_selectors
from commitments.models import Commitment
from evaluations import selectors as evaluation_selectors
from evaluations.models import Evaluation
from tests.factories import commitments as cf
from tests.factories import evaluations as ef
from tests.tampering import raw_update

pytestmark = pytest.mark.django_db
EVALUATIONS = importlib.import_module("evaluations.migrations.0001_squashed_0007_database_seal")
COMMITMENTS = importlib.import_module("commitments.migrations.0001_squashed_0005_database_seal")


def _run(migration, app_label):
    """The migration's function with the models as they are at that migration (no guards)."""
    node = (app_label, migration.__name__.rsplit(".", 1)[-1])
    state = MigrationLoader(connection).project_state(node)
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.seals_v2(state.apps, editor)


def _signed_evaluations(count):
    org = ef.Org()
    cycle = org.open_cycle()
    return [ef.to_signed(org, org.evaluation(cycle, person)) for person in org.staff[:count]]


def test_a_v1_seal_that_still_matched_becomes_the_v2_seal_of_the_data():
    good, broken = _signed_evaluations(2)
    raw_update("evaluations_evaluation", good.pk, content_sha256=EVALUATIONS._v1_hash(good))
    raw_update("evaluations_evaluation", broken.pk, content_sha256="f" * 64)
    assert not evaluation_selectors.evaluation_signature_valid(Evaluation.objects.get(pk=good.pk))

    _run(EVALUATIONS, "evaluations")

    assert evaluation_selectors.evaluation_signature_valid(Evaluation.objects.get(pk=good.pk))
    assert Evaluation.objects.get(pk=broken.pk).content_sha256 == "f" * 64  # still reported


def test_a_commitment_signed_before_seals_gets_one_unless_its_text_changed():
    world = cf.Org()
    campaign = world.open_campaign()
    kept = world.sign_online(campaign, world.staff[0])
    changed = world.sign_online(campaign, world.staff[1])
    raw_update("commitments_commitment", kept.pk, seal_sha256="")
    raw_update("commitments_commitment", changed.pk, seal_sha256="", signed_text="đã sửa")

    _run(COMMITMENTS, "commitments")

    assert commitment_selectors.seal_status(Commitment.objects.get(pk=kept.pk)).intact
    assert Commitment.objects.get(pk=changed.pk).seal_sha256 == ""
    assert not commitment_selectors.seal_status(Commitment.objects.get(pk=changed.pk)).intact
