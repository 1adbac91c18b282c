"""Scans of paper commitments: PDF, JPEG or PNG, recognised by their bytes, size-capped,
and parsed to be what they claim.

A PDF must open with pypdf, hold at least one page, be unencrypted and carry no script,
launch action, embedded file or HTML. An image must open and verify with Pillow, stay under
a pixel bound (decompression bombs) and is re-encoded before it is stored: whatever follows
the image data, and its metadata, are dropped. What is stored is never the name given.
"""

import io
import re
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# kind -> (magic bytes at the start, extensions that may carry it)
SCAN_KINDS = {
    "PDF": (b"%PDF-", (".pdf",)),
    "PNG": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "JPEG": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}
ALLOWED_EXTENSIONS = tuple(ext for _magic, exts in SCAN_KINDS.values() for ext in exts)
# kind -> (extension it is stored and served with, Content-Type it is served with)
STORED_AS = {
    "PDF": ("pdf", "application/pdf"),
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
}

# What a browser or a PDF reader would run or open: refused wherever it shows in a PDF.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])")
_MARKUP = re.compile(rb"<\s*(?:html|head|body|script|iframe|svg|object|embed|meta)\b", re.I)
_ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/XFA"}


def scan_max_bytes() -> int:
    return settings.COMMITMENT_SCAN_MAX_BYTES


def scan_max_pixels() -> int:
    return settings.COMMITMENT_SCAN_MAX_PIXELS


def _sniff(head: bytes) -> str:
    for kind, (magic, _exts) in SCAN_KINDS.items():
        if head.startswith(magic):
            return kind
    return ""


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _broken(kind: str) -> ValidationError:
    return ValidationError(
        _("The file starts like a %(kind)s but cannot be opened as one. Upload the real scan."),
        code="broken",
        params={"kind": kind},
    )


def _unsafe(kind: str) -> ValidationError:
    return ValidationError(
        _(
            "The %(kind)s holds scripts, embedded files or web content, which a scan never "
            "has. Scan the paper again and upload that file."
        ),
        code="unsafe",
        params={"kind": kind},
    )


def _pdf_has_active_parts(reader) -> bool:
    """Scripts, launch actions or embedded files in the catalogue, its pages or their links."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and _ACTIVE_NAMES & set(names.get_object().keys()):
        return True
    if "/AA" in root:
        return True
    if "/AcroForm" in root and "/XFA" in root["/AcroForm"].get_object():
        return True
    actions = [root.get("/OpenAction")]
    for page in reader.pages:
        if "/AA" in page:
            return True
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                return True
            actions.append(annotation.get("/A"))
    for action in actions:
        action = action.get_object() if action is not None else None
        if hasattr(action, "get") and action.get("/S") in {"/JavaScript", "/Launch"}:
            return True
    return False


def _pdf_check(data: bytes) -> None:
    from pypdf import PdfReader

    if _MARKUP.search(data) or _PDF_ACTIVE.search(data):
        raise _unsafe("PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected. Upload it without a password."),
                code="encrypted",
            )
        pages = len(reader.pages)
        active = _pdf_has_active_parts(reader)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise _broken("PDF") from error
    if pages < 1:
        raise ValidationError(_("The PDF has no page."), code="no_page")
    if active:
        raise _unsafe("PDF")


def _image_open(data: bytes, kind: str):
    """The image, fully decoded, once its header's size is under the pixel bound."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[kind]) as probe:
                width, height = probe.size
                if width * height > scan_max_pixels():
                    raise ValidationError(
                        _(
                            "The image is %(width)s × %(height)s pixels; at most %(limit)s "
                            "million are accepted. Scan at a lower resolution."
                        ),
                        code="too_many_pixels",
                        params={
                            "width": width,
                            "height": height,
                            "limit": f"{scan_max_pixels() / 1e6:g}",
                        },
                    )
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=[kind])
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                _("The image expands to too many pixels. Scan at a lower resolution."),
                code="too_many_pixels",
            ) from error
        except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError…
            raise _broken(kind) from error
    return image


def scan_check(upload) -> str:
    """The kind of a scan ("PDF", "PNG", "JPEG"); raises ValidationError with the reason.

    The name's extension and the file's first bytes must agree: a text or an image renamed
    .pdf is refused, as is anything over the size limit or empty; then the file must parse
    as what it claims to be (see the module's docstring).
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
    data = _read(upload)
    kind = _sniff(data[:16])
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
    if kind == "PDF":
        _pdf_check(data)
    else:
        _image_open(data, kind).close()
    return kind


def _reencoded(data: bytes, kind: str) -> bytes:
    """The image drawn again: no trailing bytes, no EXIF, text chunks or comments.

    The EXIF orientation is applied first, so a phone photo stays upright without it; the
    colour profile is kept. A JPEG keeps its quantisation tables when it needs no turn.
    """
    from PIL import ImageOps

    image = _image_open(data, kind)
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if kind == "PNG":
        upright.save(out, "PNG", **options)
    elif upright is image:
        upright.save(out, "JPEG", quality="keep", **options)
    else:
        upright.save(out, "JPEG", quality=92, **options)
    image.close()
    return out.getvalue()


def scan_stored(upload) -> tuple[str, ContentFile]:
    """(kind, the file to store) for a scan that scan_check accepts; raises as it does.

    A PDF is stored as given; an image is re-encoded. The name only carries the extension
    of the kind: where it is stored is chosen at random (commitments.models.scan_path).
    """
    kind = scan_check(upload)
    data = _read(upload)
    if kind != "PDF":
        data = _reencoded(data, kind)
    extension, _content_type = STORED_AS[kind]
    return kind, ContentFile(data, name=f"scan.{extension}")


def scan_content_type(name: str) -> str:
    """The Content-Type a stored scan is served with, from the extension it was stored with."""
    extension = PurePath(name).suffix.lower()
    for kind, (_magic, extensions) in SCAN_KINDS.items():
        if extension in extensions:
            return STORED_AS[kind][1]
    return "application/octet-stream"
