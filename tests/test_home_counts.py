"""Each persona's home leads straight to their work, with counts of what waits (issue 13):
the head's list by state, the clerk's office list, the reviewer's dashboard. The counts
come from selectors whose number of queries does not grow with the data."""

import html
import re

import pytest
from django.urls import reverse

from commitments import services as commitment_services
from commitments.permissions import Office
from evaluations import services
from evaluations.models import Evaluation
from home.selectors import home_overview
from tests.factories.commitments import Org as CommitmentOrg
from tests.factories.evaluations import Org as EvaluationOrg
from tests.factories.evaluations import to_concluded
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory
from units.models import Block

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def _concluded_unit(extra_people: int):
    org = EvaluationOrg()
    for _ in range(extra_people):
        PersonFactory(unit=org.unit)
    cycle = org.open_cycle()
    people = [*org.staff[:2]]
    for person in people:
        to_concluded(org, Evaluation.objects.get(cycle=cycle, person=person))
    return org, cycle


def _open_campaign(extra_people: int):
    """The commitments' Org, ``extra_people`` more in the ward's People's Committee, and its
    campaign opened (nobody has signed)."""
    org = CommitmentOrg()
    for _ in range(extra_people):
        PersonFactory(unit=org.ubnd)
    return org, org.open_campaign()


@pytest.mark.parametrize("extra_people", [0, 12])
def test_the_heads_home_counts_what_waits_in_fixed_queries(
    client, extra_people, django_assert_num_queries
):
    org, cycle = _concluded_unit(extra_people)
    user = org.head.user

    with django_assert_num_queries(HEAD_QUERIES):
        home = home_overview(user).evaluation

    assert home.head_to_sign == 2
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    url = reverse("evaluations:head_list") + f"?cycle={cycle.pk}&amp;state=concluded"
    assert f'href="{url}"' in page
    assert "2 phiếu chờ bạn ký duyệt" in _text(client.get(reverse("home")))


@pytest.mark.parametrize("extra_people", [0, 12])
def test_the_clerks_home_links_to_the_office_list_in_fixed_queries(
    client, extra_people, django_assert_num_queries
):
    org, campaign = _open_campaign(extra_people)

    with django_assert_num_queries(CLERK_QUERIES):
        offices = home_overview(org.gov_clerk).commitments.offices

    assert [o.counts.missing for o in offices] == [3 + extra_people]
    client.force_login(org.gov_clerk)
    response = client.get(reverse("home"))
    office = reverse("commitments:office", args=[campaign.pk, org.ward.pk, Block.GOVERNMENT])
    assert f'href="{office}"' in response.content.decode()
    assert f"0/{3 + extra_people} đã ký, {3 + extra_people} chưa ký" in _text(response)


@pytest.mark.parametrize("extra_people", [0, 12])
def test_the_reviewers_home_leads_to_the_dashboard_and_the_reports_to_receive(
    client, extra_people, django_assert_num_queries
):
    org, campaign = _open_campaign(extra_people)
    report = commitment_services.unit_report_submit(
        office=Office(campaign, org.ward, Block.GOVERNMENT), actor=org.gov_clerk
    )
    commitment_services.unit_report_confirm(report=report, actor=org.chairman.user)

    with django_assert_num_queries(REVIEWER_QUERIES):
        home = home_overview(org.home_affairs)

    assert home.commitments.to_receive == 1
    assert home_overview(org.board).commitments.to_receive == 0  # the other block's office
    client.force_login(org.home_affairs)
    response = client.get(reverse("home"))
    assert f'href="{reverse("reports:dashboard")}"' in response.content.decode()
    assert "1 báo cáo đã xác nhận chờ bạn tiếp nhận." in _text(response)


def test_a_head_with_nothing_waiting_sees_no_waiting_line(client):
    org = EvaluationOrg()
    org.open_cycle()
    client.force_login(org.head.user)

    page = _text(client.get(reverse("home")))

    assert "chờ bạn ký duyệt" not in page


def test_signed_results_wait_to_be_published(client):
    org, cycle = _concluded_unit(0)
    evaluation = Evaluation.objects.get(cycle=cycle, person=org.staff[0])
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    client.force_login(org.head.user)

    page = _text(client.get(reverse("home")))

    assert "1 phiếu chờ bạn ký duyệt" in page
    assert "1 kết quả đã ký duyệt chờ công bố" in page


def test_a_reopened_evaluation_waits_for_the_head_too(client):
    org, cycle = _concluded_unit(0)
    evaluation = Evaluation.objects.get(cycle=cycle, person=org.staff[0])
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    services.evaluation_reopen(evaluation=evaluation, reason="Sai số liệu", actor=org.admin)

    home = home_overview(org.head.user).evaluation

    # The other concluded one to sign, the reopened one to assess again: two to do.
    assert (home.head_to_sign, home.head_to_assess) == (1, 1)
    assert home.head_waiting == 2
    client.force_login(org.head.user)
    assert "2 phiếu chờ bạn xử lý" in _text(client.get(reverse("home")))


# The whole home overview (every card), whatever the number of people.
HEAD_QUERIES = 7
CLERK_QUERIES = 6
REVIEWER_QUERIES = 5
