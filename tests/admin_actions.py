"""An admin changelist action as the browser sends it: rows ticked, the action picked, "Go"."""

from django.urls import reverse


def admin_action(client, model, action: str, pks: list, *, follow: bool = False, **data):
    """POST ``action`` for the rows ``pks`` of ``model`` to its admin changelist (``data``
    added, e.g. ``post="yes"`` to confirm a bulk delete)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return client.post(url, {"action": action, "_selected_action": pks, **data}, follow=follow)
