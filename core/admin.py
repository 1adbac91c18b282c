"""Admin pieces every app repeats."""

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext

from .audit import audit_log
from .models import AuditLog


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


class SealedRowsAdminMixin:
    """Deleting a sealed row (signed, signed off) is refused on Django's own "cannot delete:
    protected objects" page, naming the signed rows, for one row and for the bulk action
    alike, rather than by the model's guard or the database's trigger as a server error.
    The model's default manager is a :class:`core.sealing.SealedQuerySet`.
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        pks = [obj.pk for obj in objs]
        sealed = [
            gettext("%(object)s (signed: it is never deleted)") % {"object": obj}
            for obj in self.model._default_manager.filter(pk__in=pks).sealed().distinct()
        ]
        if sealed:
            # The signature is the reason, whatever permissions the related rows need.
            return deleted, counts, set(), [*sealed, *protected]
        return deleted, counts, perms_needed, protected


class RelatedOnlyFiltersMixin:
    """A list filter on a relation offers only what the listed rows point to.

    A plain one lists every row of the related table (every cycle, group or campaign of
    the district), whatever the admin's own rows are.
    """

    def get_list_filter(self, request):
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
                entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters


class SafeHistoryAdminMixin:
    """History pages that answer only for an object the admin itself would show.

    django-simple-history loads the object and its versions from the model's managers,
    not from ``get_queryset``, and saves a posted version ("revert"). Here both history
    pages first load the object through ``get_object`` (the admin's scoped queryset):
    anything else, or an id that is not one, is a 404. A version is only shown: posting
    one changes nothing (state changes go through the services), whatever
    ``SIMPLE_HISTORY_REVERT_DISABLED`` says.
    """

    def visible_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.visible_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            # A revert: refused for everyone, and recorded.
            audit_log(
                action=AuditLog.Action.ACCESS_REFUSED,
                request=request,
                data={"path": request.path, "method": request.method, "refused": "revert"},
            )
            return HttpResponseNotAllowed(["GET", "HEAD"])
        obj = self.visible_object_or_404(request, object_id)
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        try:
            version_id = history.model._meta.pk.to_python(version_id)
        except ValidationError as error:
            raise Http404 from error
        versions = history.filter(**{self.model._meta.pk.attname: obj.pk})
        if not versions.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, str(obj.pk), version_id, extra_context)


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" link (behind ``admin.site.admin_view``), answered only for
    an object the user's admin shows.

    Django's own shortcut redirects for any existing object, telling another ward's
    administrator that an id exists and where it lives; this one answers 404 unless the
    model's admin lists the object for this user.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    try:
        visible = model_admin.get_queryset(request).filter(pk=unquote(object_id)).exists()
    except (ValueError, ValidationError):
        visible = False
    if not visible:
        raise Http404
    return shortcut(request, content_type_id, object_id)


def open_each(model_admin, request, queryset, *, open_one, opened) -> None:
    """An admin action that opens each selected row through its service: ``open_one(obj)``
    returns how many rows it created, ``opened(obj, count)`` says so, or ``None`` when the
    task worker does the opening (then the page says it is under way); a refusal is shown
    as an error naming the row, and the other rows still open."""
    for obj in queryset:
        try:
            count = open_one(obj)
        except ValidationError as error:
            model_admin.message_user(
                request,
                gettext("%(name)s: %(error)s") % {"name": obj, "error": " ".join(error.messages)},
                messages.ERROR,
            )
            continue
        if count is None:
            model_admin.message_user(
                request,
                gettext("%(name)s is being opened in the background: reload this list in a minute.")
                % {"name": obj},
                messages.INFO,
            )
            continue
        model_admin.message_user(request, opened(obj, count), messages.SUCCESS)
