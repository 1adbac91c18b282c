import re

import pytest
from django.urls import reverse

from tests.factories.units import PartyUnitFactory, PersonFactory, UnitFactory
from tests.factories.world import build_world, grow
from units.models import Person


@pytest.fixture
def world(db):
    return build_world()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _listed_codes(response) -> list[str]:
    return [unit.code for unit in response.context["units"]]


def test_staff_member_lists_only_their_own_unit(client, world):
    client.force_login(world.users["staff"])

    response = client.get(reverse("units:unit_list"))

    assert _listed_codes(response) == ["BODE-UBND"]


def test_clerk_lists_the_government_units_of_their_ward(client, world):
    client.force_login(world.users["clerk"])

    response = client.get(reverse("units:unit_list"))

    assert _listed_codes(response) == ["BODE-UBND"]


def test_organisation_board_lists_party_units_of_every_ward(client, world):
    PartyUnitFactory(parent=world.ward_b, code="GIATHUY-DU")
    client.force_login(world.users["organisation_board"])

    response = client.get(reverse("units:unit_list"))

    assert _listed_codes(response) == ["BODE-DU", "GIATHUY-DU"]


def test_superuser_lists_the_whole_tree_in_order_with_indentation(client, world):
    client.force_login(world.users["superuser"])

    response = client.get(reverse("units:unit_list"))

    assert _listed_codes(response) == [
        "LB",
        "BODE",
        "BODE-DU",
        "BODE-UBND",
        "GIATHUY",
        "GIATHUY-UBND",
    ]
    assert [unit.indent for unit in response.context["units"]] == [0, 1, 2, 2, 1, 2]
    assert 'class="tree-indent-2' in _text(response)


def test_list_shows_kind_block_and_people_count(client, world):
    client.force_login(world.users["home_affairs"])

    text = _text(client.get(reverse("units:unit_list")))

    assert "UBND phường Bồ Đề" in text
    assert "Khối chính quyền" in text
    assert '<td class="text-end">2</td>' in text  # the staff member and the head


def test_list_search_matches_name_or_code_case_insensitively(client, world):
    client.force_login(world.users["superuser"])

    by_name = client.get(reverse("units:unit_list"), {"q": "gia"})
    by_code = client.get(reverse("units:unit_list"), {"q": "bode-du"})

    assert _listed_codes(by_name) == ["GIATHUY", "GIATHUY-UBND"]
    assert _listed_codes(by_code) == ["BODE-DU"]


def test_list_filters_by_subtree_and_block(client, world):
    client.force_login(world.users["superuser"])

    response = client.get(reverse("units:unit_list"), {"under": "BODE", "block": "party_mass"})

    assert _listed_codes(response) == ["BODE-DU"]


def test_list_ignores_malformed_filters(client, world):
    client.force_login(world.users["staff"])

    response = client.get(reverse("units:unit_list"), {"under": "x/../", "block": "nope"})

    assert _listed_codes(response) == ["BODE-UBND"]


def test_list_is_paginated_and_keeps_the_search(client, world):
    grow(world.ward_a, units=60, people_per_unit=0)
    client.force_login(world.users["home_affairs"])

    first = client.get(reverse("units:unit_list"), {"q": "UBND"})
    second = client.get(reverse("units:unit_list"), {"q": "UBND", "page": 2})

    assert len(first.context["units"]) == 50
    assert "q=UBND&amp;page=2" in _text(first)
    assert len(second.context["units"]) == 12  # 60 grown + 2 ward offices


def test_detail_lists_active_people_with_head_first(client, world):
    PersonFactory(unit=world.gov_a, full_name="Người Đã Nghỉ", is_active=False)
    client.force_login(world.users["staff"])

    response = client.get(reverse("units:unit_detail", args=[world.gov_a.pk]))

    names = [person.full_name for person in response.context["people"]]
    assert names == ["Lê Văn Hùng", "Trần Thị Mai"]
    text = _text(response)
    assert "BD0002" in text
    assert "Thủ trưởng</span>" in text
    assert "Người Đã Nghỉ" not in text


def test_detail_of_a_ward_lists_only_visible_sub_units(client, world):
    client.force_login(world.users["clerk"])
    assert client.get(reverse("units:unit_detail", args=[world.ward_a.pk])).status_code == 404

    client.force_login(world.users["administrator"])
    response = client.get(reverse("units:unit_detail", args=[world.ward_a.pk]))
    assert [u.code for u in response.context["children"]] == ["BODE-DU", "BODE-UBND"]


def test_detail_of_another_unit_is_404_not_403(client, world):
    client.force_login(world.users["staff"])

    response = client.get(reverse("units:unit_detail", args=[world.gov_b.pk]))

    assert response.status_code == 404


def test_detail_of_a_missing_unit_is_404(client, world):
    client.force_login(world.users["superuser"])

    assert client.get(reverse("units:unit_detail", args=[999_999])).status_code == 404


def test_edit_link_only_for_who_may_change_the_unit(client, world):
    url = reverse("units:unit_detail", args=[world.gov_a.pk])
    admin_url = reverse("admin:units_unit_change", args=[world.gov_a.pk])

    client.force_login(world.users["home_affairs"])
    assert admin_url not in _text(client.get(url))
    client.force_login(world.users["administrator"])
    assert admin_url in _text(client.get(url))


# --- query counts ------------------------------------------------------------------------

# The unit list is counted with the home page in tests/test_pages.py.


@pytest.mark.parametrize("size", [3, 60])
def test_unit_detail_runs_a_constant_number_of_queries(
    client, world, django_assert_num_queries, size
):
    for _ in range(size):
        PersonFactory(unit=world.gov_a, user=None)
    for _ in range(size):
        UnitFactory(parent=world.gov_a)
    client.force_login(world.users["home_affairs"])

    # session, user, unit, person, role assignments, the user's and groups' permissions
    # (may they edit it?), sub-units, people
    with django_assert_num_queries(9):
        response = client.get(reverse("units:unit_detail", args=[world.gov_a.pk]))

    assert response.status_code == 200
    assert len(response.context["people"]) == Person.objects.filter(unit=world.gov_a).count()


def test_list_keeps_the_chosen_block_selected(client, world):
    client.force_login(world.users["superuser"])

    response = client.get(reverse("units:unit_list"), {"block": "party_mass"})

    assert '<option value="party_mass" selected>' in _text(response)
