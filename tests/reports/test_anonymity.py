"""The colleagues' average is shown nowhere — by-person page, its export, the unit averages —
until the cycle's minimum number of colleagues have answered (anonymity of the colleagues)."""

import io
from collections import defaultdict

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Evaluation

pytestmark = pytest.mark.django_db

COLLEAGUES_COLUMN = 5  # Họ và tên, Mã, Đơn vị, Trạng thái, Tự đánh giá, Đồng nghiệp, …


@pytest.fixture
def two_evaluations(district):
    """In one unit: one evaluation below the minimum of answers, one at it."""
    cycle = district.cycle
    cycle.min_colleagues_shown = 2
    cycle.save(update_fields=["min_colleagues_shown"])
    evaluations = Evaluation.objects.filter(cycle=cycle, colleague_total__isnull=False)
    by_unit = defaultdict(list)
    for evaluation in evaluations.order_by("pk"):
        by_unit[evaluation.unit_id].append(evaluation)
    hidden, shown = next(found for found in by_unit.values() if len(found) >= 2)[:2]
    Evaluation.objects.filter(pk=hidden.pk).update(colleagues_answered=1)
    Evaluation.objects.filter(pk=shown.pk).update(colleagues_answered=2)
    return hidden, shown


def _people_page(client, user, unit):
    client.force_login(user)
    response = client.get(reverse("reports:people"), {"unit": unit.pk})
    assert response.status_code == 200
    return {row.evaluation.pk: row.evaluation for row in response.context["people"]}


def test_the_person_report_hides_an_average_of_too_few_answers(client, district, two_evaluations):
    hidden, shown = two_evaluations

    rows = _people_page(client, district.users["superuser"], hidden.unit)

    assert rows[hidden.pk].shown_colleague_total is None
    assert rows[shown.pk].shown_colleague_total == shown.colleague_total


def test_the_person_export_hides_an_average_of_too_few_answers(client, district, two_evaluations):
    hidden, shown = two_evaluations
    client.force_login(district.users["superuser"])

    response = client.get(reverse("reports:people_export"), {"unit": hidden.unit.pk})

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    by_code = {row[1]: row for row in book["Cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert by_code[hidden.person.staff_code][COLLEAGUES_COLUMN] is None
    assert by_code[shown.person.staff_code][COLLEAGUES_COLUMN] == float(shown.colleague_total)


def test_unit_averages_leave_out_averages_of_too_few_answers(client, district, two_evaluations):
    hidden, shown = two_evaluations
    cycle = district.cycle
    Evaluation.objects.filter(cycle=cycle, unit=hidden.unit).exclude(
        pk__in=[hidden.pk, shown.pk]
    ).update(colleagues_answered=0)
    client.force_login(district.users["superuser"])

    response = client.get(reverse("reports:dashboard"), {"unit": hidden.unit.pk})

    totals = response.context["totals"]
    assert totals.sums["colleague_total_n"] == 1
    assert totals.sums["colleague_total_sum"] == shown.colleague_total
