"""Writes to the organisation: role assignments (kept in step with auth groups), logins."""

import fnmatch

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.crypto import get_random_string

from core.accounts import account_require_password_change

from .models import Block, Person, RoleAssignment, Unit
from .selectors import forget_role_cache

Role = RoleAssignment.Role

# Group names are data shown in the admin; they stay fixed so the sync can find them.
ROLE_GROUP_NAMES = {
    Role.OFFICE_CLERK: "Văn phòng khối",
    Role.HOME_AFFAIRS_REVIEWER: "Phòng Nội vụ",
    Role.ORGANISATION_BOARD_REVIEWER: "Ban Tổ chức Quận ủy",
    Role.ADMINISTRATOR: "Quản trị",
}


def role_groups_sync() -> dict[str, int]:
    """Create one group per role and give it the permissions of ``settings.ROLE_PERMISSIONS``.

    Patterns like ``"criteria.*"`` or ``"units.view_*"`` select by app label and codename,
    so the project settings, not this app, decide which other apps a role reaches.
    """
    all_permissions = list(Permission.objects.select_related("content_type"))
    granted_counts = {}
    for role, group_name in ROLE_GROUP_NAMES.items():
        patterns = settings.ROLE_PERMISSIONS.get(role.value, [])
        chosen = [
            permission
            for permission in all_permissions
            if any(
                fnmatch.fnmatchcase(
                    f"{permission.content_type.app_label}.{permission.codename}", pattern
                )
                for pattern in patterns
            )
        ]
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set(chosen)
        granted_counts[group_name] = len(chosen)
    return granted_counts


def group_for_role(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[Role(role)])
    return group


@transaction.atomic
def role_assign(*, user, role: str, unit: Unit, block: str = "") -> RoleAssignment:
    """Give ``user`` the ``role`` over ``unit`` and its descendants (idempotent)."""
    if role != Role.OFFICE_CLERK:
        block = ""
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, block=block
    )
    user.groups.add(group_for_role(role))
    if role == Role.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_role_cache(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    user, role = assignment.user, assignment.role
    assignment.delete()
    if not RoleAssignment.objects.filter(user=user, role=role).exists():
        user.groups.remove(group_for_role(role))
        if role == Role.ADMINISTRATOR and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
    forget_role_cache(user)


def role_sync_membership(*, user) -> None:
    """After an admin edit of assignments, put the user's groups and admin access right."""
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for role in Role:
        group = group_for_role(role)
        if role.value in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    is_admin = Role.ADMINISTRATOR.value in held or user.is_superuser
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])
    forget_role_cache(user)


@transaction.atomic
def person_create_login(*, person: Person) -> str | None:
    """Create a login named after the staff code; return its one-time password, which
    the person must change at first login.

    Returns None when the person already has a login (nothing changes).
    """
    if person.user_id:
        return None
    password = get_random_string(12, "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
    user_model = get_user_model()
    user = user_model.objects.create_user(
        username=person.staff_code, email=person.email, password=password
    )
    account_require_password_change(user=user)
    person.user = user
    person.save(update_fields=["user"])
    return password


def block_office_label(block: str) -> str:
    """The office that receives a block's papers in a ward (used in texts and reports)."""
    return {
        Block.GOVERNMENT: "Văn phòng UBND",
        Block.PARTY_MASS: "Văn phòng Đảng ủy",
    }.get(block, "")


UNIT_SEED_FIELDS = ("name", "kind", "block", "school_level", "sort_order")


@transaction.atomic
def units_load_rows(rows: list[dict]) -> dict[str, int]:
    """Create or update units from rows keyed by code (parents may come after children).

    Idempotent: loading the same rows twice changes nothing the second time.
    """
    existing = {unit.code: unit for unit in Unit.objects.all()}
    pending = list(rows)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    while pending:
        progressed = False
        for row in list(pending):
            parent_code = row.get("parent_code") or ""
            if parent_code and parent_code not in existing:
                continue  # its parent has not been loaded yet
            values = {field: row.get(field) or "" for field in UNIT_SEED_FIELDS}
            values["sort_order"] = int(values["sort_order"] or 0)
            parent = existing.get(parent_code) if parent_code else None
            unit = existing.get(row["code"])
            if unit is None:
                unit = Unit(code=row["code"], parent=parent, **values)
                unit.full_clean()
                unit.save()
                existing[unit.code] = unit
                counts["created"] += 1
            elif unit.parent_id != (parent.pk if parent else None) or any(
                getattr(unit, field) != value for field, value in values.items()
            ):
                for field, value in values.items():
                    setattr(unit, field, value)
                unit.parent = parent
                unit.full_clean()
                unit.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            pending.remove(row)
            progressed = True
        if not progressed:
            codes = ", ".join(sorted(row["code"] for row in pending))
            raise ValueError(f"Units whose parent code is unknown: {codes}")
    return counts
