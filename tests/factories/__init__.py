"""factory_boy factories and builders: each test builds exactly the data it talks about.

The common factories are importable from here; the builders of a whole organisation live
in their own modules:

- ``units``: users, units, people, roles (``DEFAULT_PASSWORD`` is every user's password);
- ``criteria``: criteria sets with groups, criteria and levels;
- ``world``: one small organisation with a user per persona (pages, matrix, browser);
- ``evaluations``: cycles, an organisation for the evaluation tests, assessment steps;
- ``commitments``: uploads, an organisation with both ward offices and campaigns;
- ``reports``: a generated district with a login per persona of the reports;
- ``roster``: roster files and the admin import steps.
"""

from .criteria import (
    CriteriaSetFactory,
    CriterionFactory,
    CriterionGroupFactory,
    make_criteria_set,
)
from .units import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    HeadFactory,
    PartyUnitFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    WardFactory,
    make_administrator,
    make_role,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "CriteriaSetFactory",
    "CriterionFactory",
    "CriterionGroupFactory",
    "DistrictFactory",
    "HeadFactory",
    "PartyUnitFactory",
    "PersonFactory",
    "UnitFactory",
    "UserFactory",
    "WardFactory",
    "make_administrator",
    "make_criteria_set",
    "make_role",
]
