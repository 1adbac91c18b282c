"""Admin for the organisation, scoped: an administrator sees only the units of their scope."""

import csv
import hashlib
import os

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from core.admin import RelatedOnlyFiltersMixin, SafeHistoryAdminMixin
from core.audit import audit_log
from core.hashing import upload_sha256
from core.models import AuditLog
from core.text import CleanSearchMixin, CleanTextMixin, CleanTextModelForm
from core.xlsx import escape_formula

from . import services
from .audit_admin import AuditedRosterMixin
from .forms import RosterConfirmImportForm, RosterImportForm
from .models import Person, RoleAssignment, Unit
from .permissions import can, unit_of
from .roster import PersonResource, RosterCSV, RosterXLSX, UnitResource
from .roster import jobs as roster_jobs
from .roster.files import rows_from_json, rows_to_json
from .scope import overlap_q, scope_q
from .selectors import scope_of, units_in_scope

Role = RoleAssignment.Role


def admin_scope(request):
    """The parts of the organisation the requesting user administers."""
    return scope_of(request.user, Role.ADMINISTRATOR)


class ScopedAdminMixin(RelatedOnlyFiltersMixin, SafeHistoryAdminMixin):
    """Limit rows and choices to the administrator's scope (superusers see all).

    Every page of the admin (list, change, delete, history and its versions, export,
    autocomplete) loads rows through ``get_queryset``, so the scope is decided here once,
    by ``scope_filter``: by default through the row's unit (``scope_prefix``). Choices of
    a foreign key and the list's filters show only what the related admin itself shows.
    """

    scope_prefix = "unit__"
    unit_fields = ("unit", "parent")

    def scope_filter(self, request) -> Q:
        prefix = self.scope_prefix
        return scope_q(
            admin_scope(request), path_lookup=f"{prefix}path", block_lookup=f"{prefix}block"
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self.scope_filter(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser:
            self.record_if_refused(request, object_id, from_field)
        return obj

    def record_if_refused(self, request, object_id, from_field=None) -> None:
        """A forged URL: an id that exists, outside the scope. The answer stays the one a
        missing id gets; the audit log records the refusal."""
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            value = field.to_python(unquote(object_id))
        except (ValidationError, ValueError):
            return
        hidden = self.model._default_manager.filter(**{field.attname: value}).first()
        if hidden is not None:
            audit_log(
                action=AuditLog.Action.ACCESS_REFUSED,
                request=request,
                obj=hidden,
                unit=unit_of(hidden),
                data={"path": request.path, "method": request.method, "admin": self.opts.label},
            )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name in self.unit_fields:
                kwargs["queryset"] = units_in_scope(request.user, Role.ADMINISTRATOR)
            elif "queryset" not in kwargs:
                related_admin = self.admin_site._registry.get(db_field.remote_field.model)
                if related_admin is not None:
                    kwargs["queryset"] = related_admin.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "scope_units" and not request.user.is_superuser:
            kwargs["queryset"] = units_in_scope(request.user, Role.ADMINISTRATOR)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # People and units are deactivated, not deleted: past results must keep them.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class ScopeUnitsAdminMixin(ScopedAdminMixin):
    """For what covers a set of units (a cycle's or campaign's ``scope_units``).

    Shown to an administrator whose scope overlaps it (a ward's administrator sees the
    district's cycle); changed, deleted and opened only by one who administers the whole
    of it, as the rule ``change_rule`` says.
    """

    change_rule = ""

    def scope_filter(self, request) -> Q:
        overlapping = self.model._default_manager.filter(
            overlap_q(admin_scope(request), path_lookup="scope_units__path")
        )
        return Q(pk__in=overlapping.values("pk"))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can(request.user, self.change_rule, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj) and (
            obj is None or can(request.user, self.change_rule, obj)
        )


class RosterImportExportMixin(AuditedRosterMixin, ImportExportMixin):
    """Import (checked whole, all or nothing) and export of a roster, in .xlsx and .csv.

    Export goes through the admin's scoped queryset; import needs the model's import
    permission and the ``units.import_roster`` rule, and the resource refuses rows outside
    the administrator's scope.
    """

    formats = (RosterXLSX, RosterCSV)
    import_form_class = RosterImportForm
    confirm_form_class = RosterConfirmImportForm
    export_form_class = ExportForm  # every column, so that the file imports back unchanged
    import_template_name = "admin/units/roster_import.html"
    import_export_change_list_template = "admin/units/roster_change_list.html"

    def has_import_permission(self, request):
        return super().has_import_permission(request) and can(request.user, "units.import_roster")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """An .xlsx with the columns and an example row, to fill in and import."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        response = HttpResponse(
            resource.template_workbook(request.user), content_type=RosterXLSX.CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{resource.template_filename}"'
        return response

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # The export reads the list's filters from the address; one that is not a
            # filter (?format=1) is refused by the list: say so and show the plain form.
            messages.error(
                request,
                gettext(
                    "The address holds a filter that does not exist; the export form is "
                    "shown without it."
                ),
            )
            return HttpResponseRedirect(request.path)

    def get_export_resource_kwargs(self, request, **kwargs):
        export_kwargs = super().get_export_resource_kwargs(request, **kwargs)
        # A background export's progress (units.roster.jobs): told every row exported.
        export_kwargs["on_row"] = getattr(request, "export_progress", None)
        return export_kwargs

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        rows = queryset.count()
        if export_form is not None and roster_jobs.runs_export_in_background(rows):
            job = roster_jobs.start_roster_export(
                request=request, opts=self.opts, export_form=export_form, rows=rows
            )
            return HttpResponseRedirect(job.get_absolute_url())
        return super()._do_file_export(file_format, request, queryset, export_form=export_form)

    def roster_export_now(self, request, *, form_data: dict, items: list[str]):
        """The export file (bytes) and its name, as the export view makes it for
        ``request``'s list and the export form's ``form_data``: what a background export
        job calls, with its owner's request. Invalid choices raise ``ValidationError``, a
        filter that no longer exists ``IncorrectLookupParameters``."""
        formats = self.get_export_formats()
        form = self.get_export_form_class()(
            formats, self.get_export_resource_classes(request), data=form_data
        )
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        queryset = self.get_export_queryset(request)
        if items:
            queryset = queryset.filter(pk__in=items)
        file_format = formats[int(form.cleaned_data["format"])]()
        content = self.get_export_data(
            file_format, request, queryset, encoding=self.to_encoding, export_form=form
        )
        if isinstance(content, str):
            content = content.encode(self.to_encoding or "utf-8")
        return content, self.get_export_filename(request, queryset, file_format)

    def get_import_data_kwargs(self, **kwargs):
        import_kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing: a row that fails validation rolls the whole file back.
        import_kwargs["rollback_on_validation_errors"] = True
        return import_kwargs

    # The file is read once, by the upload form (bounded: units.roster.files). The preview
    # keeps the rows it checked, and the confirmation imports those rows: it never reads
    # the file again. The session holds the SHA-256 of what was kept, so that only the
    # user who saw the preview confirms it, and only unchanged.

    CHECKED_ROWS_SESSION_KEY = "roster_import_checked"

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return super().import_action(request, **kwargs)
        form = self.create_import_form(request)
        if not form.is_valid():
            return self.import_page(request, form)
        import_file = form.cleaned_data["import_file"]
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form, **kwargs)
        )
        result = resource.import_data(
            form.dataset,
            dry_run=True,
            raise_errors=False,
            file_name=import_file.name,
            user=request.user,
            **self.get_import_data_kwargs(request=request, form=form, **kwargs),
        )
        context = {"result": result}
        if not result.has_errors() and not result.has_validation_errors():
            transfers = getattr(resource, "transfers", [])
            import_file.tmp_storage_name = self.keep_checked_rows(
                request,
                form.dataset,
                transfers=len(transfers),
                file_sha256=upload_sha256(import_file),
            )
            confirm_form = self.create_confirm_form(request, import_form=form)
            if transfers:
                confirm_form.fields["transfers_reviewed"].required = True
            else:
                del confirm_form.fields["transfers_reviewed"]
            context.update(confirm_form=confirm_form, roster_transfers=transfers)
        return self.import_page(request, form, [resource], **context)

    def import_page(self, request, form, resources=None, **extra):
        """The import page (what the library's import view renders), with ``extra``."""
        if resources is None:
            res_kwargs = self.get_import_resource_kwargs(request=request, form=form)
            resources = [cls(**res_kwargs) for cls in self.get_import_resource_classes(request)]
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        context.update(
            title=gettext("Import"),
            form=form,
            opts=self.model._meta,
            media=self.media + form.media,
            fields_list=[
                (r.get_display_name(), [f.column_name for f in r.get_user_visible_fields()])
                for r in resources
            ],
            import_error_display=self.import_error_display,
            **extra,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def keep_checked_rows(self, request, dataset, *, transfers: int, file_sha256: str) -> str:
        """Store the checked rows for the confirmation; the name of the stored file.
        ``file_sha256`` (of the uploaded file) goes to the audit log at confirmation."""
        data = rows_to_json(dataset)
        storage = self.get_tmp_storage_class()(
            encoding=None, read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        storage.save(data)
        name = storage.name
        kept = request.session.get(self.CHECKED_ROWS_SESSION_KEY, {})
        kept[os.path.basename(name)] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "transfers": transfers,
            "file_sha256": file_sha256,
        }
        request.session[self.CHECKED_ROWS_SESSION_KEY] = kept
        return name

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)
        name = confirm_form.cleaned_data["import_file_name"]
        kept = request.session.get(self.CHECKED_ROWS_SESSION_KEY, {})
        checked = kept.get(name)
        storage = self.get_tmp_storage_class()(
            name=name, encoding=None, read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        try:
            data = storage.read() if checked else None
        except OSError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != checked["sha256"]:
            return self.import_refused(
                request,
                gettext(
                    "Nothing was imported: this preview has expired or its checked rows "
                    "changed. Upload the file again."
                ),
            )
        if checked["transfers"] and not request.POST.get("transfers_reviewed"):
            return self.import_refused(
                request,
                gettext(
                    "Nothing was imported: the file moves people between units; tick "
                    "“I have reviewed the unit changes” to confirm. Upload the file again."
                ),
            )
        del kept[name]
        request.session[self.CHECKED_ROWS_SESSION_KEY] = kept
        dataset = rows_from_json(data)
        if roster_jobs.runs_in_background(dataset):
            storage.remove()
            job = roster_jobs.start_roster_import(
                request=request,
                opts=self.opts,
                rows_json=data,
                rows=len(dataset),
                file_name=confirm_form.cleaned_data.get("original_file_name", ""),
                sha256=checked.get("file_sha256", ""),
            )
            return HttpResponseRedirect(job.get_absolute_url())
        result = self.process_dataset(
            dataset,
            confirm_form,
            request,
            file_sha256=checked.get("file_sha256", ""),
            **kwargs,
        )
        storage.remove()
        return self.process_result(result, request)

    def import_refused(self, request, message: str):
        messages.error(request, message)
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file",
            gettext(
                "The file could not be read as a spreadsheet: it is damaged or it is not "
                "an .xlsx or .csv file. Check the file and the chosen format."
            ),
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The data changed between the preview and the confirmation: all rolled back.
            messages.error(
                request,
                gettext(
                    "Nothing was imported: the file no longer passes the checks (the data "
                    "changed since the preview). Upload it again to see the errors."
                ),
            )
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


class UnitAdminForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = (
            "name",
            "code",
            "kind",
            "school_level",
            "block",
            "parent",
            "sort_order",
            "is_active",
        )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_superuser:
            # A scoped administrator adds units only under a unit they manage.
            self.fields["parent"].required = True


@admin.register(Unit)
class UnitAdmin(CleanSearchMixin, ScopedAdminMixin, RosterImportExportMixin, SimpleHistoryAdmin):
    form = UnitAdminForm
    resource_classes = [UnitResource]
    scope_prefix = ""
    list_display = ("indented_name", "code", "kind", "block", "is_active", "people_count")
    list_filter = ("kind", "block", "school_level", "is_active")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = (*UnitAdminForm.Meta.fields, "path")
    list_per_page = 100

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class FormWithUser(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, user=request.user, **form_kwargs)

        return FormWithUser

    def get_queryset(self, request):
        from django.db.models import Count

        # Ordered explicitly: a grouped queryset drops the model's default ordering, and
        # the list and the autocomplete paginate it.
        return super().get_queryset(request).annotate(_people=Count("people")).order_by("path")

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, unit):
        return f"{'— ' * (unit.depth - 1)}{unit.name}"

    @admin.display(description=_("people"), ordering="_people")
    def people_count(self, unit):
        return unit._people


@admin.register(Person)
class PersonAdmin(CleanSearchMixin, ScopedAdminMixin, RosterImportExportMixin, SimpleHistoryAdmin):
    form = CleanTextModelForm
    resource_classes = [PersonResource]
    list_display = (
        "full_name",
        "staff_code",
        "unit",
        "position_title",
        "category",
        "is_unit_head",
        "is_active",
        "has_login",
    )
    list_filter = ("category", "is_unit_head", "is_active", "unit__kind", "unit__block")
    search_fields = ("full_name", "staff_code", "unit__name", "unit__code")
    autocomplete_fields = ("unit", "user")
    list_select_related = ("unit",)
    actions = ("create_logins",)
    list_per_page = 100

    @admin.display(description=_("has login"), boolean=True)
    def has_login(self, person):
        return person.user_id is not None

    @admin.action(description=_("Create login accounts (download the one-time passwords)"))
    def create_logins(self, request, queryset):
        rows = []
        for person in queryset.select_related("unit"):
            password = services.person_create_login(person=person)
            if password:
                rows.append((person.staff_code, person.full_name, person.unit.name, password))
        if not rows:
            self.message_user(
                request, gettext("Every selected person already has a login."), messages.INFO
            )
            return None
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="tai-khoan-moi.csv"'
        response.write("\ufeff")  # so that Excel opens the Vietnamese text as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [gettext("Login name"), gettext("Full name"), gettext("Unit"), gettext("Password")]
        )
        for row in rows:
            writer.writerow([escape_formula(value) for value in row])
        return response


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(CleanSearchMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "role", "unit", "block", "created_at")
    list_filter = ("role", "block")
    search_fields = ("user__username", "user__person__full_name", "unit__name", "unit__code")
    autocomplete_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_model(self, request, obj, form, change):
        previous_user = form.initial.get("user") if change else None
        super().save_model(request, obj, form, change)
        services.role_sync_membership(user=obj.user)
        if previous_user and previous_user != obj.user_id:
            # The assignment moved to another user: the first one may lose the group.
            services.role_sync_membership(user=obj.user.__class__.objects.get(pk=previous_user))

    def delete_model(self, request, obj):
        services.role_revoke(assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            services.role_revoke(assignment=assignment)


# --- sign-in lockouts (django-axes): superusers and administrators of the whole district ---


class LockoutAdminMixin:
    """Nothing for anyone else, whatever model permissions they were given."""

    def _allowed(self, request) -> bool:
        return can(request.user, "units.unlock_logins")

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False  # records of what happened are not edited

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self._allowed(request) else queryset.none()


@admin.register(AccessAttempt)
class LockoutAttemptAdmin(LockoutAdminMixin, axes_admin.AccessAttemptAdmin):
    """Deleting a login's attempts unlocks it."""


@admin.register(AccessFailureLog)
class LockoutFailureLogAdmin(LockoutAdminMixin, axes_admin.AccessFailureLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # every failure stays on record


@admin.register(AccessLog)
class LockoutAccessLogAdmin(LockoutAdminMixin, axes_admin.AccessLogAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


# --- logins and groups -------------------------------------------------------------------

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)

# What only a superuser grants: the admin itself, every permission, the role groups.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class ScopedUserAdmin(RelatedOnlyFiltersMixin, SafeHistoryAdminMixin, UserAdmin):
    """An administrator sees the logins of their scope: people of its units, holders of a
    role over one of its units, and their own. Superuser accounts, the admin flag, groups
    and permissions are a superuser's business alone."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        parts = admin_scope(request)
        in_scope = User.objects.filter(
            scope_q(parts, path_lookup="person__unit__path", block_lookup="person__unit__block")
            | scope_q(
                parts,
                path_lookup="role_assignments__unit__path",
                block_lookup="role_assignments__unit__block",
            ),
            is_superuser=False,
        )
        return queryset.filter(Q(pk__in=in_scope.values("pk")) | Q(pk=request.user.pk))

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + SUPERUSER_ONLY_FIELDS

    def user_change_password(self, request, id, form_url=""):
        # The object first: another scope's login is not found, whatever one may do.
        if self.get_object(request, id) is None:
            raise Http404
        return super().user_change_password(request, id, form_url)


@admin.register(Group)
class SuperuserGroupAdmin(GroupAdmin):
    """The role groups are kept in sync with the role assignments; only a superuser may
    look at them or change what a role may do."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.none()


# The task queue's admin, scoped like the lockouts above (imported here: the admin
# autodiscovery imports only this module).
from . import tasks_admin  # noqa: E402, F401
