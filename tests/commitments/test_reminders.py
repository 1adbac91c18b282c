"""Reminders: N days before each deadline, never twice for a person and a step."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from commitments import services
from commitments.models import ReminderLog
from commitments.permissions import Office
from units.models import Block

pytestmark = pytest.mark.django_db


def _campaign_due_in(org, days):
    today = datetime.date.today()
    deadline = today + datetime.timedelta(days=days)
    return org.open_campaign(unit_deadline=deadline, final_deadline=deadline)


def test_the_command_reminds_everyone_pending_once_per_deadline(
    org, django_capture_on_commit_callbacks
):
    campaign = _campaign_due_in(org, 2)
    org.sign_online(campaign, org.staff[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_commitment_reminders", "--days", "3")
    first = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_commitment_reminders", "--days", "3")

    assert first == 7  # eight people, one has signed
    assert len(mail.outbox) == first
    assert ReminderLog.objects.count() == 7
    assert "Nhắc việc" in mail.outbox[0].subject


def test_nobody_is_reminded_before_the_window(org):
    _campaign_due_in(org, 10)
    assert services.reminders_send(days=3) == 0


def test_separate_deadlines_are_separate_steps(org):
    today = datetime.date.today()
    campaign = org.open_campaign(unit_deadline=today, final_deadline=today)
    campaign.final_deadline = today + datetime.timedelta(days=1)
    campaign.save()
    assert services.reminders_send(days=3) == 16  # two steps for each of the eight people
    assert services.reminders_send(days=3) == 0


def test_the_office_reminds_its_missing_people_once_a_day(org):
    campaign = _campaign_due_in(org, 20)
    office = Office(campaign, org.ward, Block.GOVERNMENT)

    assert services.office_remind(office=office, actor=org.gov_clerk) == 3
    assert services.office_remind(office=office, actor=org.gov_clerk) == 0
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert services.office_remind(office=office, actor=org.gov_clerk, today=tomorrow) == 3
