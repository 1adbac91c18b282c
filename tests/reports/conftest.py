"""The reports' tests run on a generated district (tests/factories/reports.py)."""

import pytest

from tests.factories.reports import make_district
from units.models import Block


@pytest.fixture
def district(db):
    return make_district()


def blocks_of(html: str) -> set[str]:
    """Which blocks' bodies a page names (by the generator's body names)."""
    found = set()
    if "UBND phường" in html or "Trường Mầm non" in html or "Trường Tiểu học" in html:
        found.add(Block.GOVERNMENT)
    if "Đảng ủy phường" in html or "Hội Nông dân" in html or "Ủy ban MTTQ" in html:
        found.add(Block.PARTY_MASS)
    return found
