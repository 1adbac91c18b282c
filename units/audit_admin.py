"""The audit log in the admin (read-only, scoped), and the roster import and export recorded
in it.

``core`` cannot import the organisation, so the log's admin lives here. An administrator sees
the entries of the units they administer (``units.scope``, by the entry's unit path and
block). Entries without a unit (a failed login with an unknown name, a superuser's
actions) are seen by superusers and administrators of a whole tree, the same people who
see sign-in lockouts (``units.unlock_logins``). Nobody adds, changes or deletes an entry.
"""

import hashlib

from django.contrib import admin
from django.db.models import Q
from import_export.results import RowResult

from core.admin import ReadOnlyAdminMixin
from core.audit import audit_log
from core.models import AuditLog

from .audit import unit_of_user
from .models import RoleAssignment
from .permissions import can
from .scope import scope_q
from .selectors import scope_of

Role = RoleAssignment.Role


def audit_log_q(user) -> Q:
    """The entries ``user`` may read in the admin (all of them for a superuser)."""
    if user.is_superuser:
        return Q()
    parts = scope_of(user, Role.ADMINISTRATOR)
    query = scope_q(parts, path_lookup="unit_path", block_lookup="unit_block")
    if can(user, "units.unlock_logins"):
        query |= Q(unit_path="")
    return query


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "actor_username",
        "action",
        "object_repr",
        "unit_path",
        "ip_address",
    )
    list_filter = ("action", "created_at", "unit_block")
    search_fields = ("actor_username", "object_repr", "action")
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False  # no COUNT(*) over the whole log on every page
    fields = (
        "created_at",
        "actor",
        "actor_username",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "unit_path",
        "unit_block",
        "ip_address",
        "user_agent",
        "data",
    )
    readonly_fields = fields

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_superuser or can(user, "units.use_admin")

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(audit_log_q(request.user))


# --- the roster import and export --------------------------------------------------------------


def file_sha256(admin_instance, form) -> str:
    """The SHA-256 of the file the confirm form names (kept in import-export's storage)."""
    name = form.cleaned_data.get("import_file_name")
    if not name:
        return ""
    storage = admin_instance.get_tmp_storage_class()(
        name=name, encoding=None, read_mode="rb", **admin_instance.get_tmp_storage_class_kwargs()
    )
    data = storage.read()
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()


def _audit_roster(request, action, data) -> None:
    """One audit line for a roster import or export, in the administrator's unit."""
    audit_log(action=action, request=request, unit=unit_of_user(request.user), data=data)


class AuditedRosterMixin:
    """Records each roster import that was saved (file name, SHA-256, rows new, updated,
    skipped) and each roster export (rows, format) in the audit log."""

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name", "")
        # The uploaded file's, kept at the preview (the confirmation imports checked rows).
        digest = kwargs.pop("file_sha256", "") or file_sha256(self, form)
        result = super().process_dataset(dataset, form, request, **kwargs)
        if not result.has_errors() and not result.has_validation_errors():
            totals = result.totals
            _audit_roster(
                request,
                AuditLog.Action.IMPORT,
                {
                    "model": self.opts.label,
                    "file_name": str(file_name or ""),
                    "sha256": digest,
                    "rows": {
                        "new": totals[RowResult.IMPORT_TYPE_NEW],
                        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                        "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
                    },
                },
            )
        return result

    def get_export_data(self, file_format, request, queryset, **kwargs):
        export = super().get_export_data(file_format, request, queryset, **kwargs)
        _audit_roster(
            request,
            AuditLog.Action.EXPORT,
            {
                "export": self.opts.label,
                "format": type(file_format).__name__,
                "rows": queryset.count(),
            },
        )
        return export
