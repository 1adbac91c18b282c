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


def _dataset(label, values, colour) -> dict:
    return {"label": label, "data": values, "color": colour}


def _by_attribute(rows, series, number=_number) -> list[dict]:
    """One dataset per ``(label, attribute, colour)`` of ``series``, read off each row."""
    return [
        _dataset(label, [number(getattr(row, name)) for row in rows], colour)
        for label, name, colour in series
    ]


def _by_level(rows, columns) -> list[dict]:
    """One dataset per result level: the share of each row's people at that level."""
    return [
        _dataset(
            column.label,
            [_number(row.levels[index].percent) for row in rows],
            LEVEL_COLOURS[index % len(LEVEL_COLOURS)],
        )
        for index, column in enumerate(columns)
    ]


def completion(rows) -> dict:
    series = [(_("Signed off (%)"), "completion_percent", GREEN)]
    names = [row.name for row in rows]
    return _chart("bar", names, _by_attribute(rows, series), horizontal=True, max=100, suffix=" %")


def scores(rows) -> dict:
    series = [
        (_("Self-assessment"), "avg_self", TEAL),
        (_("Colleagues"), "avg_colleague", PURPLE),
        (_("Head"), "avg_head", BLUE),
        (_("Combined score"), "avg_final", ORANGE),
    ]
    names = [row.name for row in rows]
    return _chart("bar", names, _by_attribute(rows, series), horizontal=True, max=100)


def levels(rows, columns) -> dict:
    names = [row.name for row in rows]
    datasets = _by_level(rows, columns)
    return _chart("bar", names, datasets, horizontal=True, stacked=True, max=100, suffix=" %")


def commitments(rows) -> dict:
    # Counts of people, not percentages: they stay whole numbers.
    series = [
        (_("Signed on time"), "cm_on_time", GREEN),
        (_("Signed late"), "cm_late", ORANGE),
        (_("Not signed yet"), "cm_missing", RED),
    ]
    names = [row.name for row in rows]
    datasets = _by_attribute(rows, series, number=int)
    return _chart("bar", names, datasets, horizontal=True, stacked=True)


def trend(rows) -> dict:
    series = [
        (_("Signed off (%)"), "completion_percent", GREEN),
        (_("Average combined score"), "avg_final", ORANGE),
        (_("Commitments signed (%)"), "cm_signed_percent", BLUE),
    ]
    return _chart("line", [row.name for row in rows], _by_attribute(rows, series), max=100)


def trend_levels(rows, columns) -> dict:
    names = [row.name for row in rows]
    return _chart("line", names, _by_level(rows, columns), max=100, suffix=" %")


def criteria(block) -> dict:
    lines = [line for group in block.groups for line in group.criteria]
    series = [(_("Self-assessment"), 0, TEAL), (_("Colleagues"), 1, PURPLE), (_("Head"), 2, BLUE)]
    return _chart(
        "bar",
        [line.criterion.text for line in lines],
        [
            _dataset(label, [_number(line.averages.by_kind[index]) for line in lines], colour)
            for label, index, colour in series
        ],
        horizontal=True,
        max=100,
    )
