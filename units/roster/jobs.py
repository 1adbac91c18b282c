"""A large confirmed roster import (``BACKGROUND_IMPORT_ROWS``) as a background job.

The job holds the rows the preview checked (never the file again: they are the job's
private input) and imports them as the admin does, in one transaction, all or nothing,
for the owner's scope and permissions of the moment it runs.
"""

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult

from core.audit import audit_log
from core.jobs import JobOrigin, JobOutput, JobRefused, register_job_kind
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
        owner=request.user,
        kind=KIND,
        label=label,
        parameters={"model": opts.label, "file_name": str(file_name), "sha256": sha256},
        request=request,
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
