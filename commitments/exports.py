"""The district tracking as an Excel workbook: one sheet per unit and block, one of people.

Written and streamed by :mod:`core.xlsx`: rows go out one at a time (the people straight
from the database in chunks), and every text cell that could start a formula is escaped.
"""

from django.utils import timezone
from django.utils.translation import gettext

from core.xlsx import Sheet
from units.models import Block

from .selectors import TrackingRow


def _unit_lines(rows: list[TrackingRow]):
    for row in rows:
        yield [
            row.report_unit.name,
            Block(row.block).label,
            row.counts.total,
            row.counts.on_time,
            row.counts.late,
            row.counts.missing,
            row.counts.percent_signed,
            row.report.get_status_display() if row.report else gettext("Not submitted"),
            row.is_late,
        ]


def _people_lines(people):
    for commitment in people.iterator(chunk_size=2000):
        signed_at = commitment.signed_at
        yield [
            commitment.person.full_name,
            commitment.person.staff_code,
            commitment.unit.name,
            commitment.get_block_display(),
            commitment.get_status_display(),
            commitment.get_method_display() if commitment.method else "",
            timezone.localtime(signed_at).strftime("%d/%m/%Y %H:%M") if signed_at else "",
            gettext("Yes") if commitment.is_late else "",
        ]


def tracking_sheets(rows: list[TrackingRow], people) -> list[Sheet]:
    """The sheets of the tracking rows and of ``people`` (a Commitment queryset)."""
    units_header = [
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
    people_header = [
        gettext("Full name"),
        gettext("Staff code"),
        gettext("Unit"),
        gettext("Block"),
        gettext("Status"),
        gettext("How it was signed"),
        gettext("Signed at"),
        gettext("Late"),
    ]
    return [
        Sheet(gettext("Units"), units_header, _unit_lines(rows)),
        Sheet(gettext("People"), people_header, _people_lines(people)),
    ]
