"""Read-only queries about units, people and roles."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from .models import PATH_SEPARATOR, Person, RoleAssignment, Unit
from .scope import ScopePart, scope_q

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


def assignments_with_role(user, *roles: str) -> list[RoleAssignment]:
    """The user's assignments of these roles (of every role when none is named)."""
    assignments = role_assignments_for(user)
    return [a for a in assignments if a.role in roles] if roles else assignments


def scope_of(user, *roles: str) -> list[ScopePart]:
    """The parts of the organisation the user's assignments of ``roles`` cover (of every
    role when none is named); see :mod:`units.scope` for the rule."""
    return [ScopePart.of(assignment) for assignment in assignments_with_role(user, *roles)]


def _people_q(parts) -> Q:
    return scope_q(parts, path_lookup="unit__path", block_lookup="unit__block")


def units_in_scope(user, *roles: str) -> QuerySet[Unit]:
    """Units the user's roles (all roles if none named) cover; every unit for a superuser."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    return Unit.objects.filter(scope_q(scope_of(user, *roles)))


def people_in_scope(user, *roles: str) -> QuerySet[Person]:
    if getattr(user, "is_superuser", False):
        return Person.objects.all()
    return Person.objects.filter(_people_q(scope_of(user, *roles)))


def people_under(units: Iterable[Unit]) -> QuerySet[Person]:
    """The people of ``units`` and of every unit under them (a cycle's or campaign's scope)."""
    return Person.objects.filter(_people_q([ScopePart(unit.path) for unit in units]))


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


# --- pages: what a user may open outside the admin ----------------------------------------


def units_visible_to(user) -> QuerySet[Unit]:
    """Units the user may open: every unit their roles cover, plus the unit they work in.

    Mirrors the ``units.view_unit`` rule so that lists never show what a detail page refuses.
    """
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    query = scope_q(scope_of(user))
    person = person_for(user)
    if person is not None:
        query |= Q(pk=person.unit_id)
    return Unit.objects.filter(query)


def unit_list_for(
    user, *, search: str = "", under_code: str = "", block: str = ""
) -> QuerySet[Unit]:
    """Visible units in tree order with their number of active people (one query).

    ``under_code`` keeps a unit and its subtree (matched on the materialised path, so no
    extra query); ``search`` matches the name or the code.
    """
    units = units_visible_to(user).annotate(
        people_count=Count("people", filter=Q(people__is_active=True))
    )
    if search:
        units = units.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if under_code:
        units = units.filter(path__contains=f"{PATH_SEPARATOR}{under_code}{PATH_SEPARATOR}")
    if block:
        units = units.filter(block=block)
    return units.order_by("path")


def unit_children_visible(user, unit: Unit) -> QuerySet[Unit]:
    """The direct sub-units of ``unit`` the user may open, with people counts."""
    return (
        units_visible_to(user)
        .filter(parent=unit)
        .annotate(people_count=Count("people", filter=Q(people__is_active=True)))
        .order_by("sort_order", "path")
    )


def scope_counts(assignments: Iterable[RoleAssignment]) -> dict[int, tuple[int, int]]:
    """For each assignment id: (bodies, active people) in its scope.

    Two queries whatever the number of assignments or the size of the tree. Wards and the
    district are containers, not bodies, so they are not counted as units.
    """
    assignments = list(assignments)
    if not assignments:
        return {}
    bodies = Unit.objects.exclude(kind__in=Unit.CONTAINER_KINDS).aggregate(
        **{f"a{a.pk}": Count("pk", filter=scope_q([ScopePart.of(a)])) for a in assignments}
    )
    people = Person.objects.filter(is_active=True).aggregate(
        **{f"a{a.pk}": Count("pk", filter=_people_q([ScopePart.of(a)])) for a in assignments}
    )
    return {a.pk: (bodies[f"a{a.pk}"], people[f"a{a.pk}"]) for a in assignments}


def unit_people_count(unit: Unit) -> int:
    return Person.objects.filter(unit=unit, is_active=True).count()


def unit_names() -> list[str]:
    """Every unit's name (the password validators refuse passwords built on them)."""
    return list(Unit.objects.values_list("name", flat=True))
