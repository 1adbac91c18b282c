"""Admin for criteria sets: edit drafts, lock used sets, create new versions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from core.admin import SafeHistoryAdminMixin
from units.permissions import can

from . import selectors, services
from .models import CriteriaSet, Criterion, CriterionGroup, ResultLevel

LOCKED_MESSAGE = _(
    "This criteria set is locked because it has been used: it is shown read-only. "
    "Use “Create new version” to change the criteria."
)


class LockedSetAdminMixin(SafeHistoryAdminMixin):
    """Everything about a locked set is read-only; the admin says why. Criteria sets are
    the district's: any administrator reads them, only the district's edit them
    (``criteria.change_criteriaset``)."""

    def may_edit(self, request) -> bool:
        return can(request.user, "criteria.change_criteriaset")

    def has_add_permission(self, request):
        return self.may_edit(request) and super().has_add_permission(request)

    def set_of(self, obj):
        return obj

    def is_locked(self, obj) -> bool:
        criteria_set = self.set_of(obj) if obj is not None else None
        return bool(criteria_set and criteria_set.is_locked)

    def has_change_permission(self, request, obj=None):
        if self.is_locked(obj) or not self.may_edit(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.is_locked(obj) or not self.may_edit(request):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if self.is_locked(obj):
            self.message_user(request, LOCKED_MESSAGE, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedInlineMixin:
    def _locked(self, request, obj):
        locked = obj is not None and self.set_of(obj).is_locked
        return locked or not can(request.user, "criteria.change_criteriaset")

    def set_of(self, obj):
        return obj

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class CriterionGroupInline(LockedInlineMixin, admin.TabularInline):
    model = CriterionGroup
    fields = ("order", "name", "criterion_count")
    readonly_fields = ("criterion_count",)
    extra = 0
    show_change_link = True

    @admin.display(description=_("criteria"))
    def criterion_count(self, group):
        return group.criteria.count() if group.pk else 0


class ResultLevelInline(LockedInlineMixin, admin.TabularInline):
    model = ResultLevel
    fields = ("label", "min_score")
    extra = 0


class CriterionInline(LockedInlineMixin, admin.StackedInline):
    model = Criterion
    fields = (("order", "max_score", "weight"), "text", "guidance")
    extra = 0

    def set_of(self, group):
        return group.criteria_set


@admin.register(CriteriaSet)
class CriteriaSetAdmin(LockedSetAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "code",
        "version",
        "audience",
        "status",
        "effective_from",
        "group_count",
        "criterion_count",
        "locked",
    )
    list_filter = ("audience", "status")
    search_fields = ("name", "code", "decision_number")
    readonly_fields = ("status", "locked_at", "previous_version", "overview")
    fieldsets = (
        (None, {"fields": ("code", "name", "audience", "version", "status", "previous_version")}),
        (
            _("Legal basis"),
            {"fields": ("decision_number", "decision_date", "issuing_body", "effective_from")},
        ),
        (_("Content"), {"fields": ("overview", "locked_at")}),
    )
    inlines = (CriterionGroupInline, ResultLevelInline)
    change_form_template = "admin/criteria/criteriaset/change_form.html"

    def get_queryset(self, request):
        return selectors.criteria_set_list()

    @admin.display(description=_("groups"), ordering="group_count")
    def group_count(self, criteria_set):
        return criteria_set.group_count

    @admin.display(description=_("criteria"), ordering="criterion_count")
    def criterion_count(self, criteria_set):
        return criteria_set.criterion_count

    @admin.display(description=_("locked"), boolean=True)
    def locked(self, criteria_set):
        return criteria_set.is_locked

    @admin.display(description=_("Groups and criteria"))
    def overview(self, criteria_set):
        if not criteria_set.pk:
            return "—"
        full = selectors.criteria_set_with_tree(criteria_set.pk)
        return render_to_string("criteria/_set_overview.html", {"criteria_set": full})

    def get_urls(self):
        own = [
            path(
                "<int:pk>/new-version/",
                self.admin_site.admin_view(require_POST(self.new_version_view)),
                name="criteria_criteriaset_new_version",
            ),
            path(
                "<int:pk>/activate/",
                self.admin_site.admin_view(require_POST(self.activate_view)),
                name="criteria_criteriaset_activate",
            ),
        ]
        return own + super().get_urls()

    def new_version_view(self, request, pk):
        criteria_set = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_add_permission(request):
            self.message_user(request, gettext("You may not create criteria sets."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:criteria_criteriaset_changelist"))
        copy = services.criteria_set_create_version(criteria_set=criteria_set)
        self.message_user(
            request,
            gettext("Version %(version)s was created as a draft. Edit it, then activate it.")
            % {"version": copy.version},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:criteria_criteriaset_change", args=[copy.pk]))

    def activate_view(self, request, pk):
        criteria_set = get_object_or_404(self.get_queryset(request), pk=pk)
        target = reverse("admin:criteria_criteriaset_change", args=[pk])
        if not self.may_edit(request):
            self.message_user(
                request, gettext("You may not activate criteria sets."), messages.ERROR
            )
            return HttpResponseRedirect(target)
        try:
            services.criteria_set_activate(criteria_set=criteria_set)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(target)
        self.message_user(request, gettext("This version is now the active one."), messages.SUCCESS)
        return HttpResponseRedirect(target)


@admin.register(CriterionGroup)
class CriterionGroupAdmin(LockedSetAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "order", "criteria_set")
    list_filter = ("criteria_set",)
    search_fields = ("name", "criteria_set__name")
    list_select_related = ("criteria_set",)
    inlines = (CriterionInline,)

    def set_of(self, group):
        return group.criteria_set

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            kwargs["queryset"] = CriteriaSet.objects.filter(locked_at__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
