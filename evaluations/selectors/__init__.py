"""Read-only queries about evaluations, by what they answer: who assesses whom and who may
see what (``access``), the top level's share (``top_level``), the seals of signed
evaluations (``seals``) and what the pages show (``pages``: the lists, the criteria laid out
with scores, the home cards). Callers use this package (``from evaluations import
selectors``), not its modules.

Each function's number of queries is fixed: it never grows with the number of people.
"""

from .access import (
    assessments_visible_to,
    colleague_assessments_submitted,
    colleague_average,
    colleague_average_visible,
    colleagues_not_answered,
    colleagues_proposed,
    collective_votes_visible_to,
    evaluation_head,
    evaluations_for_head,
    evaluations_published_in,
    head_for,
)
from .pages import (
    EVALUATION_RELATED,
    VISIBLE_CYCLE_STATES,
    CriterionRow,
    EvaluationHome,
    GroupRows,
    assessment_of,
    colleague_averages,
    colleague_requests,
    criteria_form_tree,
    criteria_groups,
    cycles_for_lists,
    evaluations_of_person,
    head_rows,
    head_state_counts,
    home_evaluation,
    last_return_reason,
    phase_deadline,
    review_rows_for_collective,
    reviews_anyone,
    score_table,
)
from .seals import (
    evaluation_content_hash,
    evaluation_for_code,
    evaluation_signature_valid,
    seal_status,
    signed_evaluations,
)
from .top_level import TopLevelShare, top_level_share

__all__ = [
    "EVALUATION_RELATED",
    "VISIBLE_CYCLE_STATES",
    "CriterionRow",
    "EvaluationHome",
    "GroupRows",
    "TopLevelShare",
    "assessment_of",
    "assessments_visible_to",
    "colleague_assessments_submitted",
    "colleague_average",
    "colleague_average_visible",
    "colleague_averages",
    "colleague_requests",
    "colleagues_not_answered",
    "colleagues_proposed",
    "collective_votes_visible_to",
    "criteria_form_tree",
    "criteria_groups",
    "cycles_for_lists",
    "evaluation_content_hash",
    "evaluation_for_code",
    "evaluation_head",
    "evaluation_signature_valid",
    "evaluations_for_head",
    "evaluations_of_person",
    "evaluations_published_in",
    "head_for",
    "head_rows",
    "head_state_counts",
    "home_evaluation",
    "last_return_reason",
    "phase_deadline",
    "review_rows_for_collective",
    "reviews_anyone",
    "score_table",
    "seal_status",
    "signed_evaluations",
    "top_level_share",
]
