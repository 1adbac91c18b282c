"""The one coverage rule (units.scope): object check and queryset filter agree, and the
empty-block rule holds — a block-narrowed role does not cover a unit without a block."""

import pytest

from reports.dashboard.scope import ReportScope
from tests.factories.units import DistrictFactory, PartyUnitFactory, UnitFactory, WardFactory
from units.models import Block, Unit
from units.scope import ScopePart, covers, scope_q

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    district = DistrictFactory()
    ward_a, ward_b = WardFactory(parent=district), WardFactory(parent=district)
    return {
        "district": district,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "a_gov": UnitFactory(parent=ward_a),
        "a_party": PartyUnitFactory(parent=ward_a),
        "b_gov": UnitFactory(parent=ward_b),
    }


def _covered(parts, tree) -> set[str]:
    return {name for name, unit in tree.items() if covers(parts, unit)}


def test_a_part_without_block_covers_its_subtree_containers_included(tree):
    parts = [ScopePart(tree["ward_a"].path)]
    assert _covered(parts, tree) == {"ward_a", "a_gov", "a_party"}


def test_a_block_part_covers_its_block_only_and_not_the_blockless_ward(tree):
    parts = [ScopePart(tree["district"].path, Block.GOVERNMENT)]
    # The wards and the district have no block: a block's reviewer does not cover them.
    assert _covered(parts, tree) == {"a_gov", "b_gov"}


def test_a_record_with_its_own_block_is_judged_by_that_block(tree):
    gov_only = [ScopePart(tree["ward_a"].path, Block.GOVERNMENT)]
    assert covers(gov_only, tree["a_party"], block=Block.GOVERNMENT)
    assert not covers(gov_only, tree["a_gov"], block=Block.PARTY_MASS)


def test_no_part_covers_nothing(tree):
    assert _covered([], tree) == set()


@pytest.mark.parametrize(
    "parts",
    [
        lambda t: [],
        lambda t: [ScopePart(t["ward_a"].path)],
        lambda t: [ScopePart(t["district"].path, Block.GOVERNMENT)],
        lambda t: [ScopePart(t["district"].path, Block.PARTY_MASS)],
        lambda t: [ScopePart(t["ward_b"].path), ScopePart(t["ward_a"].path, Block.PARTY_MASS)],
    ],
    ids=["none", "ward", "government", "party", "mixed"],
)
def test_the_queryset_filter_selects_exactly_what_the_object_check_covers(tree, parts):
    parts = parts(tree)
    selected = set(Unit.objects.filter(scope_q(parts)).values_list("pk", flat=True))
    assert selected == {unit.pk for unit in tree.values() if covers(parts, unit)}


def test_reports_open_a_ward_for_a_block_reviewer_but_read_only_its_block(tree):
    scope = ReportScope(parts=[ScopePart(tree["district"].path, Block.GOVERNMENT)])
    assert scope.can_open(tree["ward_a"])  # navigate through the ward …
    assert not covers(scope.parts, tree["ward_a"])  # … without covering it
    assert not scope.can_open(tree["a_party"])
    rows = Unit.objects.filter(scope.q("path", "block"))
    assert set(rows) == {tree["a_gov"], tree["b_gov"]}
