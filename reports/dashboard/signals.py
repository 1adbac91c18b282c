"""Note at login whether the user has reports, so the navbar needs no query on each page."""

from .scope import remember_visibility, report_scope_for


def remember_reports_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_visibility(request.session, report_scope_for(user))
