"""The background jobs' own pages (core.jobs): the user's list, its cost, the pruning."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from tests.factories.jobs import JobFactory, done_job
from tests.factories.units import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 30])
def test_the_job_list_costs_the_same_at_any_size(client, django_assert_num_queries, count):
    user = UserFactory()
    JobFactory.create_batch(count, owner=user)
    JobFactory(owner=UserFactory(), label="Của người khác")
    client.force_login(user)

    # session, user, the jobs
    with django_assert_num_queries(3):
        response = client.get(reverse("jobs:list"))

    html = response.content.decode()
    assert html.count("<tr><td><a href=") == min(count, 20)
    assert "Của người khác" not in html


def test_the_list_links_to_the_job_page_with_its_state(client):
    user = UserFactory()
    job = done_job(user)
    client.force_login(user)

    html = client.get(reverse("jobs:list")).content.decode()

    assert reverse("jobs:detail", args=[job.pk]) in html
    assert "Hoàn thành" in html
    assert "7 ngày" in html


def test_prune_jobs_deletes_the_jobs_ended_a_week_ago_with_their_files(capsys):
    user = UserFactory()
    old = done_job(user)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    recent = done_job(user)
    storage = old.result_file.storage

    call_command("prune_jobs")

    assert list(Job.objects.all()) == [recent]
    assert not storage.exists(old.result_file.name)
    assert storage.exists(recent.result_file.name)
    assert "1 job(s) deleted" in capsys.readouterr().out


def test_a_job_whose_worker_stopped_mid_run_is_failed_with_a_message(client, capsys):
    user = UserFactory()
    started = timezone.now() - datetime.timedelta(hours=3)
    lost = JobFactory(owner=user, state=Job.State.RUNNING, started_at=started)
    running = JobFactory(owner=user, state=Job.State.RUNNING, started_at=timezone.now())

    call_command("prune_jobs")

    lost.refresh_from_db()
    running.refresh_from_db()
    assert (lost.state, running.state) == (Job.State.FAILED, Job.State.RUNNING)
    assert lost.finished_at is not None
    assert "1 interrupted job(s) failed" in capsys.readouterr().out
    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[lost.pk])).content.decode()
    assert "Công việc bị gián đoạn" in page
