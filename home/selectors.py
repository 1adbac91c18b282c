"""What the home page shows each persona: read-only, a fixed number of queries."""

from dataclasses import dataclass, field

from django.utils.http import urlencode

from commitments.selectors import HomeCommitments, home_commitments
from criteria.models import CriteriaSet
from criteria.selectors import audience_for_category, criteria_set_active
from evaluations.selectors import EvaluationHome, home_evaluation
from units.models import Block, Person, RoleAssignment, Unit
from units.permissions import can
from units.selectors import person_for, role_assignments_for, scope_counts, unit_people_count
from units.services import block_office_label

Role = RoleAssignment.Role


@dataclass
class ScopeCard:
    """One role over one part of the tree, with what it covers."""

    assignment: RoleAssignment
    unit_count: int
    people_count: int

    @property
    def unit(self) -> Unit:
        return self.assignment.unit

    @property
    def block(self) -> str:
        return self.assignment.reviewed_block

    @property
    def block_label(self) -> str:
        return Block(self.block).label if self.block else ""

    @property
    def office_label(self) -> str:
        return block_office_label(self.block)

    @property
    def list_query(self) -> str:
        """The unit list's query string narrowed to this scope."""
        params = {"under": self.unit.code}
        if self.block:
            params["block"] = self.block
        return urlencode(params)


@dataclass
class HomeOverview:
    person: Person | None = None
    criteria_set: CriteriaSet | None = None
    own_unit_people: int | None = None
    clerk_cards: list[ScopeCard] = field(default_factory=list)
    reviewer_cards: list[ScopeCard] = field(default_factory=list)
    is_administrator: bool = False
    evaluation: EvaluationHome | None = None
    commitments: HomeCommitments = field(default_factory=HomeCommitments)

    @property
    def is_empty(self) -> bool:
        return not (self.person or self.clerk_cards or self.reviewer_cards or self.is_administrator)


def home_overview(user) -> HomeOverview:
    """Everything the home page shows ``user``; at most six queries whatever the data size."""
    overview = HomeOverview()
    person = person_for(user)
    if person is not None and person.is_active:
        overview.person = person
        overview.criteria_set = criteria_set_active(audience=audience_for_category(person.category))
        if person.is_unit_head:
            overview.own_unit_people = unit_people_count(person.unit)
        overview.evaluation = home_evaluation(person)
    scoped = [
        a
        for a in role_assignments_for(user)
        if a.role
        in (Role.OFFICE_CLERK, Role.HOME_AFFAIRS_REVIEWER, Role.ORGANISATION_BOARD_REVIEWER)
    ]
    counts = scope_counts(scoped)
    for assignment in scoped:
        card = ScopeCard(assignment, *counts[assignment.pk])
        if assignment.role == Role.OFFICE_CLERK:
            overview.clerk_cards.append(card)
        else:
            overview.reviewer_cards.append(card)
    overview.is_administrator = can(user, "units.use_admin")
    overview.commitments = home_commitments(user)
    return overview
