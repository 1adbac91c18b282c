"""One place answers "may USER do ACTION on OBJECT".

Each action is a rule function registered under a name. Apps register their own rules
(``evaluations`` registers its actions here); views, forms and the admin call :func:`can`.
Group permissions say what a role may do at all; the role's unit scope says where.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import get_object_or_404

from core.seals import code_normalised
from core.views import AccessRefused, ProtectedViewMixin

from . import selectors
from .models import Person, RoleAssignment, Unit
from .scope import covers
from .selectors import scope_of

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}

Role = RoleAssignment.Role
REVIEWER_ROLES = (Role.HOME_AFFAIRS_REVIEWER, Role.ORGANISATION_BOARD_REVIEWER)


def rule(*actions: str) -> Callable[[Rule], Rule]:
    """Register ``func(user, obj) -> bool`` as the rule for each of ``actions``."""

    def register(func: Rule) -> Rule:
        for action in actions:
            if action in _RULES:
                raise ImproperlyConfigured(f"Rule {action!r} is registered twice.")
            _RULES[action] = func
        return func

    return register


# Actions that only read; every other action writes. A new action writes unless listed or
# named "<app>.view_…": an inactive person is then refused it (the safe side).
READ_ACTIONS = frozenset({"units.use_admin", "evaluations.print"})


def is_read_action(action: str) -> bool:
    return action in READ_ACTIONS or action.partition(".")[2].startswith("view_")


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` (to ``obj``, when the action is about one).

    Inactive logins may do nothing; a login whose person is no longer active may only read.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action not in _RULES:
        raise ImproperlyConfigured(f"No permission rule is registered for {action!r}.")
    if not is_read_action(action):
        person = selectors.person_for(user)
        if person is not None and not person.is_active:
            return False
    if user.is_superuser:
        return True
    return _RULES[action](user, obj)


def rule_for(action: str) -> Rule | None:
    """The function registered for ``action`` (None when there is none)."""
    return _RULES.get(action)


def registered_actions() -> list[str]:
    return sorted(_RULES)


def _is_head_of(user, unit: Unit) -> bool:
    person = selectors.person_for(user)
    return bool(person and person.is_active and person.is_unit_head and person.unit_id == unit.pk)


# --- units -------------------------------------------------------------------------------


@rule("units.use_admin")
def _use_admin(user, obj) -> bool:
    return user.is_staff and bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))


def administers_a_whole_tree(user) -> bool:
    """An administrator of a unit at the top (the district): what belongs to no unit is theirs."""
    return user.is_staff and any(
        assignment.unit.parent_id is None
        for assignment in selectors.assignments_with_role(user, Role.ADMINISTRATOR)
    )


@rule("units.unlock_logins")
def _unlock_logins(user, obj) -> bool:
    # Lockouts belong to no unit: only administrators of a whole tree (the district) see them.
    return administers_a_whole_tree(user)


@rule("units.view_unit")
def _view_unit(user, unit: Unit) -> bool:
    person = selectors.person_for(user)
    if person and person.unit_id == unit.pk:
        return True
    return covers(scope_of(user), unit)


def _administers(user, permission: str, unit: Unit | None) -> bool:
    """An administrator holding the model ``permission`` whose scope covers ``unit``; with no
    unit (the admin's list and add pages), any administrator holding it."""
    if not user.has_perm(permission):
        return False
    if unit is None:
        return bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))
    return covers(scope_of(user, Role.ADMINISTRATOR), unit)


@rule("units.change_unit")
def _change_unit(user, unit: Unit | None) -> bool:
    return _administers(user, "units.change_unit", unit)


@rule("units.view_person")
def _view_person(user, person: Person) -> bool:
    if person.user_id == user.pk:
        return True
    if _is_head_of(user, person.unit):
        return True
    return covers(scope_of(user), person.unit)


@rule("units.change_person")
def _change_person(user, person: Person | None) -> bool:
    return _administers(user, "units.change_person", person.unit if person is not None else None)


@rule("units.import_roster")
def _import_roster(user, obj) -> bool:
    return (
        user.has_perm("units.import_person")
        and user.has_perm("units.import_unit")
        and bool(selectors.assignments_with_role(user, Role.ADMINISTRATOR))
    )


@rule("units.import_into_unit")
def _import_into_unit(user, unit: Unit) -> bool:
    return covers(scope_of(user, Role.ADMINISTRATOR), unit)


# --- views -------------------------------------------------------------------------------


class ObjectPermissionMixin(ProtectedViewMixin):
    """Loads the object named by the URL (``pk_url_kwarg``) from ``get_queryset()`` into
    ``self.object``, and answers 404 unless ``can(user, permission_action, object)``.
    Works with any view class; a ``DetailView`` reuses the object loaded here.
    """

    permission_action: str = ""
    queryset = None
    pk_url_kwarg = "pk"

    def check_access(self) -> None:
        self.object = self.load_permitted(self.kwargs[self.pk_url_kwarg])

    def get_queryset(self):
        if self.queryset is not None:
            return self.queryset.all()
        parent = getattr(super(), "get_queryset", None)
        if parent is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset.")
        return parent()

    def get_object(self, queryset=None):
        return self.object  # loaded once per request, by check_access()

    def load_permitted(self, pk):
        """The object ``pk`` as stored now, or 404 when it is missing or not permitted."""
        if not self.permission_action:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a permission_action.")
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not can(self.request.user, self.permission_action, obj):
            raise AccessRefused(obj=obj, unit=unit_of(obj), permission=self.permission_action)
        return obj


class VerifyByCodeMixin(ObjectPermissionMixin):
    """The page a printed verification code (``code`` in the URL) leads to: ``self.object``
    is the signed record of that code, 404 when the user may not see it; a code that matches
    no signed record leaves it None and answers a 404 page that says so."""

    def record_for_code(self, code: str):
        """The signed record whose seal has this (normalised) code, or None."""
        raise NotImplementedError

    def check_access(self) -> None:
        code = code_normalised(self.kwargs["code"])
        found = self.record_for_code(code) if code else None
        self.object = self.load_permitted(found.pk) if found else None

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.object else 404)


def unit_of(obj) -> Unit | None:
    """The unit an object belongs to (itself for a unit; None when it has none)."""
    if isinstance(obj, Unit):
        return obj
    unit = getattr(obj, "unit", None)
    return unit if isinstance(unit, Unit) else None
