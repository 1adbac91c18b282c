"""Background jobs: work a user asked for that runs off the request path (a large export,
a large roster import), with its state, its progress and the file it made.

``core`` knows no app: an app registers what a kind of job does with
:func:`register_job_kind` (in its ``AppConfig.ready``); the task :func:`core.tasks.run_job`
runs it. The state moves only through the services below, one per transition of
``JOB_TRANSITIONS``; each locks the row and checks the state first.

Progress is kept in the cache, not the database: an import writes all its rows in one
transaction, and what it wrote there is invisible to other connections until the end,
whereas the cache (Redis in production) is read by the job page at once.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .lockout import client_ip
from .models import Job
from .workflow import Transition, check_state

State = Job.State
ORIGIN_KEY = "_origin"  # in ``parameters``: who asked, from where, in which language
PROGRESS_EVERY = 200  # rows between two progress writes to the cache
PROGRESS_SECONDS = 24 * 3600

JOB_TRANSITIONS = {
    # A retry (a failed attempt, a worker killed mid-run) starts again; a done job never.
    "start": Transition(
        frozenset({State.QUEUED, State.RUNNING, State.FAILED}), State.RUNNING, "system"
    ),
    "retry_later": Transition(frozenset({State.RUNNING}), State.QUEUED, "system"),
    "finish": Transition(frozenset({State.RUNNING}), State.DONE, "system"),
    "fail": Transition(frozenset({State.QUEUED, State.RUNNING}), State.FAILED, "system"),
}


class JobRefused(DomainError):
    """The job cannot be done (the owner may no longer see the data, the rows changed):
    final, its message is shown on the job page."""

    default_message = _("This job could not be done.")
    default_code = "job_refused"


@dataclass
class JobOutput:
    """What a kind's function made: a file to download (an open binary file) and its name,
    and figures the job page shows (``result``)."""

    file: Any = None
    filename: str = ""
    result: dict = field(default_factory=dict)


@dataclass(frozen=True)
class JobKind:
    run: Callable[[Job, "Progress"], JobOutput]
    # Whether the owner may still download what the job made (checked at each download).
    may_download: Callable[[Job], bool] | None = None


_kinds: dict[str, JobKind] = {}


def register_job_kind(name: str, run, *, may_download=None) -> None:
    """Let jobs of ``name`` be done by ``run(job, progress) -> JobOutput``."""
    _kinds[name] = JobKind(run=run, may_download=may_download)


def job_kind(name: str) -> JobKind:
    return _kinds[name]


# --- progress ----------------------------------------------------------------------------------


def _progress_key(job_pk) -> str:
    return f"job-progress:{job_pk}"


class Progress:
    """The progress callback a kind's function gets: ``progress(done, total)``."""

    def __init__(self, job: Job):
        self.job_pk = job.pk
        self.total = job.total

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        cache.set(_progress_key(self.job_pk), (done, self.total), PROGRESS_SECONDS)

    def counted(self, rows: Iterable, *, every: int = PROGRESS_EVERY) -> Iterator:
        """``rows`` unchanged, the progress told every ``every`` rows and at the end."""
        done = 0
        for done, row in enumerate(rows, start=1):
            if done % every == 0:
                self(done)
            yield row
        self(done)


def job_progress(job: Job) -> tuple[int, int]:
    """(rows done, rows in all) of ``job``: while it runs, what its function last told."""
    if job.state == State.DONE:
        return (job.total, job.total) if job.total else (1, 1)
    if job.state == State.RUNNING:
        kept = cache.get(_progress_key(job.pk))
        if kept is not None:
            return kept
    return job.done, job.total


