"""Chart data for Chart.js, read by static/reports/charts.js from a json_script.

Each chart is a plain dict (type, labels, datasets, a few options); the table printed under
it holds the same numbers and is what screen readers and the printed page use.
"""

from django.utils.translation import gettext as _

# Colours that stay apart in print and for the common colour-vision deficiencies.
BLUE, GREEN, ORANGE, RED, GREY, TEAL, PURPLE = (
    "#0d6efd",
    "#198754",
    "#fd7e14",
    "#dc3545",
    "#6c757d",
    "#20c997",
    "#6f42c1",
)
LEVEL_COLOURS = [GREEN, BLUE, ORANGE, RED, GREY, PURPLE]


def _number(value):
    return None if value is None else float(value)


def _chart(kind, labels, datasets, **options) -> dict:
    """The chart, with a height that gives each bar (or group of bars) room for its label."""
    if options.get("horizontal"):
        per_label = 26 if options.get("stacked") else 14 + 10 * len(datasets)
        height = max(180, per_label * len(labels) + 90)
    else:
        height = 320
    return {"type": kind, "labels": labels, "datasets": datasets, "height": height, **options}


def completion(rows) -> dict:
    return _chart(
        "bar",
        [row.name for row in rows],
        [
            {
                "label": _("Signed off (%)"),
                "data": [_number(row.completion_percent) for row in rows],
                "color": GREEN,
            }
        ],
        horizontal=True,
        max=100,
        suffix=" %",
    )


def scores(rows) -> dict:
    series = [
        (_("Self-assessment"), "avg_self", TEAL),
        (_("Colleagues"), "avg_colleague", PURPLE),
        (_("Head"), "avg_head", BLUE),
        (_("Combined score"), "avg_final", ORANGE),
    ]
    return _chart(
        "bar",
        [row.name for row in rows],
        [
            {
                "label": label,
                "data": [_number(getattr(row, name)) for row in rows],
                "color": colour,
            }
            for label, name, colour in series
        ],
        horizontal=True,
        max=100,
    )


def levels(rows, columns) -> dict:
    return _chart(
        "bar",
        [row.name for row in rows],
        [
            {
                "label": column.label,
                "data": [_number(row.levels[index].percent) for row in rows],
                "color": LEVEL_COLOURS[index % len(LEVEL_COLOURS)],
            }
            for index, column in enumerate(columns)
        ],
        horizontal=True,
        stacked=True,
        max=100,
        suffix=" %",
    )


def commitments(rows) -> dict:
    series = [
        (_("Signed on time"), "cm_on_time", GREEN),
        (_("Signed late"), "cm_late", ORANGE),
        (_("Not signed yet"), "cm_missing", RED),
    ]
    return _chart(
        "bar",
        [row.name for row in rows],
        [
            {"label": label, "data": [getattr(row, name) for row in rows], "color": colour}
            for label, name, colour in series
        ],
        horizontal=True,
        stacked=True,
    )


def trend(rows) -> dict:
    return _chart(
        "line",
        [row.name for row in rows],
        [
            {
                "label": _("Signed off (%)"),
                "data": [_number(row.completion_percent) for row in rows],
                "color": GREEN,
            },
            {
                "label": _("Average combined score"),
                "data": [_number(row.avg_final) for row in rows],
                "color": ORANGE,
            },
            {
                "label": _("Commitments signed (%)"),
                "data": [_number(row.cm_signed_percent) for row in rows],
                "color": BLUE,
            },
        ],
        max=100,
    )


def trend_levels(rows, columns) -> dict:
    return _chart(
        "line",
        [row.name for row in rows],
        [
            {
                "label": column.label,
                "data": [_number(row.levels[index].percent) for row in rows],
                "color": LEVEL_COLOURS[index % len(LEVEL_COLOURS)],
            }
            for index, column in enumerate(columns)
        ],
        max=100,
        suffix=" %",
    )


def criteria(block) -> dict:
    lines = [line for group in block.groups for line in group.criteria]
    series = [(_("Self-assessment"), 0, TEAL), (_("Colleagues"), 1, PURPLE), (_("Head"), 2, BLUE)]
    return _chart(
        "bar",
        [line.criterion.text for line in lines],
        [
            {
                "label": label,
                "data": [_number(line.averages.by_kind[index]) for line in lines],
                "color": colour,
            }
            for label, index, colour in series
        ],
        horizontal=True,
        max=100,
    )
