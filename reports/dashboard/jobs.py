"""The people export as a background job when it is large (``BACKGROUND_EXPORT_ROWS``).

The job keeps the cleaned filters' query; at run time they are checked again against the
owner's report scope of that moment (:func:`.scope.report_scope_for`, the form of the
page): an owner who lost the reports, or a unit left their scope, gets a refusal, never
the rows.
"""

import tempfile

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import record_export
from core.jobs import JobOrigin, JobOutput, JobRefused, register_job_kind
from core.tasks import start_job
from core.xlsx import write_workbook

from ..selectors import evaluations_in, level_columns
from . import exports
from .filters import ReportFilterForm
from .scope import report_scope_for

KIND = "reports.people_export"
PAGE = "people"


def people_rows(filters) -> int:
    """How many rows the people export of ``filters`` holds."""
    return evaluations_in(filters).count() if filters.cycle else 0


def rows_in_background(page: str, context) -> int:
    """The rows of the export of ``page`` when it is a job (0: downloaded at once): the
    people export past the threshold, counted by the page's own totals (the other pages
    have a row per unit or criterion, never many)."""
    if page != PAGE:
        return 0
    rows = getattr(context.get("totals"), "total", 0) or 0
    return rows if rows > settings.BACKGROUND_EXPORT_ROWS else 0


def start_people_export(*, request, title, filters, rows: int):
    """The job of the people export of ``filters`` (``rows`` of them) for the requesting
    user (done when this returns with the immediate backend)."""
    label = gettext("Excel: %(report)s, %(unit)s") % {"report": title, "unit": filters.root}
    return start_job(
        request=request,
        kind=KIND,
        label=label,
        parameters={"query": filters.query()},
        total=rows,
    )


def _filters_now(job):
    scope = report_scope_for(job.owner)
    if scope is None:
        raise JobRefused(_("You no longer have access to the reports."))
    form = ReportFilterForm(QueryDict(job.parameters["query"]), scope=scope)
    if not form.is_valid():
        raise JobRefused(_("The filters of this export are no longer within your reports."))
    return form.filters()


def run_people_export(job, progress) -> JobOutput:
    filters = _filters_now(job)
    progress(0, people_rows(filters))
    columns, _ranks = level_columns()
    sheets = exports.people_sheets(filters, columns, {})
    for sheet in sheets:
        sheet.rows = progress.counted(sheet.rows)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the job's file
    write_workbook(sheets, handle)
    handle.seek(0)
    record_export(request=JobOrigin(job), name=f"reports.{PAGE}", unit=filters.root,
                  data={"query": filters.query()})  # fmt: skip
    return JobOutput(file=handle, filename=exports.file_name(PAGE))


def may_download(job) -> bool:
    return report_scope_for(job.owner) is not None


register_job_kind(KIND, run_people_export, may_download=may_download)
