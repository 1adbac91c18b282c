"""Permission rules of the criteria sets, registered in ``units.permissions``."""

from units.permissions import administers_a_whole_tree, rule


@rule("criteria.change_criteriaset")
def _change_criteriaset(user, criteria_set) -> bool:
    """Criteria sets are the district's, not a ward's: its administrators edit them."""
    return user.has_perm("criteria.change_criteriaset") and administers_a_whole_tree(user)
