"""The gate every page behind a login goes through, the confirmation step of actions that
cannot be undone, and the password change page."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from . import jobs
from .accounts import account_password_changed
from .audit import audit_log
from .models import AuditLog, Job
from .resume import keep_post


class AccessRefused(Http404):
    """A 404 that a permission rule caused (not a missing id): the visitor sees the same 404,
    the gate records the refusal in the audit log. ``obj`` is what was refused, when known;
    ``unit`` (anything with ``path`` and ``block``) where it belongs."""

    def __init__(self, *, obj=None, unit=None, permission: str = ""):
        super().__init__()
        self.obj = obj
        self.unit = unit
        self.permission = permission


class ProtectedViewMixin(LoginRequiredMixin):
    """The one gate of every page behind a login: anonymous visitors go to the login page;
    for a logged-in user ``check_access()`` runs before the handler and raises ``Http404``
    (never 403, so that trying ids or pages reveals nothing) when the user may not see it.
    An :class:`AccessRefused` raised there or in the handler is recorded once, here.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            # A method the view does not take at all is a 405 from View.dispatch, unchecked.
            if request.user.is_authenticated and request.method.lower() in self.http_method_names:
                self.check_access()
            return super().dispatch(request, *args, **kwargs)
        except AccessRefused as refusal:
            audit_log(
                action=AuditLog.Action.ACCESS_REFUSED,
                request=request,
                obj=refusal.obj,
                unit=refusal.unit,
                data={
                    "path": request.path,
                    "method": request.method,
                    "view": type(self).__name__,
                    "permission": refusal.permission,
                },
            )
            raise

    def check_access(self) -> None:
        """Raise ``Http404`` unless the user may open this page (here: any logged-in user)."""

    def handle_no_permission(self):
        # A form posted by someone whose session is gone comes back after the login.
        if not self.request.user.is_authenticated:
            keep_post(self.request)
        return super().handle_no_permission()


USED_TOKENS_KEY = "used_form_tokens"
KEPT_TOKENS = 200


def new_form_token() -> str:
    return secrets.token_urlsafe(16)


def consume_form_token(request) -> bool:
    """True the first time a form's token is posted; False when it is missing or was
    already used (a double click, a reload, the back button), so nothing happens twice.
    """
    token = request.POST.get("form_token", "")
    if not token:
        return False
    used = request.session.get(USED_TOKENS_KEY, [])
    if token in used:
        return False
    request.session[USED_TOKENS_KEY] = [*used, token][-KEPT_TOKENS:]
    return True


def refuse_repeated_post(request) -> None:
    messages.warning(
        request, gettext("This form had already been sent; nothing was changed the second time.")
    )


