"""A person who stops being active (or becomes active again) loses the sessions of their
login for good, whether edited in the admin or imported with the roster."""

from django.db.models.signals import post_init, post_save

from core.accounts import account_sessions_end, active_changed, remember_active

from .models import Person


def people_saved(people) -> None:
    """After ``people`` were written (one by one or in bulk): end the sessions of those
    whose ``is_active`` changed since they were loaded."""
    for person in people:
        if active_changed(person) and person.user_id:
            account_sessions_end(user_id=person.user_id)


def _person_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    people_saved([instance])


def connect() -> None:
    post_init.connect(remember_active, sender=Person, dispatch_uid="units.person_active")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="units.person_saved")
