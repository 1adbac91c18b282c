"""The colleagues' average is shown nowhere — by-person page, its export, the unit averages —
until the cycle's minimum number of colleagues have answered (anonymity of the colleagues)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import SEALED_STATES, Evaluation
from evaluations.services.tallies import rebuild_tallies

pytestmark = pytest.mark.django_db

COLLEAGUES_COLUMN = 5  # Họ và tên, Mã, Đơn vị, Trạng thái, Tự đánh giá, Đồng nghiệp, …


@pytest.fixture
def two_evaluations(district):
    """One evaluation below the cycle's minimum of answers, one at it; every other one of
    the cycle has no answer at all (whatever the generated data gave it)."""
    cycle = district.cycle
    cycle.min_colleagues_shown = 2
    cycle.save(update_fields=["min_colleagues_shown"])
    # Signed off: the unit averages count only the official (signed-off) evaluations.
    with_average = Evaluation.objects.filter(
        cycle=cycle, colleague_total__isnull=False, state__in=SEALED_STATES
    )
    hidden, shown = with_average.order_by("pk")[:2]
    Evaluation.objects.filter(cycle=cycle).update(colleagues_answered=0)
    Evaluation.objects.filter(pk=hidden.pk).update(colleagues_answered=1)
    Evaluation.objects.filter(pk=shown.pk).update(colleagues_answered=2)
    # Raw updates pass by the services: the kept tallies are rebuilt, as an operator would.
    rebuild_tallies(cycle_ids=[cycle.pk])
    return hidden, shown


def _people_page(client, user, unit):
    client.force_login(user)
    response = client.get(reverse("reports:people"), {"unit": unit.pk})
    assert response.status_code == 200
    return {row.evaluation.pk: row.evaluation for row in response.context["people"]}


def test_the_person_report_hides_an_average_of_too_few_answers(client, district, two_evaluations):
    hidden, shown = two_evaluations

    user = district.users["superuser"]

    assert _people_page(client, user, hidden.unit)[hidden.pk].shown_colleague_total is None
    shown_row = _people_page(client, user, shown.unit)[shown.pk]
    assert shown_row.shown_colleague_total == shown.colleague_total


def test_the_person_export_hides_an_average_of_too_few_answers(client, district, two_evaluations):
    hidden, shown = two_evaluations
    client.force_login(district.users["superuser"])

    response = client.get(reverse("reports:people_export"))

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    by_code = {row[1]: row for row in book["Cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert by_code[hidden.person.staff_code][COLLEAGUES_COLUMN] is None
    assert by_code[shown.person.staff_code][COLLEAGUES_COLUMN] == float(shown.colleague_total)


def test_unit_averages_leave_out_averages_of_too_few_answers(client, district, two_evaluations):
    _hidden, shown = two_evaluations
    client.force_login(district.users["superuser"])

    response = client.get(reverse("reports:dashboard"))

    totals = response.context["totals"]
    assert totals.sums["colleague_total_n"] == 1
    assert totals.sums["colleague_total_sum"] == shown.colleague_total