def progress_percent(done: int, total: int) -> int:
    return min(100, done * 100 // total) if total else 0


# --- who asked, from where -------------------------------------------------------------------


class JobOrigin:
    """What the audit log reads of a request (its user, address and browser), for the
    entries a job writes when its work is done: the request that asked is long gone."""

    def __init__(self, job: Job):
        origin = job.parameters.get(ORIGIN_KEY, {})
        self.user = job.owner
        self.META = {
            "REMOTE_ADDR": origin.get("ip") or "",
            "HTTP_USER_AGENT": origin.get("user_agent", ""),
        }


def job_language(job: Job):
    """Translations in the language of the request that asked for ``job``."""
    language = job.parameters.get(ORIGIN_KEY, {}).get("language") or settings.LANGUAGE_CODE
    return translation.override(language)


# --- reads -------------------------------------------------------------------------------------


def jobs_of(user) -> QuerySet[Job]:
    """``user``'s jobs, the latest first (only the owner ever sees a job)."""
    return Job.objects.filter(owner=user).order_by("-created_at")


def job_expires_at(job: Job) -> datetime.datetime | None:
    """When the job's file is deleted (``JOB_FILES_DAYS`` after it ended)."""
    if job.finished_at is None:
        return None
    return job.finished_at + datetime.timedelta(days=settings.JOB_FILES_DAYS)


def job_may_download(job: Job, user) -> bool:
    """Whether ``user`` may download ``job``'s file now: the owner, still active, of a job
    done and not expired, who may still see what it holds (the kind's own check)."""
    if job.owner_id != getattr(user, "pk", None) or not user.is_active:
        return False
    if job.state != State.DONE or not job.result_file:
        return False
    if job_expires_at(job) <= timezone.now():
        return False
    kind = _kinds.get(job.kind)
    return kind is not None and (kind.may_download is None or kind.may_download(job))


# --- writes ------------------------------------------------------------------------------------


@transaction.atomic
def job_create(
    *,
    owner,
    kind: str,
    label: str,
    parameters: dict,
    request=None,
    total: int = 0,
    input_data: bytes | None = None,
) -> Job:
    """A queued job of ``kind`` for ``owner``; ``request`` (the one asking) is remembered
    for the audit log and the language; ``input_data`` is kept as the job's private input."""
    job_kind(kind)  # a kind nobody registered is a programming error: fail now
    origin = {"language": translation.get_language() or settings.LANGUAGE_CODE}
    if request is not None:
        origin["ip"] = client_ip(request)
        origin["user_agent"] = request.META.get("HTTP_USER_AGENT", "")[:300]
    job = Job(
        owner=owner,
        kind=kind,
        label=str(label)[:200],
        parameters={**parameters, ORIGIN_KEY: origin},
        total=total,
    )
    if input_data is not None:
        job.input_file.save("input.bin", ContentFile(input_data), save=False)
    job.save()
    return job


def _locked(job_pk) -> Job:
    return Job.objects.select_for_update().select_related("owner").get(pk=job_pk)


@transaction.atomic
def job_start(*, job_pk) -> Job | None:
    """Mark the job running (another attempt); ``None`` when it is already done (a task run
    twice does the work once)."""
    job = _locked(job_pk)
    if job.state == State.DONE:
        return None
    check_state(JOB_TRANSITIONS["start"], job.state)
    job.state = State.RUNNING
    job.started_at = timezone.now()
    job.attempts += 1
    job.error = ""
    job.save(update_fields=["state", "started_at", "attempts", "error"])
    cache.delete(_progress_key(job.pk))
    return job


@transaction.atomic
def job_finish(*, job: Job, output: JobOutput) -> Job:
    """Keep what the job made and mark it done; its input is no longer needed."""
    job = _locked(job.pk)
    check_state(JOB_TRANSITIONS["finish"], job.state)
    if output.file is not None:
        job.result_file.save(output.filename or "result", File(output.file), save=False)
        job.result_name = output.filename
    job.result = output.result
    if job.input_file:
        job.input_file.delete(save=False)
    job.state = State.DONE
    job.done = job.total
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))
    return job


@transaction.atomic
def job_fail(*, job: Job, message: str, again: bool = False) -> Job:
    """Record that an attempt failed with ``message`` (safe to show): queued again when a
    retry is planned (``again``), else failed for good."""
    job = _locked(job.pk)
    transition = JOB_TRANSITIONS["retry_later" if again else "fail"]
    check_state(transition, job.state)
    job.state = transition.target
    job.error = str(message)[:500]
    job.finished_at = None if again else timezone.now()
    if not again and job.input_file:
        job.input_file.delete(save=False)  # nothing will read it again
    job.save(update_fields=["state", "error", "finished_at", "input_file"])
    cache.delete(_progress_key(job.pk))
    return job


@transaction.atomic
def jobs_fail_interrupted(*, now: datetime.datetime | None = None) -> int:
    """Fail the jobs still running ``JOB_RUNNING_HOURS`` after their attempt started: their
    worker stopped mid-run (a restart, a crash) and nothing will finish them, so the page
    says so instead of showing them running for days. How many."""
    now = now or timezone.now()
    started_before = now - datetime.timedelta(hours=settings.JOB_RUNNING_HOURS)
    stale = Job.objects.filter(state=State.RUNNING, started_at__lt=started_before)
    count = 0
    for job in stale.select_for_update():
        message = gettext("The work was interrupted (the server stopped). Ask for it again.")
        job_fail(job=job, message=message)
        count += 1
    return count


@transaction.atomic
def jobs_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the jobs (and their files) that ended more than ``JOB_FILES_DAYS`` ago, and
    those that never ended within twice that; how many."""
    now = now or timezone.now()
    days = datetime.timedelta(days=settings.JOB_FILES_DAYS)
    old = Job.objects.filter(finished_at__lt=now - days) | Job.objects.filter(
        finished_at__isnull=True, created_at__lt=now - 2 * days
    )
    count = 0
    for job in old.select_for_update():
        for stored in (job.result_file, job.input_file):
            if stored:
                stored.delete(save=False)
        job.delete()
        count += 1
    return count
