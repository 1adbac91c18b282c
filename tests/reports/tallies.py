"""The totals an evaluation tally keeps (evaluations.tally), each as a sum and a count."""

TOTALS = ("self_total", "colleague_total", "head_total", "final_score")
TOTAL_COLUMNS = [f"{total}_{part}" for total in TOTALS for part in ("sum", "n")]
