"""The district tracking export as a background job when it is large
(``BACKGROUND_EXPORT_ROWS`` commitments).

At run time the owner's tracking scope of that moment is used again (the same selectors
and rule as the page: ``commitments.view_tracking``); an owner who lost it gets a refusal.
"""

import tempfile

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import record_export, unit_of_user
from core.jobs import JobOrigin, JobOutput, JobRefused, register_job_kind
from core.tasks import start_job
from core.xlsx import write_workbook
from units.permissions import can

from . import selectors
from .exports import tracking_sheets

KIND = "commitments.tracking_export"
RULE = "commitments.view_tracking"


def file_name(campaign) -> str:
    return f"cam-ket-{campaign.year}.xlsx"


def runs_in_background(people) -> bool:
    """Whether the export of the commitments ``people`` is a job."""
    return people.count() > settings.BACKGROUND_EXPORT_ROWS


def start_tracking_export(*, request, campaign, block: str, rows: int):
    label = gettext("Excel: commitments of %(year)s") % {"year": campaign.year}
    return start_job(
        request=request,
        kind=KIND,
        label=label,
        parameters={"campaign": campaign.pk, "block": block},
        total=rows,
    )


def _campaign_now(job):
    campaign = selectors.campaigns_visible().filter(pk=job.parameters["campaign"]).first()
    if campaign is None or not can(job.owner, RULE, campaign):
        raise JobRefused(_("You no longer follow the commitments of this year."))
    return campaign


def run_tracking_export(job, progress) -> JobOutput:
    owner, block = job.owner, job.parameters["block"]
    campaign = _campaign_now(job)
    rows = selectors.tracking_rows(owner, campaign, block=block)
    people = selectors.tracking_people(owner, campaign, block=block)
    progress(0, people.count())
    sheets = tracking_sheets(rows, people)
    sheets[-1].rows = progress.counted(sheets[-1].rows)  # the people, the long sheet
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the job's file
    write_workbook(sheets, handle)
    handle.seek(0)
    record_export(request=JobOrigin(job), name="commitments.tracking", obj=campaign,
                  unit=unit_of_user(owner), data={"block": block})  # fmt: skip
    return JobOutput(file=handle, filename=file_name(campaign))


def may_download(job) -> bool:
    campaign = selectors.campaigns_visible().filter(pk=job.parameters["campaign"]).first()
    return campaign is not None and can(job.owner, RULE, campaign)


register_job_kind(KIND, run_tracking_export, may_download=may_download)
