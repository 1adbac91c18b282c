"""The task queue (django-tasks-db's list of tasks, their state and errors) and the
background jobs (core.jobs) in the admin: for superusers and administrators of the whole
district only, as the sign-in lockouts.

A task's arguments hold email addresses and texts of any unit, so nobody narrower sees
them, whatever model permissions they were given. Nothing is added, changed or deleted
here (``manage.py prune_db_task_results`` removes old finished tasks).
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from core.models import Job

from .admin import LockoutAdminMixin

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(LockoutAdminMixin, DBTaskResultAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(LockoutAdminMixin, admin.ModelAdmin):
    """The background jobs (core.jobs): what was asked, by whom, their state and error.
    Their files are downloaded only by their owners, on the job page: not linked here."""

    list_display = ("created_at", "label", "owner", "kind", "state", "done", "total")
    list_filter = ("state", "kind", "created_at")
    list_select_related = ("owner",)
    search_fields = ("label", "owner__username")
    date_hierarchy = "created_at"
    fields = (
        "id",
        "owner",
        "kind",
        "label",
        "state",
        "done",
        "total",
        "attempts",
        "result_name",
        "result",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
