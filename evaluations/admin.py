"""Admin of cycles and evaluations; every state change goes through the services."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin, SealedRowsAdminMixin, open_each
from units.admin import ScopedAdminMixin, ScopeUnitsAdminMixin, admin_scope
from units.scope import overlap_q, scope_q

from . import services
from .models import (
    SEALED_STATES,
    AuditEntry,
    CollectiveReview,
    CollectiveVote,
    Cycle,
    Evaluation,
)


@admin.register(Cycle)
class CycleAdmin(ScopeUnitsAdminMixin, admin.ModelAdmin):
    """Seen where the cycle's scope meets the administrator's; changed and opened only by
    one who administers all of it (the district's cycle by the district's)."""

    change_rule = "evaluations.change_cycle"
    list_display = ("name", "period_kind", "period_start", "period_end", "status")
    list_filter = ("status", "period_kind")
    search_fields = ("name",)
    filter_horizontal = ("scope_units",)
    readonly_fields = ("status", "created_at", "opened_at")
    actions = ["open_cycles"]

    @admin.action(description=_("Open the selected cycles"))
    def open_cycles(self, request, queryset):
        open_each(
            self,
            request,
            queryset,
            open_one=lambda cycle: services.cycle_open_queue(cycle=cycle, actor=request.user),
            opened=lambda cycle, count: (
                ngettext(
                    "%(cycle)s is open: %(count)d evaluation created.",
                    "%(cycle)s is open: %(count)d evaluations created.",
                    count,
                )
                % {"cycle": cycle.name, "count": count}
            ),
        )


@admin.register(Evaluation)
class EvaluationAdmin(SealedRowsAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("person", "unit", "cycle", "state", "final_score", "final_level")
    list_filter = ("cycle", "state")
    search_fields = ("person__full_name", "person__staff_code")
    list_select_related = ("person", "unit", "cycle", "final_level")
    # Only the reviewer an administrator names is edited here; the rest moves by services.
    fields = (
        "cycle",
        "person",
        "unit",
        "criteria_set",
        "reviewer",
        "state",
        "self_total",
        "colleague_total",
        "head_total",
        "final_score",
        "final_level",
        "level_override_reason",
        "head_conclusion",
        "signed_by",
        "signed_at",
        "content_sha256",
        "acknowledged_at",
        "published_at",
    )
    raw_id_fields = ("reviewer",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state in SEALED_STATES:
            return self.fields
        return tuple(field for field in self.fields if field != "reviewer")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state in SEALED_STATES:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """An evaluation's lines within the scope of its unit, a cycle's own lines (opened,
    closed) where the cycle's scope meets the administrator's."""

    def scope_filter(self, request) -> Q:
        parts = admin_scope(request)
        of_cycles = Cycle.objects.filter(overlap_q(parts, path_lookup="scope_units__path"))
        return scope_q(
            parts, path_lookup="evaluation__unit__path", block_lookup="evaluation__unit__block"
        ) | Q(evaluation__isnull=True, cycle__in=of_cycles.values("pk"))

    list_display = ("created_at", "action", "evaluation", "actor", "from_state", "to_state")
    list_filter = ("action", "cycle")
    list_select_related = ("evaluation__person", "evaluation__cycle", "actor")


class CollectiveVoteInline(admin.TabularInline):
    model = CollectiveVote
    extra = 0
    can_delete = False
    readonly_fields = ("evaluation", "level", "votes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CollectiveReview)
class CollectiveReviewAdmin(SealedRowsAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Meetings are recorded by the head through the service; the admin shows them."""

    list_display = ("unit", "cycle", "held_on", "present", "invited")
    list_filter = ("cycle",)
    list_select_related = ("unit", "cycle")
    inlines = [CollectiveVoteInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
