"""Scans are what they claim: parsed PDFs, re-encoded images, random names, safe downloads."""

import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from commitments.views.person import SCAN_POLICY
from tests.factories.commitments import JPEG, PDF, PNG, image_bytes, upload

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>fetch('/admin/')</script></body></html>"


def _record(org, campaign, scan, person=None):
    return org.record_paper(campaign, person or org.staff[1], scan=scan)


def _refused(org, campaign, name, content) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        _record(org, campaign, upload(name, content))
    assert not org.commitment(campaign, org.staff[1]).is_signed
    return error.value


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header says it is width × height pixels."""
    data = bytearray(JPEG)
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n" + HTML,  # the polyglot of issue 11: a PDF header, then a web page
        PDF + HTML,  # a real PDF with a page glued after its end
        PDF.replace(b"%%EOF", b"%<script>alert(1)</script>\n%%EOF"),  # in a comment
    ],
    ids=["header-then-html", "pdf-then-html", "html-in-comment"],
)
def test_a_pdf_carrying_a_web_page_is_refused(org, campaign, content):
    error = _refused(org, campaign, "cam-ket.pdf", content)
    assert error.code in {"unsafe", "broken"}
    assert "PDF" in error.messages[0]


def test_a_pdf_header_over_garbage_does_not_open(org, campaign):
    error = _refused(org, campaign, "cam-ket.pdf", b"%PDF-1.7\n" + b"\x00\x01garbage" * 50)
    assert error.code == "broken"
    assert "không mở được" in error.messages[0]


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda w: w.add_open_action(JavaScript("app.alert('x');")), "unsafe"),
        (lambda w: w.add_attachment("a.exe", b"MZ"), "unsafe"),
        (lambda w: w.encrypt("mat-khau", algorithm="RC4-128"), "encrypted"),
    ],
    ids=["javascript", "embedded-file", "encrypted"],
)
def test_a_pdf_with_scripts_attachments_or_a_password_is_refused(org, campaign, build, code):
    assert _refused(org, campaign, "cam-ket.pdf", _pdf(build)).code == code


def test_a_pdf_without_a_page_is_refused(org, campaign):
    out = io.BytesIO()
    PdfWriter().write(out)
    assert _refused(org, campaign, "cam-ket.pdf", out.getvalue()).code in {"no_page", "broken"}


def test_a_png_with_trailing_html_and_metadata_is_stored_re_encoded(org, campaign, client):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    content = image_bytes("PNG", pnginfo=info) + HTML
    commitment = _record(org, campaign, upload("giay.png", content, "image/png"))

    stored = commitment.scan.read()
    assert stored.startswith(b"\x89PNG") and stored.endswith(b"IEND\xaeB`\x82")
    assert b"<script" not in stored and b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30) and "Comment" not in image.info
    client.force_login(org.gov_clerk)
    served = client.get(reverse("commitments:scan", args=[commitment.pk]))
    assert b"".join(served.streaming_content) == stored
    assert commitment.scan_sha256 == hashlib.sha256(stored).hexdigest()


def test_a_jpeg_loses_its_exif_but_stays_upright(org, campaign):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned 90°
    exif[0x010F] = "Điện thoại của chị Mai"  # make
    content = image_bytes("JPEG", size=(40, 30), exif=exif.tobytes())
    stored = _record(org, campaign, upload("giay.jpg", content, "image/jpeg")).scan.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (30, 40)
        assert not image.getexif()


@pytest.mark.parametrize(
    ("width", "height", "words"),
    [
        (9_000, 9_000, "9000 × 9000 điểm ảnh"),  # over our bound, under Pillow's own
        (60_000, 60_000, "quá nhiều điểm ảnh"),  # Pillow refuses it on opening
    ],
)
def test_a_jpeg_decompression_bomb_is_refused_before_decoding(org, campaign, width, height, words):
    error = _refused(org, campaign, "bom.jpg", _jpeg_claiming(width, height))
    assert error.code == "too_many_pixels"
    assert words in error.messages[0]


def test_the_pixel_bound_is_a_setting(org, campaign, settings):
    settings.COMMITMENT_SCAN_MAX_PIXELS = 1000
    error = _refused(org, campaign, "giay.png", PNG)  # 40 × 30 = 1200 pixels
    assert error.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("giay.png", JPEG[:200], "JPEG"), ("giay.png", PNG[:40], "PNG")],
)
def test_a_truncated_image_is_refused(org, campaign, name, content, kind):
    name = "giay.jpg" if kind == "JPEG" else name
    error = _refused(org, campaign, name, content)
    assert error.code == "broken" and kind in error.messages[0]


def test_scans_are_stored_under_random_names_without_the_staff_code(org, campaign):
    first = _record(org, campaign, upload(f"{org.staff[1].staff_code}.pdf"))
    second = _record(org, campaign, upload("giay.png", PNG, "image/png"), person=org.staff[0])
    for commitment, extension in ((first, "pdf"), (second, "png")):
        name = commitment.scan.name
        assert re.fullmatch(rf"commitments/scans/2021/[0-9a-f]{{32}}\.{extension}", name), name
        assert commitment.person.staff_code not in name
    assert first.scan.name.rsplit("/", 1)[1] != second.scan.name.rsplit("/", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("giay.pdf", PDF, "application/pdf"),
        ("giay.png", PNG, "image/png"),
        ("giay.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_a_scan_is_served_as_a_download_that_cannot_run(
    org, campaign, client, name, content, content_type
):
    commitment = _record(org, campaign, upload(name, content))
    client.force_login(org.gov_clerk)
    response = client.get(reverse("commitments:scan", args=[commitment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert commitment.person.staff_code not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SCAN_POLICY == "default-src 'none'; sandbox"


def test_the_scan_is_served_to_the_owner_clerk_and_reviewer_only(org, campaign, client):
    commitment = _record(org, campaign, upload())
    url = reverse("commitments:scan", args=[commitment.pk])
    for user in (org.staff[1].user, org.gov_clerk, org.home_affairs):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in (org.staff[0].user, org.party_clerk, org.teacher.user):
        client.force_login(user)
        assert client.get(url).status_code in {403, 404}, user
