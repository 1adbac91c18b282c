"""One place answers "may USER do ACTION on OBJECT".

Each action is a rule function registered under a name. Apps register their own rules
(``evaluations`` registers its actions here); views, forms and the admin call :func:`can`.
Group permissions say what a role may do at all; the role's unit scope says where.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from . import selectors
from .models import Person, RoleAssignment, Unit

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}

Role = RoleAssignment.Role
REVIEWER_ROLES = (Role.HOME_AFFAIRS_REVIEWER, Role.ORGANISATION_BOARD_REVIEWER)


def rule(action: str) -> Callable[[Rule], Rule]:
    """Register ``func(user, obj) -> bool`` as the rule for ``action``."""

    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise ImproperlyConfigured(f"Rule {action!r} is registered twice.")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` (to ``obj``, when the action is about one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action not in _RULES:
        raise ImproperlyConfigured(f"No permission rule is registered for {action!r}.")
    if user.is_superuser:
        return True
    return _RULES[action](user, obj)


def registered_actions() -> list[str]:
    return sorted(_RULES)


def _covers(user, unit: Unit, *roles: str) -> bool:
    """Whether one of the user's assignments (of these roles) covers ``unit``."""
    for assignment in selectors.assignments_with_role(user, *roles):
        if not unit.path.startswith(assignment.unit.path):
            continue
        if assignment.reviewed_block and unit.block != assignment.reviewed_block:
            continue
        return True
    return False


def _is_head_of(user, unit: Unit) -> bool:
    person = selectors.person_for(user)
    return bool(person and person.is_active and person.is_unit_head and person.unit_id == unit.pk)


# --- units -------------------------------------------------------------------------------


@rule("units.use_admin")
def _use_admin(user, obj) -> bool:
    return user.is_staff and bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))


@rule("units.view_unit")
def _view_unit(user, unit: Unit) -> bool:
    person = selectors.person_for(user)
    if person and person.unit_id == unit.pk:
        return True
    return _covers(user, unit)


@rule("units.change_unit")
def _change_unit(user, unit: Unit | None) -> bool:
    if not user.has_perm("units.change_unit"):
        return False
    if unit is None:
        return bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))
    return _covers(user, unit, Role.ADMINISTRATOR)


@rule("units.view_person")
def _view_person(user, person: Person) -> bool:
    if person.user_id == user.pk:
        return True
    if _is_head_of(user, person.unit):
        return True
    return _covers(user, person.unit)


@rule("units.change_person")
def _change_person(user, person: Person | None) -> bool:
    if not user.has_perm("units.change_person"):
        return False
    if person is None:
        return bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))
    return _covers(user, person.unit, Role.ADMINISTRATOR)


@rule("units.import_roster")
def _import_roster(user, obj) -> bool:
    return (
        user.has_perm("units.import_person")
        and user.has_perm("units.import_unit")
        and bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))
    )


@rule("units.import_into_unit")
def _import_into_unit(user, unit: Unit) -> bool:
    return _covers(user, unit, Role.ADMINISTRATOR)


# --- views -------------------------------------------------------------------------------


class ObjectPermissionMixin(LoginRequiredMixin):
    """Loads the object, then answers 404 (not 403) when the user may not act on it.

    A 404 keeps another unit's records from being discovered by trying ids.
    """

    permission_action: str = ""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not can(self.request.user, self.permission_action, obj):
            raise Http404
        return obj
