"""Work done off the request path (Django's tasks API, the ``django-tasks`` backport).

Development and tests use the immediate backend (a task runs where it is enqueued, so
``make run`` needs no worker); production uses ``django-tasks-db``'s database backend and
``manage.py worker``. Every task here is idempotent (safe to run twice) and retried with a
growing delay when the backend can defer (the database backend), each attempt being its
own row in the admin's task list.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from . import jobs
from .models import Job, SentEmail, WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def retry_later(task_obj, *, attempt: int, kwargs: dict) -> bool:
    """Enqueue ``task_obj`` again with ``attempt + 1`` after 1, 4, 16, 64 minutes; ``False``
    when the attempts are used up or the backend cannot run a task later (immediate)."""
    if attempt >= MAX_ATTEMPTS or not task_obj.get_backend().supports_defer:
        return False
    delay = datetime.timedelta(minutes=4 ** (attempt - 1))
    task_obj.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
    return True


def open_once(scoped, *, this_task, attempt: int, kwargs: dict, open_it, count_rows) -> int:
    """Run the opening of a cycle or campaign (``open_it()``) so that running the task twice
    is safe: ``scoped`` already opened (``opened_at``), by an earlier run or meanwhile by
    another, answers ``count_rows()``. A refusal (``ValidationError``) is final; any other
    failure (the database away) enqueues ``this_task`` again with ``kwargs``."""
    if scoped.opened_at is not None:
        return count_rows()
    try:
        return open_it()
    except ValidationError:
        scoped.refresh_from_db()
        if scoped.opened_at is not None:
            return count_rows()
        raise
    except Exception:
        retry_later(this_task, attempt=attempt, kwargs=kwargs)
        raise


def enqueue_or_answer(task_obj, *, failed: Exception, **kwargs):
    """Enqueue ``task_obj``; its return value when the backend ran it at once (development,
    tests), ``None`` when a worker will. A task the backend ran and that failed raises
    ``failed``."""
    result = task_obj.enqueue(**kwargs)
    if not result.is_finished:
        return None
    if result.status != "SUCCESSFUL":
        raise failed
    return result.return_value


def describe_result(result) -> str:
    """What a command prints of a task it enqueued: the task's return value when it already
    ran (immediate backend), ``FAILED``, or ``queued <id>`` for the worker."""
    if result.is_finished:
        return f"{result.return_value}" if result.status == "SUCCESSFUL" else "FAILED"
    return f"queued {result.id}"


def new_key() -> str:
    """An idempotency key for work enqueued once."""
    return uuid.uuid4().hex


@task()
def send_email(*, key: str, address: str, subject: str, body: str, attempt: int = 1) -> bool:
    """Send one email unless the email of ``key`` was already sent; ``False`` when skipped.

    The mark is written in the same transaction as the sending: a failing mail server
    leaves no mark and the task is retried. (A worker killed between the server's answer
    and the commit sends the email again: at least once, never silently lost.)
    """
    if SentEmail.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except IntegrityError:
        return False  # another run of the same email got there first
    except Exception:
        kwargs = {"key": key, "address": address, "subject": subject, "body": body}
        if retry_later(send_email, attempt=attempt, kwargs=kwargs):
            logger.warning("email %s failed (attempt %d), retried later", key, attempt)
        else:
            logger.exception("email %s failed for good (attempt %d)", key, attempt)
        raise
    return True


def start_job(*, request, **job_fields) -> Job:
    """Create the job ``request``'s user asks for (:func:`core.jobs.job_create`'s other
    arguments) and enqueue its run; with the immediate backend (development, tests) it is
    done when this returns."""
    job = jobs.job_create(owner=request.user, request=request, **job_fields)
    run_job.enqueue(job_pk=str(job.pk))
    job.refresh_from_db()
    return job


@task()
def run_job(*, job_pk: str, attempt: int = 1) -> str:
    """Do the job ``job_pk`` once: a job already done is not done again; a refusal
    (:class:`core.jobs.JobRefused`) fails it for good with its message; any other failure
    (the database away) is retried later as the other tasks are, else fails it."""
    job = jobs.job_start(job_pk=job_pk)
    if job is None:
        return "already done"
    with jobs.job_language(job):
        try:
            output = jobs.job_kind(job.kind).run(job, jobs.Progress(job))
        except jobs.JobRefused as refusal:
            jobs.job_fail(job=job, message=" ".join(refusal.messages))
            return "refused"
        except Exception:
            again = retry_later(run_job, attempt=attempt, kwargs={"job_pk": job_pk})
            message = (
                gettext("An attempt failed; the job is tried again in a few minutes.")
                if again
                else gettext("The job failed. Try again later, or ask an administrator.")
            )
            jobs.job_fail(job=job, message=message, again=again)
            logger.exception("job %s (%s) failed, attempt %d", job_pk, job.kind, attempt)
            raise
        jobs.job_finish(job=job, output=output)
    return "done"


def heartbeat_beat(*, worker_id: str) -> None:
    """Record that the worker ``worker_id`` is alive now (and forget workers silent for a
    day: each start of a worker has a new id)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id[:64], defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()


def heartbeat_last_seen() -> datetime.datetime | None:
    """When any worker last said it was alive."""
    latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    return latest.seen_at if latest else None
