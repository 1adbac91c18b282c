"""A self-assessment posted after the session ended comes back, unsaved, after the login."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.resume import RESUME_KEY
from evaluations.models import Assessment
from tests.factories.units import DEFAULT_PASSWORD

from .pages import form_token, self_data

pytestmark = pytest.mark.django_db


def _log_in(client, person):
    response = client.post(
        reverse("login"), {"username": person.user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def _later(monkeypatch, minutes):
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.parametrize("how", ["idle", "cookie_gone"])
def test_the_typed_form_comes_back_after_the_login(client, org, evaluation, monkeypatch, how):
    person = org.staff[0]
    _log_in(client, person)
    url = reverse("evaluations:self_form", args=[evaluation.pk])
    data = {
        **self_data(evaluation, 7, strengths="Đã gõ trước khi hết phiên."),
        "form_token": form_token(client, url),
        "action": "save",
    }
    if how == "idle":
        _later(monkeypatch, minutes=45)
    else:
        client.cookies.clear()

    response = client.post(url, data)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Assessment.objects.filter(evaluation=evaluation).exists()
    assert "form_token" not in client.session[RESUME_KEY]["fields"]
    monkeypatch.undo()
    _log_in(client, person)
    page = client.get(url).content.decode()
    assert "Đã gõ trước khi hết phiên." in page
    assert 'value="7"' in page
    assert not Assessment.objects.filter(evaluation=evaluation).exists()  # nothing saved
    assert RESUME_KEY not in client.session  # given back once


def test_a_password_is_never_kept(rf, client):
    from django.contrib.sessions.backends.db import SessionStore

    from core.resume import keep_post

    request = rf.post("/cam-ket/1/", {"typed_name": "Nguyễn Thị Lan", "password": "bí mật"})
    request.session = SessionStore()

    keep_post(request)

    assert request.session[RESUME_KEY]["fields"] == {"typed_name": ["Nguyễn Thị Lan"]}
