"""The task queue in the admin (django-tasks-db's list of tasks, their state and errors):
for superusers and administrators of the whole district only, as the sign-in lockouts.

A task's arguments hold email addresses and texts of any unit, so nobody narrower sees
them, whatever model permissions they were given. Nothing is added, changed or deleted
here (``manage.py prune_db_task_results`` removes old finished tasks).
"""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .admin import LockoutAdminMixin

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(LockoutAdminMixin, DBTaskResultAdmin):
    def has_delete_permission(self, request, obj=None):
        return False
