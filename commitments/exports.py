"""The district tracking as an Excel workbook: one sheet per unit and block, one of people.

Streams rows with openpyxl's write-only mode; every text cell that could start a formula
is escaped (see ``units.roster.columns.escape_formula``).
"""

import io

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from units.models import Block
from units.roster.columns import escape_formula

from .selectors import TrackingRow


def _text(value) -> str:
    return escape_formula(value)


def tracking_workbook(rows: list[TrackingRow], people) -> bytes:
    """The .xlsx bytes of the tracking rows and of ``people`` (a Commitment queryset)."""
    book = Workbook(write_only=True)
    units = book.create_sheet(gettext("Units"))
    units.append(
        [
            gettext("Unit"),
            gettext("Block"),
            gettext("People"),
            gettext("Signed on time"),
            gettext("Signed late"),
            gettext("Not signed yet"),
            gettext("Signed (%)"),
            gettext("Report"),
            gettext("Late"),
        ]
    )
    for row in rows:
        units.append(
            [
                _text(row.report_unit.name),
                _text(Block(row.block).label),
                row.counts.total,
                row.counts.on_time,
                row.counts.late,
                row.counts.missing,
                row.counts.percent_signed,
                _text(row.report.get_status_display() if row.report else gettext("Not submitted")),
                gettext("Yes") if row.is_late else gettext("No"),
            ]
        )
    sheet = book.create_sheet(gettext("People"))
    sheet.append(
        [
            gettext("Full name"),
            gettext("Staff code"),
            gettext("Unit"),
            gettext("Block"),
            gettext("Status"),
            gettext("How it was signed"),
            gettext("Signed at"),
            gettext("Late"),
        ]
    )
    for commitment in people.iterator(chunk_size=2000):
        signed_at = commitment.signed_at
        sheet.append(
            [
                _text(commitment.person.full_name),
                _text(commitment.person.staff_code),
                _text(commitment.unit.name),
                _text(commitment.get_block_display()),
                _text(commitment.get_status_display()),
                _text(commitment.get_method_display() if commitment.method else ""),
                timezone.localtime(signed_at).strftime("%d/%m/%Y %H:%M") if signed_at else "",
                gettext("Yes") if commitment.is_late else "",
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
