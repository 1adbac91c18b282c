"""django-axes, adapted: the client address behind the intranet proxy, when a lockout ends,
and the page that says so in the user's language ("Thử lại sau HH:MM")."""

import datetime

from axes.helpers import (
    get_client_parameters,
    get_client_username,
    get_cool_off,
    get_failure_limit,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from .time import local_today, local_zone


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` proxies
    that each append to ``X-Forwarded-For``, the address the outermost proxy saw.

    Behind a proxy REMOTE_ADDR is the proxy itself: counting failures per that address
    would lock the whole district out after a few mistakes.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def lockout_ends_at(request, credentials: dict | None = None) -> datetime.datetime | None:
    """When the lockout that refuses this request lifts (None when it is not locked out).

    Each kind of counter (per username, per address) adds up the recorded failures younger
    than the cool-off; a counter stays at the limit until its oldest failures needed to
    reach the limit are older than the cool-off. Failures while locked out move it on.
    """
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    limit = get_failure_limit(request, credentials)
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    username = get_client_username(request, credentials)
    ends = []
    for filters in get_client_parameters(
        username,
        getattr(request, "axes_ip_address", None),
        getattr(request, "axes_user_agent", ""),
        request,
        credentials,
    ):
        rows = AccessAttempt.objects.filter(**filters, attempt_time__gte=now - cool_off)
        total = 0
        for failures, attempt_time in rows.order_by("-attempt_time").values_list(
            "failures_since_start", "attempt_time"
        ):
            total += failures
            if total >= limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends) if ends else None


def lockout_message(until: datetime.datetime | None) -> str:
    """ "Too many failed attempts… Try again after HH:MM" (Hà Nội time)."""
    if until is None:
        return gettext(
            "Too many wrong passwords: this login is locked. Ask an administrator to unlock it."
        )
    local = timezone.localtime(until, local_zone())
    if local.date() == local_today():
        return gettext(
            "Too many wrong passwords: this login is locked for a while. Try again after %(time)s."
        ) % {"time": local.strftime("%H:%M")}
    return gettext(
        "Too many wrong passwords: this login is locked for a while. Try again after "
        "%(time)s on %(date)s."
    ) % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y")}


def lockout_response(request, original_response=None, credentials=None):
    """Axes' ``AXES_LOCKOUT_CALLABLE``: the login page's lockout notice, status 429."""
    until = lockout_ends_at(request, credentials)
    return render(
        request,
        "registration/locked_out.html",
        {"lockout_message": lockout_message(until), "until": until},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
