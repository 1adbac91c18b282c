"""Admin of campaigns, commitments and reports; every state change goes through services."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin, SealedRowsAdminMixin, open_each
from units.admin import ScopedAdminMixin, ScopeUnitsAdminMixin, admin_scope
from units.scope import overlap_q, scope_q

from . import services
from .deadlines import local_today
from .models import AuditEntry, Campaign, Commitment, ReminderLog, UnitReport


class CampaignForm(forms.ModelForm):
    """Deadlines left empty are proposed from the year (2021: 8/10 and 10/10; then 30/1)."""

    class Meta:
        model = Campaign
        fields = ("year", "scope_units", "text_template", "unit_deadline", "final_deadline")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit_deadline", "final_deadline"):
            if name not in self.fields:
                continue  # shown read-only to an administrator of part of its scope
            self.fields[name].required = False
            self.fields[name].help_text = _(
                "Leave empty to use the rule of the sources for the year."
            )

    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        if year and not (cleaned_data.get("unit_deadline") and cleaned_data.get("final_deadline")):
            try:
                unit, final = services.campaign_propose_deadlines(year)
            except ValueError:
                return cleaned_data
            cleaned_data["unit_deadline"] = cleaned_data.get("unit_deadline") or unit
            cleaned_data["final_deadline"] = cleaned_data.get("final_deadline") or final
            self.instance.unit_deadline = cleaned_data["unit_deadline"]
            self.instance.final_deadline = cleaned_data["final_deadline"]
        return cleaned_data


@admin.register(Campaign)
class CampaignAdmin(ScopeUnitsAdminMixin, SimpleHistoryAdmin):
    """Seen where the campaign's scope meets the administrator's; changed and opened only
    by one who administers all of it."""

    change_rule = "commitments.change_campaign"
    form = CampaignForm
    list_display = ("year", "unit_deadline", "final_deadline", "status", "opened_at")
    list_filter = ("status",)
    filter_horizontal = ("scope_units",)
    readonly_fields = ("status", "created_at", "opened_at")
    actions = ["open_campaigns"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        year = int(initial.get("year") or local_today().year)
        initial.setdefault("year", year)
        unit, final = services.campaign_propose_deadlines(max(year, 2021))
        initial.setdefault("unit_deadline", unit)
        initial.setdefault("final_deadline", final)
        return initial

    @admin.action(description=_("Open the selected campaigns"))
    def open_campaigns(self, request, queryset):
        open_each(
            self,
            request,
            queryset,
            open_one=lambda campaign: services.campaign_open_queue(
                campaign=campaign, actor=request.user
            ),
            opened=lambda campaign, count: (
                ngettext(
                    "%(campaign)s is open: %(count)d commitment created.",
                    "%(campaign)s is open: %(count)d commitments created.",
                    count,
                )
                % {"campaign": campaign, "count": count}
            ),
        )


@admin.register(Commitment)
class CommitmentAdmin(SealedRowsAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Read-only: people sign on their page, clerks record paper on theirs."""

    list_display = ("person", "unit", "block", "campaign", "status", "method", "is_late")
    list_filter = ("campaign", "status", "method", "block", "is_late")
    search_fields = ("person__full_name", "person__staff_code")
    list_select_related = ("person", "unit", "campaign")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(UnitReport)
class UnitReportAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    scope_prefix = "report_unit__"
    list_display = ("report_unit", "block", "campaign", "status", "submitted_at", "confirmed_at")
    list_filter = ("campaign", "status", "block")
    list_select_related = ("report_unit", "campaign")


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_prefix = "person__unit__"
    list_display = ("sent_at", "person", "campaign", "step")
    list_filter = ("campaign", "step")
    list_select_related = ("person", "campaign")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """A commitment's or a report's lines within the scope of its unit, a campaign's own
    lines where the campaign's scope meets the administrator's."""

    def scope_filter(self, request) -> Q:
        parts = admin_scope(request)
        of_campaigns = Campaign.objects.filter(overlap_q(parts, path_lookup="scope_units__path"))
        return (
            scope_q(parts, path_lookup="commitment__unit__path", block_lookup="commitment__block")
            | scope_q(
                parts,
                path_lookup="report__report_unit__path",
                block_lookup="report__block",
            )
            | Q(
                commitment__isnull=True,
                report__isnull=True,
                campaign__in=of_campaigns.values("pk"),
            )
        )

    list_display = ("created_at", "action", "campaign", "commitment", "report", "actor")
    list_filter = ("action", "campaign")
    list_select_related = ("campaign", "commitment__person", "report__report_unit", "actor")
