"""Sessions that end: after a quiet spell, after a working day, when the account is
deactivated; and accounts with a one-time password that can only change it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from .accounts import EPOCH, LOGIN_AT, SEEN_AT, security_of, session_epoch
from .resume import keep_post

# Activity is written to the session at most once a minute, not on every request.
ACTIVITY_RESOLUTION_SECONDS = 60


class SessionLimitsMiddleware:
    """Log out (to the login page, with ``?next=`` and a message) when the session has been
    idle longer than ``SESSION_IDLE_SECONDS``, is older than ``SESSION_ABSOLUTE_SECONDS``,
    or was started before the account's sessions were ended (``AccountSecurity``).
    A session without these marks (started elsewhere, or before this check) is ended too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = self.reason_to_end(request, user)
            if reason:
                next_url = request.get_full_path()
                logout(request)
                keep_post(request)  # after logout: it lives in the new session
                messages.warning(request, reason)
                return redirect_to_login(next_url)
        return self.get_response(request)

    def reason_to_end(self, request, user) -> str:
        session = request.session
        now = timezone.now().timestamp()
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None or session.get(EPOCH) != session_epoch(user):
            return gettext("Your session has ended. Please log in again.")
        if now - seen_at > settings.SESSION_IDLE_SECONDS:
            return gettext(
                "You were logged out after %(minutes)d minutes without activity. "
                "Please log in again."
            ) % {"minutes": settings.SESSION_IDLE_SECONDS // 60}
        if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
            return gettext(
                "You were logged out %(hours)d hours after logging in. Please log in again."
            ) % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600}
        if now - seen_at >= ACTIVITY_RESOLUTION_SECONDS:
            session[SEEN_AT] = now
        return ""


class PasswordChangeRequiredMiddleware:
    """An account with a one-time password reaches only the password change page (and
    logout, static files, the icons and the language switch) until the user picks their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.must_change(request) and not self.is_allowed(request.path_info):
            if request.method == "GET":
                messages.warning(
                    request,
                    gettext(
                        "Your password was given to you by an administrator. "
                        "Choose your own password before you continue."
                    ),
                )
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def must_change(request) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        security = security_of(user)
        return security is not None and security.must_change_password

    @staticmethod
    def is_allowed(path: str) -> bool:
        allowed = {
            reverse("password_change"),
            reverse("password_change_done"),
            reverse("logout"),
            reverse("favicon"),
            reverse("manifest"),
        }
        static = "/" + settings.STATIC_URL.lstrip("/")
        prefixes = (static, reverse("set_language"))
        return path in allowed or path.startswith(prefixes)
