"""Emails that leave only once the transaction that caused them has committed."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .tasks import new_key, send_email


def send_after_commit(
    address: str, subject_body: Callable[[], tuple[str, str]], *, key: str = ""
) -> None:
    """Queue ``subject_body()`` (a pair) for ``address`` once the current transaction commits.

    The texts are built at commit time, in ``settings.LANGUAGE_CODE`` (the users' language),
    and sent by the ``core.tasks.send_email`` task (by the worker in production, at once in
    development); nothing is queued without an address. ``key`` names the email for
    idempotency (the same key is sent once, e.g. one reminder per person, step and day);
    by default each call is its own email.
    """
    if not address:
        return
    key = key or new_key()

    def enqueue():
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = subject_body()
        send_email.enqueue(key=key, address=address, subject=str(subject), body=str(body))

    transaction.on_commit(enqueue)
