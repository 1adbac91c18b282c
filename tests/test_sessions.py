"""Sessions end: after 30 idle minutes, 12 hours after login, and for good when the login or
its person is deactivated; an inactive person cannot write; a one-time password must be
changed before anything else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.errors import NotAllowedError
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory, UnitFactory, UserFactory
from units.services import person_create_login

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LOGIN = reverse("login")


@pytest.fixture
def clock(monkeypatch):
    """Move the clock: ``clock(minutes=31)`` puts ``timezone.now()`` that far ahead."""
    start = timezone.now()

    def move(**delta):
        moment = start + datetime.timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


def is_sent_to_login(response, next_url=HOME) -> bool:
    return response.status_code == 302 and response.url == f"{LOGIN}?next={next_url}"


def test_a_fresh_session_opens_pages(client):
    client.force_login(UserFactory())
    assert client.get(HOME).status_code == 200


def test_idle_for_more_than_thirty_minutes_logs_out_with_a_message(client, clock):
    client.force_login(UserFactory())
    clock(minutes=31)
    response = client.get(HOME)
    assert is_sent_to_login(response)
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "không thao tác trong 30 phút" in page


def test_activity_keeps_the_session_alive(client, clock):
    client.force_login(UserFactory())
    for minutes in (20, 40, 60, 80):
        clock(minutes=minutes)
        assert client.get(HOME).status_code == 200


def test_twelve_hours_after_login_the_session_ends_however_active(client, clock):
    client.force_login(UserFactory())
    for minutes in range(20, 12 * 60, 20):
        clock(minutes=minutes)
        assert client.get(HOME).status_code == 200
    clock(minutes=12 * 60 + 5)
    response = client.get(HOME)
    assert is_sent_to_login(response)
    assert "đã đăng nhập quá 12 giờ" in client.get(response.url).content.decode()


def test_a_logged_out_post_keeps_where_it_was_going(client, clock):
    person = PersonFactory()
    client.force_login(person.user)
    clock(minutes=45)
    url = reverse("password_change")
    assert is_sent_to_login(client.post(url, {}), next_url=url)


def test_deactivating_the_login_ends_its_sessions_and_reactivating_does_not_revive_them(client):
    user = UserFactory()
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(HOME).status_code == 302
    user.is_active = True
    user.save()
    assert is_sent_to_login(client.get(HOME))
    client.force_login(user)  # a new login works again
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("with_its_login", [False, True])
def test_deactivating_the_person_ends_the_sessions_for_good(client, with_its_login):
    person = PersonFactory()
    client.force_login(person.user)
    assert client.get(HOME).status_code == 200
    person.is_active = False
    person.save()
    if with_its_login:
        person.user.is_active = False
        person.user.save()
    assert client.get(HOME).status_code == 302
    person.is_active = True
    person.save()
    person.user.is_active = True
    person.user.save()
    assert is_sent_to_login(client.get(HOME))


def test_deactivating_a_person_without_a_login_is_fine():
    person = PersonFactory(user=None)
    person.is_active = False
    person.save()


def test_a_roster_import_that_deactivates_a_person_ends_their_sessions(client):
    from units.accounts import people_saved
    from units.models import Person

    person = PersonFactory()
    client.force_login(person.user)
    loaded = Person.objects.get(pk=person.pk)
    loaded.is_active = False
    Person.objects.bulk_update([loaded], ["is_active"])  # what the import does: no signals
    people_saved([loaded])
    assert is_sent_to_login(client.get(HOME))


def test_an_inactive_person_cannot_save_a_draft():
    from evaluations import services
    from tests.factories.evaluations import Org, full_scores

    org = Org()
    evaluation = org.evaluation(org.open_cycle(), org.staff[0])
    person = org.staff[0]
    person.is_active = False
    person.save()
    user = type(person.user).objects.get(pk=person.user_id)  # a fresh request's user
    with pytest.raises(NotAllowedError):
        services.assessment_save_draft(
            evaluation=evaluation,
            assessor=person,
            kind="self",
            scores=full_scores(evaluation, 8),
            actor=user,
        )


def test_an_inactive_person_still_reads_what_they_could(client):
    from units.permissions import can

    person = PersonFactory(is_active=False)
    assert can(person.user, "units.view_person", person)
    assert not can(person.user, "units.change_person", person)


# --- one-time passwords ---------------------------------------------------------------------


@pytest.fixture
def newcomer():
    person = PersonFactory(user=None, unit=UnitFactory())
    password = person_create_login(person=person)
    person.refresh_from_db()
    return person.user, password


def test_a_generated_password_is_marked_to_be_changed(newcomer):
    user, _password = newcomer
    assert user.account_security.must_change_password


@pytest.mark.parametrize("path", [HOME, reverse("units:unit_list"), "/quan-tri/"])
def test_every_page_sends_a_one_time_password_to_the_change_page(client, newcomer, path):
    user, _password = newcomer
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302 and response.url == reverse("password_change")


def test_the_change_page_logout_and_static_files_stay_reachable(client, newcomer):
    user, _password = newcomer
    client.force_login(user)
    page = client.get(HOME, follow=True)
    assert page.redirect_chain == [(reverse("password_change"), 302)]
    assert page.status_code == 200
    assert "Hãy đặt mật khẩu của riêng bạn" in page.content.decode()
    assert client.get("/static/css/site.css").status_code == 200
    assert client.get("/static/css/site.css").get("Location") is None
    assert client.post(reverse("logout")).url == reverse("login")


def test_after_the_change_pages_open_again(client, newcomer):
    user, password = newcomer
    client.force_login(user)
    new = "Hoa-sen-no-ruc-ro-7"
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.url == reverse("password_change_done")
    assert client.get(HOME).status_code == 200
    user.refresh_from_db()
    assert not user.account_security.must_change_password


def test_logins_made_by_the_factories_need_no_change(client):
    user = UserFactory()
    assert client.post(LOGIN, {"username": user.username, "password": DEFAULT_PASSWORD}).url
    assert client.get(HOME).status_code == 200
