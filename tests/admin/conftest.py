import pytest

from tests.factories.world import add_admin_personas, build_world

from .other_ward import build_other_ward


@pytest.fixture
def world(db):
    """The world with the administrator personas, and another ward's objects (``.other``)."""
    world = add_admin_personas(build_world())
    world.other = build_other_ward(world)
    return world
