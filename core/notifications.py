"""Emails that leave only once the transaction that caused them has committed."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation


def send_after_commit(address: str, subject_body: Callable[[], tuple[str, str]]) -> None:
    """Send ``subject_body()`` (a pair) to ``address`` once the current transaction commits.

    The texts are built at send time, in ``settings.LANGUAGE_CODE`` (the users' language);
    nothing is queued without an address, and a failing mail server loses the email only.
    """
    if not address:
        return

    def deliver():
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = subject_body()
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)

    transaction.on_commit(deliver)
