"""The person level: a row links to the evaluation exactly where view_evaluation allows."""

import pytest
from django.urls import reverse

from evaluations.models import Evaluation
from reports.dashboard.people import evaluation_links
from units.models import Unit
from units.permissions import can

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["home_affairs", "organisation_board", "administrator", "head", "superuser", "staff"]
)
def test_links_follow_the_view_rule(district, role):
    user = district.users[role]
    evaluations = list(
        Evaluation.objects.filter(cycle=district.cycle)
        .filter(unit__path__startswith=district.head.unit.parent.path)
        .select_related("unit", "person", "cycle")[:120]
    )
    evaluations += list(
        Evaluation.objects.filter(
            cycle=district.cycle, unit__code__startswith="BM-P01"
        ).select_related("unit", "person", "cycle")[:40]
    )

    links = evaluation_links(user, evaluations)

    for evaluation in evaluations:
        assert (evaluation.pk in links) == can(user, "evaluations.view_evaluation", evaluation)


def test_a_person_row_opens_the_evaluation_for_a_reviewer(client, district):
    client.force_login(district.users["home_affairs"])
    ward_body = Unit.objects.get(code="BM-P01-UBND")

    response = client.get(reverse("reports:people"), {"unit": ward_body.pk})

    row = response.context["people"][0]
    assert row.link == reverse("evaluations:review", args=[row.evaluation.pk])
    assert client.get(row.link).status_code == 200


def test_the_people_page_is_paginated_in_unit_and_name_order(client, district):
    client.force_login(district.users["superuser"])

    response = client.get(reverse("reports:people"))

    rows = [row.evaluation for row in response.context["people"]]
    assert len(rows) == 50
    keys = [(e.unit.path, e.person.full_name) for e in rows]
    assert keys == sorted(keys)
