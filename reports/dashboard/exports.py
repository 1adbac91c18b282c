"""Every report as an .xlsx workbook: one sheet per table of the page, Vietnamese headers.

Written and streamed by :mod:`core.xlsx` (write-only, one row in memory at a time); text
cells that could start a formula are escaped there.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import round_half_up
from core.xlsx import Sheet, xlsx_response
from evaluations.models import shown_colleague_total

from ..selectors import evaluations_in
from .criteria import criteria_figures

FILE_NAMES = {
    "overview": "bao-cao-don-vi",
    "criteria": "bao-cao-tieu-chi",
    "people": "bao-cao-ca-nhan",
    "trend": "bao-cao-xu-huong",
}


def file_name(page: str) -> str:
    """The name of ``page``'s workbook: the page and today's date."""
    return f"{FILE_NAMES[page]}-{timezone.localdate().strftime('%Y%m%d')}.xlsx"


def respond(sheets: list[Sheet], page: str, filters):
    """The download of ``page``'s sheets."""
    return xlsx_response(sheets, file_name(page))


# --- the sheets of each page ---------------------------------------------------------------


def _unit_header(columns) -> dict[str, list]:
    return {
        "progress": [
            _("Unit"),
            _("People evaluated"),
            _("Not started"),
            _("In progress"),
            _("Head review"),
            _("Awaiting sign-off (provisional)"),
            _("Signed off"),
            _("Signed off (%)"),
        ],
        "scores": [
            _("Unit"),
            _("Self-assessment"),
            _("Colleagues"),
            _("Head"),
            _("Combined score"),
        ],
        "levels": [
            _("Unit"),
            _("Rated"),
            *[label for column in columns for label in (column.label, f"{column.label} (%)")],
            _("Top level among good or better (%)"),
            _("Cap (%)"),
            _("Above the cap"),
            _("Awaiting sign-off (provisional)"),
        ],
        "commitments": [
            _("Unit"),
            _("People"),
            _("Signed on time"),
            _("Signed late"),
            _("Not signed yet"),
            _("Signed (%)"),
        ],
    }


def _progress(row):
    return [
        row.name,
        row.total,
        row.not_started,
        row.in_progress,
        row.head_review,
        row.concluded,
        row.completed,
        row.completion_percent,
    ]


def _scores(row):
    return [row.name, row.avg_self, row.avg_colleague, row.avg_head, row.avg_final]


def _levels(row):
    cells = [value for cell in row.levels for value in (cell.count, cell.percent)]
    cap = [row.top_share, row.cap_percent, row.exceeds_cap]
    return [row.name, row.rated, *cells, *cap, row.concluded]


def _commitments(row):
    return [
        row.name,
        row.cm_total,
        row.cm_on_time,
        row.cm_late,
        row.cm_missing,
        row.cm_signed_percent,
    ]


def overview_sheets(filters, columns, context) -> list[Sheet]:
    rows = [*context["rows"], context["totals"]]
    header = _unit_header(columns)
    ranked = [[index, *(_progress(row))] for index, row in enumerate(context["ranked"], start=1)]
    return [
        Sheet(_("Progress"), header["progress"], map(_progress, rows)),
        Sheet(_("Scores"), header["scores"], map(_scores, rows)),
        Sheet(_("Result levels"), header["levels"], map(_levels, rows)),
        Sheet(_("Commitments"), header["commitments"], map(_commitments, rows)),
        Sheet(_("Ranking"), [_("Rank"), *header["progress"]], ranked),
    ]


def criteria_sheets(filters, columns, context) -> list[Sheet]:
    header = [
        _("Criteria set"),
        _("Group"),
        _("Criterion"),
        _("Self-assessment"),
        _("Colleagues"),
        _("Head"),
    ]
    header += [_("Scores: self"), _("Scores: colleagues"), _("Scores: head")]

    def lines():
        for block in context.get("blocks") or criteria_figures(filters):
            for group in block.groups:
                name = str(block.criteria_set)
                yield [name, str(group.group), "", *group.averages.by_kind, *group.averages.counts]
                for line in group.criteria:
                    averages = line.averages
                    yield [
                        name,
                        str(group.group),
                        line.criterion.text,
                        *averages.by_kind,
                        *averages.counts,
                    ]

    return [Sheet(_("Criteria"), header, lines())]


def people_sheets(filters, columns, context) -> list[Sheet]:
    header = [
        _("Full name"),
        _("Staff code"),
        _("Unit"),
        _("State"),
        _("Self-assessment"),
        _("Colleagues"),
        _("Head"),
        _("Combined score"),
        _("Result level"),
    ]
    states = dict(evaluations_in(filters).model._meta.get_field("state").flatchoices)
    rows = (
        evaluations_in(filters)
        .annotate(shown_colleague_total=shown_colleague_total())
        .order_by("unit__path", "person__full_name", "pk")
        .values_list(
            "person__full_name",
            "person__staff_code",
            "unit__name",
            "state",
            "self_total",
            "shown_colleague_total",
            "head_total",
            "final_score",
            "final_level__label",
        )
    )

    def lines():
        for name, code, unit, state, *numbers, level in rows.iterator(chunk_size=2000):
            # One decimal, rounded half up, as the page shows them.
            numbers = [round_half_up(number) for number in numbers]
            yield [name, code, unit, str(states.get(state, state)), *numbers, level]

    return [Sheet(_("People"), header, lines() if filters.cycle else [])]


def trend_sheets(filters, columns, context) -> list[Sheet]:
    header = [
        _("Cycle"),
        _("People evaluated"),
        _("Signed off"),
        _("Signed off (%)"),
        _("Awaiting sign-off (provisional)"),
        _("Average combined score"),
        *[f"{column.label} (%)" for column in columns],
        _("Commitments signed (%)"),
    ]
    rows = [
        [
            row.name,
            row.total,
            row.completed,
            row.completion_percent,
            row.concluded,
            row.avg_final,
            *[cell.percent for cell in row.levels],
            row.cm_signed_percent,
        ]
        for row in context["trend"]
    ]
    return [Sheet(_("Trend"), header, rows)]
