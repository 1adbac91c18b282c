"""core.seals: the canonical serialisation, the printed code and the QR code."""

import datetime
import hashlib
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core import seals

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _value(value):
    return json.loads(seals.seal_bytes("test", [("x", value)]))[2][0][1]


def test_the_document_is_versioned_compact_json_in_the_given_order():
    raw = seals.seal_bytes("evaluation", [("b", 1), ("a", "Lê")])

    assert raw == '["v2","evaluation",[["b",1],["a","Lê"]]]'.encode()
    assert seals.seal_sha256("evaluation", [("b", 1), ("a", "Lê")]) == (
        hashlib.sha256(raw).hexdigest()
    )
    assert seals.seal_sha256("evaluation", [("a", "Lê"), ("b", 1)]) != seals.seal_sha256(
        "evaluation", [("b", 1), ("a", "Lê")]
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("85.5"), "85.50"),
        (Decimal("85.50"), "85.50"),
        (Decimal("7"), "7.00"),
        (Decimal("-0"), "0.00"),
        (None, None),
        ("", ""),
        (True, True),
        (0, 0),
        (datetime.date(2026, 12, 1), "2026-12-01"),
        # To the second in UTC, the fraction dropped (dumpdata keeps milliseconds only).
        (datetime.datetime(2026, 12, 1, 10, 4, 5, 999999, tzinfo=HANOI), "2026-12-01T03:04:05Z"),
        ("Le\u0302", "Lê"),  # NFD typed, NFC sealed
        ([Decimal("1"), [None, "a"]], ["1.00", [None, "a"]]),
    ],
)
def test_each_value_has_one_written_form(value, written):
    assert _value(value) == written


def test_none_empty_text_and_false_are_distinct():
    sealed = {seals.seal_sha256("t", [("x", value)]) for value in (None, "", False, 0, "null")}

    assert len(sealed) == 5


@pytest.mark.parametrize(
    "value",
    [1.5, Decimal("1.005"), Decimal("NaN"), datetime.datetime(2026, 1, 1), object()],
    ids=["float", "three places", "nan", "naive datetime", "object"],
)
def test_a_value_another_database_could_write_differently_is_refused(value):
    with pytest.raises((TypeError, ValueError)):
        seals.seal_bytes("t", [("x", value)])


def test_field_names_are_distinct():
    with pytest.raises(ValueError):
        seals.seal_bytes("t", [("x", 1), ("x", 2)])


def test_the_code_is_the_seals_first_50_bits_in_base32_and_finds_it_again():
    seal = hashlib.sha256(b"any").hexdigest()
    code = seals.verification_code(seal)

    assert len(code) == 11 and code[5] == "-"
    assert set(code.replace("-", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert seal.startswith(seals.code_hex_prefix(code))
    assert len(seals.code_hex_prefix(code)) == 12
    assert seals.verification_code("") == ""


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("abcde-fghij", "ABCDE-FGHIJ"),
        (" ABCDE FGHIJ ", "ABCDE-FGHIJ"),
        ("AB0DE1FGH8", "ABODE-IFGHB"),  # 0, 1, 8 are not base32: read as O, I, B
    ],
)
def test_a_code_typed_from_paper_is_read_as_printed(typed, printed):
    assert seals.code_normalised(typed) == printed


@pytest.mark.parametrize("typed", ["", "ABCDE", "ABCDE-FGHIJK", "ABCDE-FGHI9", "<script>"])
def test_a_code_that_cannot_be_one_is_none(typed):
    assert seals.code_normalised(typed) is None


def test_the_qr_code_is_inline_svg_without_style_or_script():
    svg = str(seals.qr_svg("https://example.test/danh-gia/xac-minh/ABCDE-FGHIJ/"))

    assert svg.startswith("<svg") and 'class="qr"' in svg and "viewBox" in svg
    assert "style" not in svg and "script" not in svg and "<?xml" not in svg


def test_a_check_is_intact_only_when_stored_equals_computed_and_sound():
    assert seals.SealCheck("ab", "ab").intact
    assert not seals.SealCheck("ab", "ac").intact
    assert not seals.SealCheck("", "").intact
    assert not seals.SealCheck("ab", "ab", sound=False).intact


def test_the_auditors_snippet_in_the_docs_gives_the_same_seal_and_code():
    """docs/seals.md's standard-library snippet rebuilds what the application hashes (the
    same values as the snippet's, here given to core.seals)."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "seals.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    names = {}
    exec(snippet.replace("print(", "(lambda *a: None)("), names)  # noqa: S102

    assert names["s"] == seals.seal_sha256("commitment", _snippet_fields())
    assert f"{names['code'][:5]}-{names['code'][5:]}" == seals.verification_code(names["s"])


def _snippet_fields():
    utc = datetime.UTC
    return [
        ("commitment", 7),
        ("campaign", 1),
        ("person", 12),
        ("unit", 3),
        ("report_unit", 2),
        ("block", "government"),
        ("criteria_set", 1),
        ("status", "signed"),
        ("method", "online"),
        ("text_sha256", "…the text_sha256 column…"),
        ("signed_at", datetime.datetime(2021, 10, 5, 1, 2, 3, tzinfo=utc)),
        ("is_late", False),
        ("typed_name", "Trần Thị Mai"),
        ("ip_address", "10.0.0.7"),
        ("user_agent", "Firefox"),
        ("paper_signed_on", None),
        ("scan", ""),
        ("scan_sha256", ""),
        ("recorded_by", None),
    ]
