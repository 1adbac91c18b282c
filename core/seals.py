"""The one canonical serialisation of a seal, its SHA-256, its printed code and QR code.

A seal is the SHA-256 of the bytes :func:`seal_bytes` makes of a record: the scheme's
version, the kind of record and an ordered list of ``(name, value)`` pairs that the record's
app gives (its documented field order, docs/seals.md). The same data gives the same bytes
on SQLite and PostgreSQL, on another machine, and after ``dumpdata``/``loaddata`` or
``pg_dump``/``pg_restore``:

- the document is the JSON array ``["v2", kind, [[name, value], ...]]``, UTF-8, no spaces
  (``separators=(",", ":")``), non-ASCII characters as themselves (``ensure_ascii=False``);
- ``None`` is ``null``; booleans are ``true``/``false``; integers are JSON integers;
- a ``Decimal`` is a string with exactly two places (``"85.50"``, ``"0.00"``, never an
  exponent); a value that two places would round is refused (v2 covers two-place fields);
- an aware ``datetime`` is a string in UTC to the second, ``"2026-12-01T03:04:05Z"``:
  ``dumpdata`` keeps milliseconds only and some databases keep no fraction at all, so the
  fraction is dropped (truncated, not rounded); a naive one is refused;
- a ``date`` is ``"YYYY-MM-DD"``; text is NFC-normalised (as Vietnamese is stored);
- a list or tuple is a JSON array in the order given: the app sorts nested records (the
  assessments, the scores) by a stable key it documents.

Anything else (a float, a model) is refused, so that a value never reaches the seal in a form
that another database would write differently. A future scheme changes :data:`SCHEME`.

The printed **verification code** is the first 50 bits of the seal in base32 (RFC 4648),
10 characters in two groups: ``ABCDE-FGHIJ``. It finds the record again
(:func:`code_hex_prefix`) and :func:`qr_svg` draws the address that checks it.
"""

import base64
import datetime
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

SCHEME = "v2"
DECIMAL_PLACES = 2
CODE_LENGTH = 10  # base32 characters: 50 bits of the seal
CODE_GROUP = 5
# What people misread when typing a code from paper: base32 has no 0, 1 or 8.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
_CODE_RE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32


def _value(value: Any) -> Any:
    """The JSON form of one value (see the module's rules)."""
    kind = type(value)  # the common kinds first: a seal holds some 200 values a record
    if kind is str:
        return unicodedata.normalize("NFC", value)
    if value is None or kind is bool or kind is int:
        return value
    if kind is list or kind is tuple:
        return [_value(item) for item in value]
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"A seal cannot hold {value}.")
        fixed = value.quantize(_QUANTUM)
        if fixed != value:
            raise ValueError(f"{value} has more than {DECIMAL_PLACES} decimal places.")
        return f"{abs(fixed) if fixed == 0 else fixed:f}"
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("A seal holds aware datetimes only.")
        utc = value.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None)
        return f"{utc.isoformat()}Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    raise TypeError(f"A seal cannot hold a {type(value).__name__}.")


def seal_bytes(kind: str, fields: Sequence[tuple[str, Any]]) -> bytes:
    """The canonical bytes of a record of ``kind``: its ``(name, value)`` pairs in order."""
    names = [name for name, _value_ in fields]
    if len(set(names)) != len(names) or not all(isinstance(name, str) for name in names):
        raise ValueError("A seal's field names are distinct strings.")
    document = [SCHEME, kind, [[name, _value(value)] for name, value in fields]]
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def seal_sha256(kind: str, fields: Sequence[tuple[str, Any]]) -> str:
    """The seal: SHA-256 (hex, lower case) of :func:`seal_bytes`."""
    return hashlib.sha256(seal_bytes(kind, fields)).hexdigest()


def verification_code(seal: str) -> str:
    """The short code printed for ``seal`` (``""`` when there is none): ``ABCDE-FGHIJ``."""
    if not seal:
        return ""
    code = base64.b32encode(bytes.fromhex(seal)).decode("ascii")[:CODE_LENGTH]
    return f"{code[:CODE_GROUP]}-{code[CODE_GROUP:]}"


def code_normalised(text: str) -> str | None:
    """A code as typed (any case, spaces or dashes, 0/1/8 for O/I/B) in its printed form,
    or None when it cannot be one."""
    compact = re.sub(r"[\s-]", "", text or "").upper().translate(_LOOKALIKES)
    if not _CODE_RE.match(compact):
        return None
    return f"{compact[:CODE_GROUP]}-{compact[CODE_GROUP:]}"


def code_hex_prefix(code: str) -> str:
    """The hex digits every seal of ``code`` (printed form) starts with: its first 48 bits.
    The code's last 2 bits are checked on the candidates (compare their codes)."""
    value = 0
    for character in code.replace("-", ""):
        value = value * 32 + _ALPHABET.index(character)
    spare_bits = CODE_LENGTH * 5 % 8
    return f"{value >> spare_bits:0{CODE_LENGTH * 5 // 8 * 2}x}"


@dataclass(frozen=True)
class SealCheck:
    """A signed record's seal as stored and as its data hashes now.

    ``sound`` is False when another check of the record fails (e.g. a commitment's text no
    longer hashes to its stored text hash)."""

    stored: str
    computed: str
    sound: bool = True

    @property
    def intact(self) -> bool:
        return bool(self.stored) and self.stored == self.computed and self.sound

    @property
    def code(self) -> str:
        return verification_code(self.stored)


def qr_svg(text: str) -> SafeString:
    """``text`` as a QR code, inline SVG (sized by CSS: class ``qr``; no style attribute,
    so that the Content-Security-Policy needs nothing more)."""
    import segno

    symbol = segno.make(text, error="m", micro=False)
    return mark_safe(  # noqa: S308 - segno writes only numbers and its own attributes
        symbol.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)
    )
