"""Read-only queries about units, people and roles."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Person, RoleAssignment, Unit

_CACHE_ATTR = "_longbien_role_assignments"


def role_assignments_for(user) -> list[RoleAssignment]:
    """The user's role assignments, loaded once per user object (so once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_role_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def person_for(user) -> Person | None:
    """The person record behind a login, or None for accounts that are not staff."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def unit_scope_q(assignments: Iterable[RoleAssignment], prefix: str = "") -> Q:
    """A filter matching the units (or rows via ``prefix``) covered by these assignments.

    Each assignment covers its unit and every descendant, narrowed to one block when the
    role reviews a single block (the district offices, a block office clerk).
    """
    query = Q(pk__in=[])  # matches nothing: no assignment, no scope
    for assignment in assignments:
        part = Q(**{f"{prefix}path__startswith": assignment.unit.path})
        if assignment.reviewed_block:
            part &= Q(**{f"{prefix}block": assignment.reviewed_block})
        query |= part
    return query


def assignments_with_role(user, *roles: str) -> list[RoleAssignment]:
    return [a for a in role_assignments_for(user) if a.role in roles]


def units_in_scope(user, *roles: str) -> QuerySet[Unit]:
    """Units the user's roles (all roles if none named) cover; every unit for a superuser."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    assignments = assignments_with_role(user, *roles) if roles else role_assignments_for(user)
    return Unit.objects.filter(unit_scope_q(assignments))


def people_in_scope(user, *roles: str) -> QuerySet[Person]:
    if getattr(user, "is_superuser", False):
        return Person.objects.all()
    assignments = assignments_with_role(user, *roles) if roles else role_assignments_for(user)
    return Person.objects.filter(unit_scope_q(assignments, prefix="unit__"))


def unit_descendants(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    units = Unit.objects.filter(path__startswith=unit.path)
    return units if include_self else units.exclude(pk=unit.pk)


def unit_tree() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent").order_by("path")


def unit_people(unit: Unit) -> QuerySet[Person]:
    return (
        Person.objects.filter(unit=unit, is_active=True)
        .select_related("unit", "user")
        .order_by("-is_unit_head", "full_name")
    )


def unit_head(unit: Unit) -> Person | None:
    return Person.objects.filter(unit=unit, is_unit_head=True, is_active=True).first()


def user_home_roles(user) -> dict[str, list[RoleAssignment]]:
    """Role assignments grouped by role, for the home page's persona cards."""
    grouped: dict[str, list[RoleAssignment]] = {}
    for assignment in role_assignments_for(user):
        grouped.setdefault(assignment.role, []).append(assignment)
    return grouped
