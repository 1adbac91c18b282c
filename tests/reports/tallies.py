"""The totals an evaluation tally keeps (evaluations.models.UnitCycleTally), as sums and counts."""

TOTALS = ("self_total", "colleague_total", "head_total", "final_score")
TOTAL_COLUMNS = [f"{total}_{part}" for total in TOTALS for part in ("sum", "n")]
