"""Who sees which figures: each office its block, heads their subtree, staff nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Evaluation
from units.models import Block, Unit

from .conftest import blocks_of

pytestmark = pytest.mark.django_db

PAGES = ["reports:dashboard", "reports:criteria", "reports:people", "reports:trend"]


def _get(client, user, name="reports:dashboard", **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def _count(district, **filters):
    return Evaluation.objects.filter(cycle=district.cycle, **filters).count()


def test_home_affairs_sees_only_the_government_block(client, district):
    response = _get(client, district.users["home_affairs"])

    assert response.status_code == 200
    assert response.context["totals"].total == _count(district, unit__block=Block.GOVERNMENT)
    assert blocks_of(response.content.decode()) == {Block.GOVERNMENT}


def test_organisation_board_sees_only_the_party_and_mass_block(client, district):
    response = _get(client, district.users["organisation_board"])

    assert response.context["totals"].total == _count(district, unit__block=Block.PARTY_MASS)
    assert blocks_of(response.content.decode()) == {Block.PARTY_MASS}


@pytest.mark.parametrize("name", PAGES)
def test_home_affairs_gets_no_party_figures_on_any_page(client, district, name):
    response = _get(client, district.users["home_affairs"], name)

    assert response.status_code == 200
    assert Block.PARTY_MASS not in blocks_of(response.content.decode())


def test_a_ward_shows_only_the_reviewers_block(client, district):
    ward = Unit.objects.get(code="BM-P01")

    response = _get(client, district.users["organisation_board"], unit=ward.pk)

    names = {row.name for row in response.context["rows"]}
    assert "Đảng ủy phường Bồ Đề" in names
    assert "UBND phường Bồ Đề" not in names
    party = _count(district, unit__path__startswith=ward.path, unit__block=Block.PARTY_MASS)
    assert response.context["totals"].total == party


def test_another_blocks_unit_is_refused_with_a_message(client, district):
    party_body = Unit.objects.get(code="BM-P01-DU")

    response = _get(client, district.users["home_affairs"], unit=party_body.pk)

    assert response.status_code == 400
    assert "nằm ngoài phạm vi báo cáo" in response.content.decode()
    assert "Đảng ủy phường Bồ Đề" not in response.content.decode()


def test_another_block_in_the_block_filter_is_refused(client, district):
    response = _get(client, district.users["home_affairs"], block=Block.PARTY_MASS)

    assert response.status_code == 400
    assert "Hãy chọn khối mà bạn báo cáo." in response.content.decode()


def test_a_head_sees_their_unit_and_its_children(client, district):
    unit = district.head.unit

    response = _get(client, district.users["head"])

    assert response.context["filters"].root == unit
    assert {row.unit for row in response.context["rows"] if not row.is_own} <= set(
        unit.children.all()
    )
    assert response.context["totals"].total == _count(district, unit__path__startswith=unit.path)


def test_a_head_cannot_open_a_unit_outside_their_own(client, district):
    other = Unit.objects.get(code="BM-UBND")

    response = _get(client, district.users["head"], unit=other.pk)

    assert response.status_code == 400


def test_the_superuser_sees_every_block(client, district):
    response = _get(client, district.users["superuser"])

    assert response.context["totals"].total == _count(district)


@pytest.mark.parametrize("name", [*PAGES, *(f"{name}_export" for name in PAGES)])
def test_a_staff_member_gets_404(client, district, name):
    response = _get(client, district.users["staff"], name)

    assert response.status_code == 404


def test_the_navbar_offers_reports_only_to_those_who_have_them(client, district):
    client.force_login(district.users["home_affairs"])
    assert "Báo cáo" in client.get(reverse("home")).content.decode()

    client.force_login(district.users["staff"])
    assert 'href="/bao-cao/"' not in client.get(reverse("home")).content.decode()


def test_the_navbar_link_costs_no_query(client, district):
    counts = {}
    for role in ("staff", "home_affairs"):
        client.force_login(district.users[role])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("criteria:set_list"))
        counts[role] = (len(captured), 'href="/bao-cao/"' in response.content.decode())

    assert counts == {
        "staff": (counts["staff"][0], False),
        "home_affairs": (counts["staff"][0], True),
    }
