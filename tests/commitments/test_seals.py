"""The seal of a signed commitment (core.seals v2): the text's hash with who, when and how;
that it survives a dump and reload; the pages that verify it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from commitments import selectors
from commitments.models import Commitment
from core.seals import verification_code
from tests.tampering import UNSEAL, raw_update

pytestmark = pytest.mark.django_db
SIGNED_AT = datetime.datetime(2021, 10, 5, 1, 2, 3, 987654, tzinfo=datetime.UTC)


@pytest.fixture
def signed(org, campaign):
    commitment = org.sign_online(
        campaign, org.staff[0], ip_address="10.0.0.7", user_agent="Firefox", now=SIGNED_AT
    )
    return Commitment.objects.get(pk=commitment.pk)


@pytest.fixture
def paper(org, campaign):
    commitment = org.record_paper(campaign, org.staff[1], signed_on=datetime.date(2021, 10, 4))
    return Commitment.objects.get(pk=commitment.pk)


def _status(commitment):
    return selectors.seal_status(Commitment.objects.get(pk=commitment.pk))


def test_signing_online_or_on_paper_stores_a_seal_that_verifies(signed, paper):
    for commitment in (signed, paper):
        check = _status(commitment)
        assert len(commitment.seal_sha256) == 64 and check.intact
        assert commitment.seal_sha256 == check.computed


def test_a_pending_commitment_has_no_seal(org, campaign):
    assert selectors.seal_status(org.commitment(campaign, org.staff[1])) is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("status", "pending"),
        ("user_agent", "Chrome"),
        ("signed_at", SIGNED_AT + datetime.timedelta(seconds=1)),
        ("typed_name", "Người khác"),
        ("is_late", True),
        ("text_sha256", "0" * 64),
        ("seal_sha256", "0" * 64),
    ],
)
def test_a_change_of_what_a_signature_attests_breaks_the_seal(signed, column, value):
    raw_update("commitments_commitment", signed.pk, **{column: value})

    assert not _status(signed).intact


def test_a_changed_text_breaks_the_seal_though_its_hash_column_is_kept(signed):
    raw_update("commitments_commitment", signed.pk, signed_text="Một văn bản khác")

    check = _status(signed)
    assert check.stored == check.computed and not check.sound and not check.intact


def test_another_scan_hash_breaks_a_paper_seal(paper):
    raw_update("commitments_commitment", paper.pk, scan_sha256="f" * 64)
    assert not _status(paper).intact


def test_the_seal_survives_dumpdata_and_loaddata(signed, tmp_path, is_postgres):
    dump = tmp_path / "dump.json"
    call_command("dumpdata", "commitments.commitment", output=str(dump), stdout=io.StringIO())
    if is_postgres:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(UNSEAL)  # loaddata updates the sealed rows in place
    call_command("loaddata", str(dump), stdout=io.StringIO())

    reloaded = Commitment.objects.get(pk=signed.pk)
    assert reloaded.signed_at != SIGNED_AT  # dumpdata cut the microseconds
    assert selectors.seal_status(reloaded).intact


# --- the pages ----------------------------------------------------------------------------


def test_the_detail_page_says_intact_then_not_matching(client, signed):
    client.force_login(signed.person.user)
    url = reverse("commitments:detail", args=[signed.pk])

    page = client.get(url).content.decode()
    assert 'data-seal="intact"' in page and "Nguyên vẹn" in page
    raw_update("commitments_commitment", signed.pk, typed_name="Người khác")
    page = client.get(url).content.decode()
    assert 'data-seal="mismatch"' in page and "Không khớp" in page


def test_the_print_page_carries_the_code_and_a_qr_code_of_the_verify_page(client, signed):
    client.force_login(signed.person.user)

    page = client.get(reverse("commitments:print", args=[signed.pk])).content.decode()

    code = verification_code(signed.seal_sha256)
    assert code in page and f"http://testserver/cam-ket/xac-minh/{code}/" in page
    assert "<svg" in page and 'class="qr"' in page and "nguyên vẹn" in page


def _verify(client, code):
    return client.get(reverse("commitments:verify", args=[code]))


def test_the_verify_page_shows_intact_and_who_signed_when(client, org, signed):
    client.force_login(org.gov_clerk)

    response = _verify(client, verification_code(signed.seal_sha256))

    page = response.content.decode()
    assert response.status_code == 200 and 'data-seal="intact"' in page
    assert signed.person.full_name in page and "08:02:03 05/10/2021" in page


def test_the_verify_page_shows_a_changed_record_as_not_matching(client, signed):
    raw_update("commitments_commitment", signed.pk, signed_text="Văn bản đã sửa")
    client.force_login(signed.person.user)

    response = _verify(client, verification_code(signed.seal_sha256))

    assert response.status_code == 200 and 'data-seal="mismatch"' in response.content.decode()


def test_the_verify_page_of_another_blocks_record_is_a_404(client, org, signed):
    client.force_login(org.party_clerk)

    assert _verify(client, verification_code(signed.seal_sha256)).status_code == 404


# A code matching nothing, and a visitor not logged in: tests/integrity/test_verify_pages.py.
