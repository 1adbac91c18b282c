"""A form posted after the session ended is not lost: its fields are kept in the new,
anonymous session and given back to the same page once the user has logged in again
(Django keeps session data across the login). Passwords and one-time tokens are never kept.
"""

from django.http import QueryDict

RESUME_KEY = "resume_post"
NEVER_KEPT = {"csrfmiddlewaretoken", "form_token", "password", "password1", "password2"}


def keep_post(request) -> None:
    """Remember what ``request`` posted, for the page it was posted to."""
    if request.method != "POST":
        return
    fields = {
        name: request.POST.getlist(name)
        for name in request.POST
        if name not in NEVER_KEPT and "password" not in name
    }
    if fields:
        request.session[RESUME_KEY] = {"path": request.path, "fields": fields}


def resumed_post(request) -> QueryDict | None:
    """What was posted to this page before the session ended, once (None when nothing)."""
    kept = request.session.get(RESUME_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[RESUME_KEY]
    data = QueryDict(mutable=True)
    for name, values in kept["fields"].items():
        data.setlist(name, values)
    return data
