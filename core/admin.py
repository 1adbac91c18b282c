"""Admin pieces every app repeats."""


class ReadOnlyAdminMixin:
    """A model admin that shows rows and never adds, changes or deletes one.

    For what only services write (audit lines, reports, reminders sent).
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
