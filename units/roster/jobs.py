"""A large confirmed roster import (``BACKGROUND_IMPORT_ROWS``) and a large roster export
(``BACKGROUND_EXPORT_ROWS``) from the admin as background jobs.

The import job holds the rows the preview checked (never the file again: they are the
job's private input) and imports them as the admin does, in one transaction, all or
nothing. The export job keeps the list's address and the export form's choices, and the
admin decides the rows again when it runs. Both act for the owner's scope and permissions
of the moment they run.
"""

import io

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult

from core.audit import audit_log
from core.jobs import PROGRESS_EVERY, JobOrigin, JobOutput, JobRefused, register_job_kind
from core.models import AuditLog
from core.tasks import start_job

from ..audit import unit_of_user
from ..permissions import can
from .files import rows_from_json
from .organisation import UnitResource
from .people import PersonResource

KIND = "units.roster_import"
RESOURCES = {"units.Person": PersonResource, "units.Unit": UnitResource}


def runs_in_background(dataset) -> bool:
    return len(dataset) > settings.BACKGROUND_IMPORT_ROWS


def start_roster_import(*, request, opts, rows_json: bytes, rows: int, file_name, sha256):
    """The job importing the checked rows ``rows_json`` into ``opts``'s model."""
    label = gettext("Import of %(what)s: %(file)s") % {
        "what": opts.verbose_name_plural,
        "file": file_name,
    }
    return start_job(
        request=request,
        kind=KIND,
        label=label,
        parameters={"model": opts.label, "file_name": str(file_name), "sha256": sha256},
        total=rows,
        input_data=rows_json,
    )


def _may_import(user, model_label: str) -> bool:
    app_label, model = model_label.lower().split(".")
    return (
        user.is_active
        and user.has_perm(f"{app_label}.import_{model}")
        and can(user, "units.import_roster")
    )


def run_roster_import(job, progress) -> JobOutput:
    owner, model = job.owner, job.parameters["model"]
    if model not in RESOURCES or not _may_import(owner, model):
        raise JobRefused(_("Nothing was imported: you may no longer import this roster."))
    with job.input_file.open("rb") as handle:
        dataset = rows_from_json(handle.read())
    resource = RESOURCES[model]()
    resource.on_row = lambda row_number: row_number % 100 == 0 and progress(row_number)
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_name=job.parameters["file_name"],
        user=owner,
    )
    if result.has_errors() or result.has_validation_errors():
        # Rolled back whole: the data changed between the preview and this run.
        raise JobRefused(
            _(
                "Nothing was imported: the file no longer passes the checks (the data "
                "changed since the preview). Upload it again to see the errors."
            )
        )
    totals = result.totals
    rows = {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
        "skipped": totals[RowResult.IMPORT_TYPE_SKIP],
    }
    audit_log(
        action=AuditLog.Action.IMPORT,
        request=JobOrigin(job),
        unit=unit_of_user(owner),
        data={
            "model": model,
            "file_name": job.parameters["file_name"],
            "sha256": job.parameters["sha256"],
            "rows": rows,
        },
    )
    return JobOutput(result={"rows": rows})


register_job_kind(KIND, run_roster_import)


# --- the export ---------------------------------------------------------------------------------

EXPORT_KIND = "units.roster_export"


def runs_export_in_background(rows: int) -> bool:
    return rows > settings.BACKGROUND_EXPORT_ROWS


def start_roster_export(*, request, opts, export_form, rows: int):
    """The job exporting ``rows`` rows of ``opts``'s admin list, as the list's address
    (its filters and search) and ``export_form`` (format, resource, chosen rows) ask."""
    cleaned = export_form.cleaned_data
    label = gettext("Export of %(what)s (%(rows)s rows)") % {
        "what": opts.verbose_name_plural,
        "rows": rows,
    }
    return start_job(
        request=request,
        kind=EXPORT_KIND,
        label=label,
        parameters={
            "model": opts.label,
            "path": request.path,
            "query": request.GET.urlencode(),
            "form": {"format": cleaned["format"], "resource": cleaned.get("resource") or "0"},
            "items": [str(pk) for pk in cleaned.get("export_items") or ()],
        },
        total=rows,
    )


def _owner_request(job, progress=None) -> HttpRequest:
    """A request of the job's owner for the admin list the export was asked from: the
    admin decides the rows at run time from it, with the owner's scope of that moment."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.parameters["path"]
    request.GET = QueryDict(job.parameters["query"])
    request.META = JobOrigin(job).META
    request.user = job.owner
    request.export_progress = progress
    return request


def _model_admin(job):
    try:
        model = apps.get_model(job.parameters["model"])
    except LookupError:
        model = None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not hasattr(model_admin, "roster_export_now"):
        raise JobRefused(_("Nothing was exported: this list can no longer be exported."))
    return model_admin


def _may_export(model_admin, request) -> bool:
    return (
        model_admin.admin_site.has_permission(request)  # active, and still in the admin
        and model_admin.has_view_permission(request)
        and model_admin.has_export_permission(request)
    )


def run_roster_export(job, progress) -> JobOutput:
    model_admin = _model_admin(job)
    request = _owner_request(job, progress=lambda row: row % PROGRESS_EVERY == 0 and progress(row))
    if not _may_export(model_admin, request):
        raise JobRefused(_("Nothing was exported: you may no longer export this list."))
    try:
        content, filename = model_admin.roster_export_now(
            request, form_data=job.parameters["form"], items=job.parameters["items"]
        )
    except (IncorrectLookupParameters, ValidationError):
        raise JobRefused(
            _("Nothing was exported: the list's filters or the chosen format no longer exist.")
        ) from None
    return JobOutput(file=io.BytesIO(content), filename=filename)


def may_download_export(job) -> bool:
    try:
        return _may_export(_model_admin(job), _owner_request(job))
    except JobRefused:
        return False


register_job_kind(EXPORT_KIND, run_roster_export, may_download=may_download_export)
