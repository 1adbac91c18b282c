"""Abstract models every app repeats (creation and update times, the audit line, the field
of the user who did something: no table, the apps' migrations stay as they are), and what
the project keeps about a login beyond Django's ``User`` (one row per user, made when first
needed).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .sealing import AppendOnlyModel, AppendOnlyQuerySet


def recorded_user(actor):
    """The user to record for ``actor``: ``None`` for an anonymous user or the system."""
    return actor if getattr(actor, "pk", None) else None


def reference(
    to, verbose_name, *, on_delete=models.PROTECT, optional=False, related_name=None, **options
):
    """The project's one way to declare a foreign key to ``to``: protected by default (a
    referenced row is not deleted under a record), ``optional`` (``null`` and ``blank``)
    when the row may not have it (yet); ``related_name`` and other options as Django's."""
    if optional:
        options.update(null=True, blank=True)
    if related_name is not None:
        options["related_name"] = related_name
    return models.ForeignKey(to, verbose_name=verbose_name, on_delete=on_delete, **options)


def user_reference(verbose_name, *, on_delete=models.PROTECT, optional=False):
    """The login account that did something to a row (signed, recorded, confirmed it).

    Not followed back from the user (``related_name="+"``): a user's actions are found in the
    rows, not on the user. ``optional`` when the row may not have it (yet).
    """
    return reference(
        settings.AUTH_USER_MODEL,
        verbose_name,
        on_delete=on_delete,
        optional=optional,
        related_name="+",
    )


class CreatedAtModel(models.Model):
    """A row that remembers when it was created."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedAtModel):
    """A row that remembers when it was created and last saved."""

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntryBase(AppendOnlyModel, CreatedAtModel):
    """One line per action: who did it, what it was, and what it recorded.

    Append-only (:class:`~core.sealing.AppendOnlyModel`; on PostgreSQL a trigger too). Each
    app adds what the action was done to; its ``Meta`` inherits this one's ordering.
    """

    actor = user_reference(_("actor"), on_delete=models.SET_NULL, optional=True)
    action = models.CharField(_("action"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta(AppendOnlyModel.Meta):
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.action


class AccountSecurity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_security",
    )
    # Every session remembers the epoch it started in; raising it ends them all, for good
    # (an old cookie does not come back when the account is active again).
    session_epoch = models.PositiveIntegerField(_("session epoch"), default=0)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for a one-time password: the user must choose their own first."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")

    def __str__(self):
        return str(self.user)


class AuditLog(AppendOnlyModel):
    """One line per security-relevant event: who did what, to what, where, when, from where.

    Append-only: ``save()`` adds a row and never changes one; ``delete()``, the querysets'
    and the base manager's bulk writes refuse (:class:`~core.sealing.AppendOnlyModel`); on
    PostgreSQL a trigger refuses UPDATE and DELETE from anyone, but for the deletion
    collector's ``SET_NULL`` of ``actor`` and ``content_type``. Written only through
    :func:`core.audit.audit_log`. ``core`` imports no project app: the unit is kept as its
    ``path`` and ``block`` text, which is all the scoping rule needs.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Login locked out")
        LOGOUT = "logout", _("Logged out")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        PASSWORD_REFUSED = "password_refused", _("Re-entered password refused")
        WORKFLOW = "workflow", _("Workflow step")
        SCORES_CHANGED = "scores_changed", _("Scores changed")
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export of personal data")
        PRINT = "print", _("Print page opened")
        ROLE_ADDED = "role_added", _("Role given")
        ROLE_CHANGED = "role_changed", _("Role changed")
        ROLE_REMOVED = "role_removed", _("Role taken away")
        USER_CREATED = "user_created", _("Login account created")
        USER_CHANGED = "user_changed", _("Login account changed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = user_reference(_("actor"), on_delete=models.SET_NULL, optional=True)
    actor_username = models.CharField(_("login name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    content_type = reference(
        ContentType,
        _("kind of object"),
        on_delete=models.SET_NULL,
        optional=True,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=1000, blank=True, db_index=True)
    unit_block = models.CharField(_("unit block"), max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)  # nobody is given add, change or delete

    def __str__(self):
        return f"{self.get_action_display()} – {self.actor_username or '-'}"


class SentEmail(models.Model):
    """An email the task queue has handed to the mail server, by its idempotency key, so that
    a task run twice (a retry, a worker restarted mid-task) does not send it twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self):
        return self.key


class WorkerHeartbeat(models.Model):
    """When a task worker last said it was alive (``manage.py worker`` writes it every
    ``WORKER_HEARTBEAT_SECONDS``); ``/healthz`` reads it."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker_id


def job_file_path(job, filename: str) -> str:
    """Where a job's file is kept: under the job's own id, never the name given."""
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """Work a user asked for that runs off the request path (a large export, a large
    import), its state and progress, and the file it made (downloaded only by its owner,
    through :class:`core.views.JobDownloadView`; ``/media/`` serves nothing).

    The state moves only through :mod:`core.jobs` (its ``JOB_TRANSITIONS`` table). What
    the job does is its ``kind``, a name an app registered with
    :func:`core.jobs.register_job_kind` (``core`` knows no app).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = reference(settings.AUTH_USER_MODEL, _("owner"), related_name="jobs")
    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("what was asked"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    input_file = models.FileField(_("input"), upload_to=job_file_path, blank=True)
    result_file = models.FileField(_("result"), upload_to=job_file_path, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        default_permissions = ("view",)  # made by the pages that start them, never edited
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="core_job_done_within_total",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
