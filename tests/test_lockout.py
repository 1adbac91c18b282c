"""Guessing is stopped: wrong passwords lock a login name and an address for a while, at the
login page and when a password is re-entered to sign; failures are kept; the district's
administrators unlock."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from commitments import services as commitment_services
from commitments.errors import CommitmentError
from core.time import local_zone
from evaluations import services as evaluation_services
from evaluations.errors import NotAllowedError
from evaluations.models import State
from tests.confirming import confirm
from tests.factories.units import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def log_in(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, ip="127.0.0.1"):
    for _ in range(times):
        log_in(client, username, "sai-mat-khau", ip)


def try_again_text() -> str:
    attempt = AccessAttempt.objects.order_by("-attempt_time").first()
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=15), local_zone())
    return f"Thử lại sau {until:%H:%M}"


def age_failures(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_settings_lock_after_five_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]


def test_four_failures_do_not_lock(client):
    user = UserFactory()
    fail(client, user.username, 4)
    assert log_in(client, user.username, DEFAULT_PASSWORD).status_code == 302
    assert logged_in(client)


def test_after_five_failures_the_right_password_is_refused_with_the_time_to_try_again(client):
    user = UserFactory()
    fail(client, user.username, 5)
    response = log_in(client, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Đăng nhập bị khóa" in page
    assert try_again_text() in page


def test_after_the_cool_off_the_right_password_works(client):
    user = UserFactory()
    fail(client, user.username, 5)
    age_failures(16)
    assert log_in(client, user.username, DEFAULT_PASSWORD).status_code == 302
    assert logged_in(client)


def test_one_address_guessing_many_names_is_locked_for_every_name(client):
    victims = [UserFactory() for _ in range(5)]
    for victim in victims:
        fail(client, victim.username, 1, ip="10.1.1.1")
    other = UserFactory()
    assert log_in(client, other.username, DEFAULT_PASSWORD, ip="10.1.1.1").status_code == 429
    assert log_in(client, other.username, DEFAULT_PASSWORD, ip="10.2.2.2").status_code == 302


def test_logging_in_with_ones_own_account_does_not_reset_the_addresss_counter(client):
    victim, guesser = UserFactory(), UserFactory()
    fail(client, victim.username, 4, ip="10.1.1.1")
    assert log_in(client, guesser.username, DEFAULT_PASSWORD, ip="10.1.1.1").status_code == 302
    client.logout()
    fail(client, victim.username, 1, ip="10.1.1.1")
    assert log_in(client, victim.username, DEFAULT_PASSWORD, ip="10.7.7.7").status_code == 429


def test_one_name_guessed_from_many_addresses_is_locked_from_every_address(client):
    user = UserFactory()
    for number in range(5):
        fail(client, user.username, 1, ip=f"10.0.0.{number + 1}")
    assert log_in(client, user.username, DEFAULT_PASSWORD, ip="10.9.9.9").status_code == 429


def test_failures_are_recorded_without_the_password(client):
    user = UserFactory()
    fail(client, user.username, 2, ip="10.3.3.3")
    attempt = AccessAttempt.objects.get(username=user.username)
    assert attempt.failures_since_start == 2
    assert attempt.ip_address == "10.3.3.3"
    assert "sai-mat-khau" not in attempt.post_data
    assert AccessFailureLog.objects.filter(username=user.username).count() == 2


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    client.post(
        LOGIN,
        {"username": user.username, "password": "sai"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 192.168.1.20",
    )
    assert AccessAttempt.objects.get().ip_address == "192.168.1.20"


# --- the password re-entered to sign counts the same --------------------------------------


@pytest.fixture
def concluded(db):
    from tests.factories.evaluations import Org, to_concluded

    org = Org()
    evaluation = org.evaluation(org.open_cycle(), org.staff[0])
    to_concluded(org, evaluation)
    return org, evaluation


def signing_request(ip="10.5.5.5"):
    return RequestFactory().post("/danh-gia/ky-duyet/", REMOTE_ADDR=ip)


def test_wrong_passwords_at_sign_off_lock_the_login(client, concluded):
    org, evaluation = concluded
    head = org.head.user
    for _ in range(4):
        with pytest.raises(NotAllowedError) as refused:
            evaluation_services.evaluation_sign_off(
                evaluation=evaluation, actor=head, password="sai", request=signing_request()
            )
        assert refused.value.code == "bad_password"
    assert AccessFailureLog.objects.filter(username=head.username).count() == 4
    fail(client, head.username, 1)
    assert log_in(client, head.username, DEFAULT_PASSWORD).status_code == 429


def test_a_locked_login_cannot_sign_off_even_with_the_right_password(client, concluded):
    org, evaluation = concluded
    head = org.head.user
    fail(client, head.username, 5)
    with pytest.raises(NotAllowedError) as refused:
        evaluation_services.evaluation_sign_off(
            evaluation=evaluation, actor=head, password=DEFAULT_PASSWORD, request=signing_request()
        )
    assert refused.value.code == "locked"
    assert "Thử lại sau" in refused.value.messages[0]
    evaluation.refresh_from_db()
    assert evaluation.state == State.CONCLUDED


def test_the_sign_off_page_says_the_login_is_locked(client, concluded):
    org, evaluation = concluded
    head = org.head.user
    client.force_login(head)
    url = reverse("evaluations:sign_off", args=[evaluation.pk])
    for _ in range(5):
        confirm(client, url, {"password": "sai"})
    response = confirm(client, url, {"password": DEFAULT_PASSWORD}, follow=True)
    assert "Thử lại sau" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.state == State.CONCLUDED


def test_commitment_signing_shares_the_counter_with_sign_off(client, concluded):
    from tests.factories.commitments import Org as CommitmentOrg

    org = CommitmentOrg()
    campaign = org.open_campaign()
    person = org.staff[0]
    commitment = org.commitment(campaign, person)

    def sign(password):
        return commitment_services.commitment_sign_online(
            commitment=commitment,
            actor=person.user,
            typed_name=person.full_name,
            password=password,
            request=signing_request(),
        )

    for _ in range(2):
        with pytest.raises(CommitmentError) as refused:
            sign("sai")
        assert refused.value.code == "password"
    fail(client, person.user.username, 3, ip="10.5.5.5")
    with pytest.raises(CommitmentError) as refused:
        sign(DEFAULT_PASSWORD)
    assert refused.value.code == "locked"
    commitment.refresh_from_db()
    assert not commitment.is_signed


def test_the_commitment_page_says_the_login_is_locked(client):
    from tests.factories.commitments import Org as CommitmentOrg

    org = CommitmentOrg()
    person = org.staff[0]
    commitment = org.commitment(org.open_campaign(), person)
    client.force_login(person.user)
    url = reverse("commitments:detail", args=[commitment.pk])
    form = {"typed_name": person.full_name, "password": "sai", "read": "on"}
    for _ in range(5):
        client.post(url, form)
    response = client.post(url, {**form, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "Thử lại sau" in response.content.decode()
    commitment.refresh_from_db()
    assert not commitment.is_signed


# --- unlocking ------------------------------------------------------------------------------


ATTEMPTS = reverse("admin:axes_accessattempt_changelist")


def test_a_ward_administrator_sees_no_lockouts_even_with_the_permissions(client):
    from tests.factories.units import WardFactory, make_administrator

    ward_admin = make_administrator(WardFactory())
    assert ward_admin.has_perm("axes.delete_accessattempt")
    client.force_login(ward_admin)
    assert client.get(ATTEMPTS).status_code == 403
    assert "axes" not in client.get(reverse("admin:index")).content.decode().lower()


def test_a_district_administrator_unlocks_a_login(client):
    from tests.factories.units import DistrictFactory, make_administrator

    user = UserFactory()
    fail(client, user.username, 5)
    attempt = AccessAttempt.objects.get()
    district_admin = make_administrator(DistrictFactory())
    client.force_login(district_admin)
    assert client.get(ATTEMPTS).status_code == 200
    response = client.post(
        ATTEMPTS, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert log_in(client, user.username, DEFAULT_PASSWORD).status_code == 302


def test_staff_without_an_administrator_role_get_nothing(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(ATTEMPTS).status_code in (302, 403)
