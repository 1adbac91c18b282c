"""Scans of paper commitments: PDF, JPEG or PNG, recognised by their bytes, size-capped."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# kind -> (magic bytes at the start, extensions that may carry it)
SCAN_KINDS = {
    "PDF": (b"%PDF-", (".pdf",)),
    "PNG": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "JPEG": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}
ALLOWED_EXTENSIONS = tuple(ext for _magic, exts in SCAN_KINDS.values() for ext in exts)


def scan_max_bytes() -> int:
    return settings.COMMITMENT_SCAN_MAX_BYTES


def _sniff(head: bytes) -> str:
    for kind, (magic, _exts) in SCAN_KINDS.items():
        if head.startswith(magic):
            return kind
    return ""


def scan_check(upload) -> str:
    """The kind of a scan ("PDF", "PNG", "JPEG"); raises ValidationError with the reason.

    The name's extension and the file's first bytes must agree: a text or an image renamed
    .pdf is refused, as is anything over the size limit or empty.
    """
    limit = scan_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Scan at a lower resolution."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("Only PDF, JPEG or PNG files are accepted (the file ends in “%(ext)s”)."),
            code="type",
            params={"ext": extension or "–"},
        )
    upload.seek(0)
    kind = _sniff(upload.read(16))
    upload.seek(0)
    if not kind:
        raise ValidationError(
            _("The file's content is not a PDF, JPEG or PNG, whatever its name says."),
            code="content",
        )
    if extension not in SCAN_KINDS[kind][1]:
        raise ValidationError(
            _("The file is named “%(ext)s” but its content is %(kind)s. Upload the real file."),
            code="mismatch",
            params={"ext": extension, "kind": kind},
        )
    return kind


def scan_sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
