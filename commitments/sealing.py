"""What a signed commitment's seal hashes (core.seals; the order is in docs/seals.md).

The seal holds the signed text's SHA-256 (``text_sha256``, kept as before) with who signed,
when, how, from where and the scan's SHA-256; :func:`commitments.selectors.seal_status`
checks both the seal and that the text still hashes to ``text_sha256``.
"""

import ipaddress

SEAL_KIND = "commitment"


def _address(value: str | None) -> str | None:
    # PostgreSQL's inet and SQLite's text may spell one address differently.
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def seal_fields(commitment) -> list[tuple[str, object]]:
    """A commitment's sealed values, in the documented order (no query)."""
    return [
        ("commitment", commitment.pk),
        ("campaign", commitment.campaign_id),
        ("person", commitment.person_id),
        ("unit", commitment.unit_id),
        ("report_unit", commitment.report_unit_id),
        ("block", str(commitment.block)),
        ("criteria_set", commitment.criteria_set_id),
        ("status", str(commitment.status)),
        ("method", str(commitment.method)),
        ("text_sha256", commitment.text_sha256),
        ("signed_at", commitment.signed_at),
        ("is_late", commitment.is_late),
        ("typed_name", commitment.typed_name),
        ("ip_address", _address(commitment.ip_address)),
        ("user_agent", commitment.user_agent),
        ("paper_signed_on", commitment.paper_signed_on),
        ("scan", commitment.scan.name or ""),
        ("scan_sha256", commitment.scan_sha256),
        ("recorded_by", commitment.recorded_by_id),
    ]
