"""Emails leave through the email task: after commit, once per key, retried when the mail
server fails (the database backend defers the retry), never inside the request."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import SentEmail
from core.notifications import send_after_commit
from core.tasks import MAX_ATTEMPTS, send_email

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _email(**overrides):
    return {
        "key": "k-1",
        "address": "lan@example.vn",
        "subject": "Chào",
        "body": "Nội dung",
        **overrides,
    }


def test_an_email_leaves_through_the_task_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit("lan@example.vn", lambda: ("Tiêu đề", "Nội dung"))
        assert mail.outbox == []  # nothing before the commit
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert SentEmail.objects.count() == 1


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_after_commit("lan@example.vn", lambda: ("Tiêu đề", "Nội dung"))
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_the_same_email_run_twice_is_sent_once():
    assert send_email.call(**_email()) is True
    assert send_email.call(**_email()) is False
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_no_mark_and_the_email_is_retried_later():
    with (
        override_settings(TASKS=DATABASE_TASKS),
        mock.patch("core.tasks.send_mail", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        send_email.call(**_email())
    assert not SentEmail.objects.exists()
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "core.tasks.send_email"
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)


def test_the_retries_stop_after_the_last_attempt():
    with (
        override_settings(TASKS=DATABASE_TASKS),
        mock.patch("core.tasks.send_mail", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        send_email.call(**_email(), attempt=MAX_ATTEMPTS)
    assert not DBTaskResult.objects.exists()


def test_with_the_database_backend_the_request_only_queues_the_email(
    django_capture_on_commit_callbacks,
):
    with (
        override_settings(TASKS=DATABASE_TASKS),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_after_commit("lan@example.vn", lambda: ("Tiêu đề", "Nội dung"))
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"]["address"] == "lan@example.vn"
    assert queued.status == "READY"
