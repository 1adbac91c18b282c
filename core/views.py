"""The gate every page behind a login goes through, and the password change page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from .accounts import account_password_changed
from .audit import audit_log
from .models import AuditLog
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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change page, which also lifts the "must change password" mark."""

    def form_valid(self, form):
        response = super().form_valid(form)
        account_password_changed(user=form.user)
        return response
