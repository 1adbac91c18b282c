"""Official figures count signed-off and published evaluations only; concluded ones are shown
apart as awaiting sign-off; figures are rounded half up to one decimal on the page, in the
export and in print (86.25 → 86,3, where half-to-even would give 86,2)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.numbers import round_half_up
from evaluations import services
from evaluations.models import Evaluation
from tests.factories.evaluations import Org, to_concluded
from tests.factories.units import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Org()


@pytest.fixture
def reviewer():
    return UserFactory(username="xem-bao-cao", is_superuser=True, is_staff=True)


def _sign_off(org, evaluation):
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )


def _concluded_with_final(org, cycle, person, final: str) -> Evaluation:
    """Concluded through the services; then the combined score set to ``final`` (while not
    yet sealed), so that the figure under test is exact."""
    evaluation = to_concluded(org, org.evaluation(cycle, person))
    Evaluation.objects.filter(pk=evaluation.pk).update(final_score=Decimal(final))
    evaluation.refresh_from_db()
    return evaluation


def _overview(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return response


def test_a_concluded_evaluation_is_provisional_not_in_the_levels_or_averages(client, org, reviewer):
    cycle = org.open_cycle()
    to_concluded(org, org.evaluation(cycle, org.staff[0]))

    totals = _overview(client, reviewer).context["totals"]

    assert totals.concluded == 1  # awaiting sign-off, shown apart
    assert totals.completed == 0
    assert totals.rated == 0
    assert [cell.count for cell in totals.levels] == [0] * len(totals.levels)
    assert totals.avg_final is None
    assert totals.avg_head is None


def test_only_the_signed_off_evaluation_is_in_the_official_figures(client, org, reviewer):
    cycle = org.open_cycle()
    signed = _concluded_with_final(org, cycle, org.staff[0], "86.25")
    _sign_off(org, signed)
    _concluded_with_final(org, cycle, org.staff[1], "40.00")  # concluded, not signed

    response = _overview(client, reviewer)
    totals = response.context["totals"]

    assert (totals.completed, totals.concluded, totals.rated) == (1, 1, 1)
    assert totals.sums["final_score_sum"] == Decimal("86.25")
    assert totals.sums["final_score_n"] == 1
    level = Evaluation.objects.get(pk=signed.pk).final_level
    counted = {cell.column.label: cell.count for cell in totals.levels}
    assert counted[level.label] == 1 and sum(counted.values()) == 1
    assert "Chờ ký duyệt (tạm tính)" in response.content.decode()


def test_published_evaluations_count_as_official(client, org, reviewer):
    cycle = org.open_cycle()
    evaluation = _concluded_with_final(org, cycle, org.staff[0], "70.00")
    _sign_off(org, evaluation)
    services.evaluation_publish(evaluation=evaluation, actor=org.head.user)

    totals = _overview(client, reviewer).context["totals"]

    assert (totals.completed, totals.concluded, totals.rated) == (1, 0, 1)
    assert totals.avg_final == Decimal("70.0")


def test_reopening_takes_an_evaluation_out_of_the_official_figures(client, org, reviewer):
    cycle = org.open_cycle()
    evaluation = _concluded_with_final(org, cycle, org.staff[0], "70.00")
    _sign_off(org, evaluation)
    services.evaluation_reopen(evaluation=evaluation, reason="Nhập sai điểm", actor=org.admin)

    totals = _overview(client, reviewer).context["totals"]

    assert (totals.completed, totals.concluded, totals.rated) == (0, 0, 0)
    assert totals.avg_final is None


# --- half up ---------------------------------------------------------------------------------


@pytest.fixture
def half(org):
    """One signed-off evaluation whose combined score is 86.25: the unit average is 86.25."""
    cycle = org.open_cycle()
    evaluation = _concluded_with_final(org, cycle, org.staff[0], "86.25")
    _sign_off(org, evaluation)
    return evaluation


def test_the_page_rounds_half_up(client, half, reviewer):
    response = _overview(client, reviewer)

    assert response.context["totals"].avg_final == Decimal("86.3")
    html = response.content.decode()
    assert "86,3" in html
    assert "86,2" not in html


def test_the_print_rounds_half_up(client, half, reviewer):
    html = _overview(client, reviewer, print="1").content.decode()

    assert "86,3" in html
    assert "86,2" not in html


def test_the_export_rounds_half_up(client, half, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reports:dashboard_export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)

    scores = [list(row) for row in book["Điểm"].iter_rows(values_only=True)]
    totals = scores[-1]
    assert totals[0] == "Tổng cộng"
    assert totals[4] == 86.3  # combined score


def test_the_people_page_and_export_round_a_person_half_up(client, half, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("reports:people"), {"unit": half.unit_id}).content.decode()
    response = client.get(reverse("reports:people_export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)

    assert "86,3" in page
    by_code = {row[1]: row for row in book["Cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert by_code[half.person.staff_code][7] == 86.3


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("86.25"), 1, Decimal("86.3")),
        (Decimal("86.35"), 1, Decimal("86.4")),
        (Decimal("86.249"), 1, Decimal("86.2")),
        (86.25, 1, Decimal("86.3")),
        (Decimal("12.5"), 0, Decimal("13")),
        (Decimal("80.005"), 2, Decimal("80.01")),
        (None, 1, None),
    ],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_the_trend_shows_concluded_evaluations_apart_on_the_page_and_in_the_export(
    client, org, reviewer
):
    cycle = org.open_cycle()
    _sign_off(org, _concluded_with_final(org, cycle, org.staff[0], "80.00"))
    _concluded_with_final(org, cycle, org.staff[1], "40.00")  # concluded, not signed
    client.force_login(reviewer)

    row = client.get(reverse("reports:trend")).context["trend"][-1]
    assert (row.completed, row.concluded) == (1, 1)
    assert row.avg_final == Decimal("80.0")  # the concluded 40 is not averaged in

    book = load_workbook(io.BytesIO(client.get(reverse("reports:trend_export")).getvalue()))
    header, *rows = book.worksheets[0].iter_rows(values_only=True)
    provisional = header.index("Chờ ký duyệt (tạm tính)")
    assert rows[-1][provisional] == 1
