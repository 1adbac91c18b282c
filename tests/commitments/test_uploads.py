"""Scans are PDF, JPEG or PNG by their content, under the size cap; otherwise nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment
from tests.factories.commitments import JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db


def _record(org, campaign, scan):
    return org.record_paper(campaign, org.staff[1], scan=scan)


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("cam-ket.pdf", PNG, "mismatch", "nội dung lại là PNG"),
        ("cam-ket.pdf", b"Toi cam ket ...", "content", "không phải là PDF, JPEG hay PNG"),
        ("cam-ket.exe", b"MZ\x90\x00", "type", "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
        ("cam-ket.png", JPEG, "mismatch", "nội dung lại là JPEG"),
        ("cam-ket.pdf", b"", "empty", "Tệp trống"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_saved(
    org, campaign, name, content, code, words
):
    with pytest.raises(ValidationError) as error:
        _record(org, campaign, upload(name, content))

    assert error.value.code == code
    assert words in error.value.messages[0]
    commitment = org.commitment(campaign, org.staff[1])
    assert commitment.status == Commitment.Status.PENDING and not commitment.scan


def test_an_oversized_file_is_refused(org, campaign, settings):
    settings.COMMITMENT_SCAN_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        _record(org, campaign, upload("cam-ket.pdf", PDF + b"0" * 2000))
    assert error.value.code == "too_large"
    assert "giới hạn là 1,0\xa0KB" in error.value.messages[0]
    assert not org.commitment(campaign, org.staff[1]).is_signed


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("b.PNG", PNG), ("c.jpeg", JPEG)])
def test_real_pdf_png_and_jpeg_are_accepted(org, campaign, name, content):
    assert _record(org, campaign, upload(name, content)).is_signed
