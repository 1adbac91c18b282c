"""What the organisation adds to the audit log (:mod:`core.audit`): which unit a login's
events belong to, and every role given, changed or taken away.

The unit of a login is its person's unit; for a login without a person (a district office,
an administrator), the widest unit of its roles; none for a login with neither (entries
without a unit are shown to superusers and district administrators only, see
:mod:`.audit_admin`).
"""

from django.db.models.signals import post_delete, post_init, post_save

from core.audit import audit_log, register_unit_of_user
from core.models import AuditLog

from .models import RoleAssignment, Unit
from .selectors import person_for, role_assignments_for

Action = AuditLog.Action
ROLE_FIELDS = ("user_id", "role", "unit_id", "block")


def unit_of_user(user) -> Unit | None:
    """The unit whose administrators see this login's events (see the module's rule)."""
    person = person_for(user)
    if person is not None:
        return person.unit
    assignments = role_assignments_for(user)
    if not assignments:
        return None
    return min((assignment.unit for assignment in assignments), key=lambda unit: unit.path)


def _role_data(assignment: RoleAssignment) -> dict:
    return {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit": assignment.unit.code,
        "block": assignment.block,
    }


def _remember_role(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._audit_loaded = (
        {name: loaded.get(name) for name in ROLE_FIELDS} if instance.pk else None
    )


def _role_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # fixtures
    before = getattr(instance, "_audit_loaded", None)
    after = {name: getattr(instance, name) for name in ROLE_FIELDS}
    _remember_role(sender, instance)
    if created:
        audit_log(
            action=Action.ROLE_ADDED, obj=instance, unit=instance.unit, data=_role_data(instance)
        )
    elif before is not None and before != after:
        changed = {
            name.removesuffix("_id"): {"before": before[name], "after": after[name]}
            for name in ROLE_FIELDS
            if before[name] != after[name]
        }
        audit_log(
            action=Action.ROLE_CHANGED,
            obj=instance,
            unit=instance.unit,
            data={**_role_data(instance), "changed": changed},
        )


def _role_deleted(sender, instance, **kwargs):
    audit_log(
        action=Action.ROLE_REMOVED, obj=instance, unit=instance.unit, data=_role_data(instance)
    )


def connect() -> None:
    register_unit_of_user(unit_of_user)
    post_init.connect(_remember_role, sender=RoleAssignment, dispatch_uid="units.audit.role")
    post_save.connect(_role_saved, sender=RoleAssignment, dispatch_uid="units.audit.role_saved")
    post_delete.connect(
        _role_deleted, sender=RoleAssignment, dispatch_uid="units.audit.role_deleted"
    )
