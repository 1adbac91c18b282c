"""The seal of a signed evaluation (core.seals v2): what it covers, that it survives a dump
and reload, and the pages that verify it (result, review, print, /danh-gia/xac-minh/)."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.seals import verification_code
from evaluations import selectors, services
from evaluations.models import Evaluation, Score, State
from tests.factories.evaluations import to_concluded
from tests.factories.units import DEFAULT_PASSWORD
from tests.tampering import UNSEAL, raw_update

pytestmark = pytest.mark.django_db
# Microseconds that dumpdata (milliseconds) would cut: the seal must not depend on them.
SIGNED_AT = datetime.datetime(2026, 12, 1, 3, 4, 5, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def signed(org, evaluation):
    to_concluded(org, evaluation)
    with mock.patch("django.utils.timezone.now", return_value=SIGNED_AT):
        services.evaluation_sign_off(
            evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
        )
    return Evaluation.objects.get(pk=evaluation.pk)


def _status(evaluation):
    return selectors.seal_status(Evaluation.objects.get(pk=evaluation.pk))


def test_sign_off_stores_the_v2_seal_which_verifies(signed):
    check = _status(signed)

    assert signed.content_sha256 == check.computed and check.intact
    assert signed.signed_at == SIGNED_AT
    assert check.code == verification_code(signed.content_sha256)


def test_publication_keeps_the_seal_intact(org, signed):
    services.evaluation_publish(evaluation=signed, actor=org.head.user)

    assert Evaluation.objects.get(pk=signed.pk).state == State.PUBLISHED
    assert _status(signed).intact


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("state", State.HEAD_REVIEW),
        ("state", State.CONCLUDED),
        ("signed_at", SIGNED_AT + datetime.timedelta(seconds=1)),
        ("final_score", Decimal("12.00")),
        ("head_conclusion", "Sửa sau khi ký"),
    ],
)
def test_a_change_to_the_evaluation_row_breaks_the_seal(signed, column, value):
    raw_update("evaluations_evaluation", signed.pk, **{column: value})

    assert not _status(signed).intact


def test_another_signer_breaks_the_seal(org, signed):
    raw_update("evaluations_evaluation", signed.pk, signed_by_id=org.admin.pk)

    assert not _status(signed).intact


def test_a_changed_score_or_comment_breaks_the_seal(signed):
    score = Score.objects.filter(assessment__evaluation=signed).order_by("pk").first()
    raw_update("evaluations_score", score.pk, score=Decimal("1.00"))

    assert not _status(signed).intact


def test_a_changed_assessment_breaks_the_seal(signed):
    assessment = signed.assessments.get(kind="self")
    raw_update("evaluations_assessment", assessment.pk, overall_comment="thêm sau khi ký")

    assert not _status(signed).intact


def test_an_unsigned_evaluation_has_no_seal(evaluation):
    assert selectors.seal_status(evaluation) is None


def test_a_signed_state_without_a_seal_does_not_match(signed):
    raw_update("evaluations_evaluation", signed.pk, content_sha256="")

    check = _status(signed)
    assert check is not None and not check.intact


def test_the_seal_survives_dumpdata_and_loaddata(signed, tmp_path, is_postgres):
    """dumpdata keeps milliseconds only: loading the dump back writes a signed_at without
    its microseconds, and the seal still verifies."""
    dump = tmp_path / "dump.json"
    labels = ["evaluations.evaluation", "evaluations.assessment", "evaluations.score"]
    call_command("dumpdata", *labels, output=str(dump), stdout=io.StringIO())
    if is_postgres:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(UNSEAL)  # loaddata updates the sealed rows in place
    call_command("loaddata", str(dump), stdout=io.StringIO())

    reloaded = Evaluation.objects.get(pk=signed.pk)
    assert reloaded.signed_at != SIGNED_AT  # the microseconds are gone …
    assert reloaded.signed_at.replace(microsecond=0) == SIGNED_AT.replace(microsecond=0)
    assert selectors.seal_status(reloaded).intact  # … and the seal does not mind


# --- the pages ----------------------------------------------------------------------------


def test_the_result_page_says_intact_then_not_matching(client, org, signed):
    client.force_login(signed.person.user)
    url = reverse("evaluations:result", args=[signed.pk])

    assert 'data-seal="intact"' in client.get(url).content.decode()
    raw_update("evaluations_evaluation", signed.pk, state=State.HEAD_REVIEW)
    page = client.get(url).content.decode()
    assert 'data-seal="mismatch"' in page and "Không khớp" in page


def test_the_review_page_says_not_matching(client, org, signed):
    client.force_login(org.head.user)
    url = reverse("evaluations:review", args=[signed.pk])

    assert "Nguyên vẹn" in client.get(url).content.decode()
    raw_update("evaluations_evaluation", signed.pk, final_score=Decimal("99.00"))
    assert 'data-seal="mismatch"' in client.get(url).content.decode()


def test_the_print_page_carries_the_code_and_a_qr_code_of_the_verify_page(client, org, signed):
    client.force_login(org.head.user)

    page = client.get(reverse("evaluations:print", args=[signed.pk])).content.decode()

    code = verification_code(signed.content_sha256)
    assert code in page
    assert f"http://testserver/danh-gia/xac-minh/{code}/" in page
    assert "<svg" in page and 'class="qr"' in page and "data-qr" in page


def test_an_unsigned_print_has_no_code(client, org, evaluation):
    client.force_login(org.head.user)

    page = client.get(reverse("evaluations:print", args=[evaluation.pk])).content.decode()

    assert "data-qr" not in page and "xac-minh" not in page


def _verify(client, code):
    return client.get(reverse("evaluations:verify", args=[code]))


def test_the_verify_page_shows_intact_and_who_signed_when(client, org, signed):
    client.force_login(signed.person.user)

    response = _verify(client, verification_code(signed.content_sha256))

    page = response.content.decode()
    assert response.status_code == 200 and 'data-seal="intact"' in page
    assert org.head.full_name in page and "10:04:05 01/12/2026" in page  # Hà Nội time


def test_the_verify_page_reads_a_code_typed_in_lower_case(client, signed):
    client.force_login(signed.person.user)

    response = _verify(client, verification_code(signed.content_sha256).lower())

    assert response.status_code == 200


def test_the_verify_page_shows_a_changed_record_as_not_matching(client, org, signed):
    raw_update("evaluations_evaluation", signed.pk, state=State.HEAD_REVIEW)
    client.force_login(org.head.user)

    response = _verify(client, verification_code(signed.content_sha256))

    assert response.status_code == 200
    assert 'data-seal="mismatch"' in response.content.decode()


def test_the_verify_page_of_another_units_record_is_a_404(client, org, signed):
    client.force_login(org.other_head.user)

    assert _verify(client, verification_code(signed.content_sha256)).status_code == 404


# A code matching nothing, and a visitor not logged in: tests/integrity/test_verify_pages.py.
