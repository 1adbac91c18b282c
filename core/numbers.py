"""How a figure is rounded wherever it is shown: half up, as Vietnamese documents round.

Python's ``round()``, ``Decimal.quantize`` (by default) and Django's ``floatformat`` round
half to even (86.25 → 86.2); official reports write 86,3. Every page, export and print
rounds through :func:`round_half_up` (templates through the ``dec`` filter of the reports).
"""

from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")


def round_half_up(value, places: int = 1) -> Decimal | None:
    """``value`` rounded to ``places`` decimals, halves away from zero; None stays None.

    Floats are read through their shortest text (``0.15`` is 0.15, not 0.1499…).
    """
    if value is None:
        return None
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