class ConfirmActionMixin:
    """The confirmation step of an action that cannot be undone (GOV.UK's confirmation
    page), without JavaScript: a GET, or a POST without ``confirmed=1`` (a button of another
    page), shows what will happen with a form to confirm and a link back; the confirmed POST
    acts once. A second confirmed POST of the same page (double click, reload, back button)
    changes nothing and says so. The page only displays: the rules stay in the services,
    whose refusal is shown in the form (its error summary) or, without a form, as a message.

    A view names ``confirm_title``, ``confirm_button``, ``done_message`` and implements
    ``perform(form)`` (the service call; may return a response), ``cancel_url()`` and
    ``confirm_lines()`` (what will happen, one sentence a line). ``confirm_form_class`` is
    the form of what the action needs (a reason, the password); the fields a first page
    posted are carried into it, except ``secret_fields``. ``refusal()`` says why the action
    is not possible now (the page is then not shown: the message and a way back are).
    """

    confirm_template_name = "confirm.html"
    confirm_title = ""
    confirm_button = _("Confirm")
    confirm_button_class = "btn-primary"
    confirm_form_class = None
    #: The confirmation form's field a refusal of the service concerns (the password), or
    #: ``None``: the refusal is shown as the form's own error.
    service_error_field = "password"
    secret_fields: tuple[str, ...] = ("password",)
    done_message = ""

    # --- what a view says -----------------------------------------------------------------

    def confirm_lines(self) -> list[str]:
        return []

    def confirm_warning(self) -> str:
        return gettext("This cannot be undone.")

    def cancel_url(self) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        return self.cancel_url()

    def refusal(self) -> str:
        """Why the action cannot be taken now ("" when it can)."""
        return ""

    def needs_confirmation(self) -> bool:
        """False lets a POST act without the confirmation page (nothing to warn about)."""
        return True

    def confirm_form_kwargs(self) -> dict:
        return {}

    def perform(self, form):
        raise NotImplementedError

    # --- the steps ------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.info(request, refusal)
            return redirect(self.cancel_url())
        return self.render_confirmation(self.make_confirm_form())

    def post(self, request, *args, **kwargs):
        confirmed = request.POST.get("confirmed") == "1"
        if confirmed and not consume_form_token(request):
            refuse_repeated_post(request)
            return redirect(self.done_url())
        refusal = self.refusal()
        if refusal:
            messages.info(request, refusal)
            return redirect(self.cancel_url())
        if not confirmed and self.needs_confirmation():
            carried = {
                key: value
                for key, value in request.POST.items()
                if key not in self.secret_fields and key not in ("csrfmiddlewaretoken",)
            }
            return self.render_confirmation(self.make_confirm_form(initial=carried))
        form = self.make_confirm_form(data=request.POST)
        if form is not None and not form.is_valid():
            return self.render_confirmation(form)
        try:
            response = self.perform(form)
        except ValidationError as error:
            form = None if self.refusal() else self.make_confirm_form(data=request.POST)
            if form is None:
                messages.error(request, " ".join(str(message) for message in error.messages))
                if self.refusal():
                    return redirect(self.cancel_url())
                return self.render_confirmation(None)
            # The service's answer belongs to the form (its error summary links to the field).
            form.is_valid()
            field = self.service_error_field if self.service_error_field in form.fields else None
            form.add_error(field, error)
            return self.render_confirmation(form)
        if response is not None:
            return response
        if self.done_message:
            messages.success(request, str(self.done_message))
        return redirect(self.done_url())

    def make_confirm_form(self, *, data=None, initial=None):
        if self.confirm_form_class is None:
            return None
        if data is not None:
            return self.confirm_form_class(data, **self.confirm_form_kwargs())
        return self.confirm_form_class(initial=initial, **self.confirm_form_kwargs())

    def confirm_context(self) -> dict:
        """More context for a view's own confirmation template."""
        return {}

    def render_confirmation(self, form):
        context = {
            "title": self.confirm_title,
            "lines": self.confirm_lines(),
            "warning": self.confirm_warning(),
            "form": form,
            "button": self.confirm_button,
            "button_class": self.confirm_button_class,
            "cancel_url": self.cancel_url(),
            "form_token": new_form_token(),
            **self.confirm_context(),
        }
        return TemplateResponse(self.request, self.confirm_template_name, context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change page, which also lifts the "must change password" mark."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_password_changed(user=form.user)
        return response


# --- background jobs (core.jobs) ----------------------------------------------------------------

RECENT_JOBS = 20


class JobMixin(ProtectedViewMixin):
    """Loads the job of the address; only its owner sees it (anyone else: a 404, recorded)."""

    def check_access(self) -> None:
        self.job = jobs.jobs_of(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if self.job is None:
            raise AccessRefused(obj=Job.objects.filter(pk=self.kwargs["pk"]).first())


class JobDetailView(JobMixin, TemplateView):
    """A job's state and progress; reloads itself while the job is not finished."""

    template_name = "jobs/job_detail.html"

    def get_context_data(self, **kwargs):
        done, total = jobs.job_progress(self.job)
        return super().get_context_data(
            job=self.job,
            done=done,
            total=total,
            percent=jobs.progress_percent(done, total),
            expires_at=jobs.job_expires_at(self.job),
            may_download=jobs.job_may_download(self.job, self.request.user),
            **kwargs,
        )


class JobDownloadView(JobMixin, View):
    """The file a job made, for its owner, while they may still see it."""

    def get(self, request, *args, **kwargs):
        if not jobs.job_may_download(self.job, request.user):
            raise Http404
        handle = self.job.result_file.open("rb")
        return FileResponse(handle, as_attachment=True, filename=self.job.result_name)


class JobListView(ProtectedViewMixin, TemplateView):
    """The user's recent jobs."""

    template_name = "jobs/job_list.html"

    def get_context_data(self, **kwargs):
        recent = list(jobs.jobs_of(self.request.user)[:RECENT_JOBS])
        return super().get_context_data(jobs=recent, job_days=settings.JOB_FILES_DAYS, **kwargs)
