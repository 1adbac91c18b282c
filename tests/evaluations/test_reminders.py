"""Deadline reminders."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from evaluations import services
from evaluations.services import reminders_due
from tests.factories.evaluations import fill, to_head_review

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_self_reminders_go_to_people_who_have_not_submitted(org):
    cycle = org.open_cycle(self_deadline=TODAY + datetime.timedelta(days=1))
    evaluation = org.evaluation(cycle, org.staff[0])
    fill(evaluation, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=evaluation, actor=org.staff[0].user)
    people = {person for person, _subject, _body in reminders_due(days=3)}
    assert org.staff[0] not in people
    assert set(org.staff[1:]) <= people


def test_no_reminder_before_the_horizon(org):
    org.open_cycle(self_deadline=TODAY + datetime.timedelta(days=10))
    assert reminders_due(days=3) == []


def test_head_and_colleague_reminders(org):
    soon = TODAY + datetime.timedelta(days=1)
    cycle = org.open_cycle(
        self_deadline=soon + datetime.timedelta(days=30),
        colleague_deadline=soon,
        head_deadline=soon,
    )
    first = org.evaluation(cycle, org.staff[0])
    fill(first, org.staff[0], "self", 8)
    services.self_assessment_submit(evaluation=first, actor=org.staff[0].user)
    services.colleagues_assign(evaluation=first, colleagues=[org.staff[1]], actor=org.head.user)
    to_head_review(org, org.evaluation(cycle, org.staff[2]))
    people = [person for person, _subject, _body in reminders_due(days=3)]
    assert org.staff[1] in people
    assert people.count(org.head) == 1


def test_command_sends_the_emails(org, django_capture_on_commit_callbacks):
    org.open_cycle(self_deadline=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_evaluation_reminders", "--days", "0", stdout=io.StringIO())
    assert len(mail.outbox) == 8
    assert "Nhắc hạn" in mail.outbox[0].subject


def test_the_command_run_twice_a_day_sends_each_reminder_once(
    org, django_capture_on_commit_callbacks
):
    org.open_cycle(self_deadline=TODAY)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            out = io.StringIO()
            call_command("send_evaluation_reminders", "--days", "0", stdout=out)
        assert out.getvalue().strip() == "8"  # queued both times, sent once
    assert len(mail.outbox) == 8
