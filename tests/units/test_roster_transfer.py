"""A staff code of another unit moves a person only when the file says so, and is confirmed."""

import pytest

from tests.factories.roster import (
    assert_refused,
    confirm,
    error_items,
    page_text,
    person_row,
    post_import,
    xlsx_file,
)
from tests.factories.units import PersonFactory
from units.models import Category, Person
from units.roster import columns as r


@pytest.fixture
def head(other_office):
    return PersonFactory(
        staff_code="CB00001",
        full_name="Lê Văn Bình",
        unit=other_office,
        category=Category.LEADER,
        is_unit_head=True,
    )


def test_code_of_another_unit_without_transfer_is_an_error(admin_client, office, head):
    response = post_import(admin_client, xlsx_file([person_row("CB00001")]))

    assert_refused(response, before=(1, 1))
    [error] = error_items(response)
    assert error.startswith("Dòng 2, cột “Mã đơn vị”: Mã cán bộ CB00001 là của Lê Văn Bình")
    assert "GIATHUY-UBND" in error
    head.refresh_from_db()
    assert (head.unit_id, head.is_unit_head, head.full_name) == (
        head.unit_id,
        True,
        "Lê Văn Bình",
    )


def test_transfer_preview_warns_of_the_move_and_the_lost_head_status(admin_client, office, head):
    row = person_row("CB00001", **{r.COL_TRANSFER: "Có"})

    response = post_import(admin_client, xlsx_file([row]))

    text = page_text(response)
    assert "Dòng 2: Lê Văn Bình (CB00001) chuyển từ" in text
    assert "Người này không còn là thủ trưởng của" in text
    assert "Tôi đã xem các thay đổi đơn vị" in text
    assert Person.objects.get().unit_id == head.unit_id


def test_transfer_needs_the_box_ticked(admin_client, office, head):
    preview = post_import(admin_client, xlsx_file([person_row("CB00001", **{r.COL_TRANSFER: "x"})]))

    confirm(admin_client, preview)

    assert Person.objects.get().unit_id == head.unit_id


def test_confirmed_transfer_is_applied(admin_client, office, head):
    preview = post_import(admin_client, xlsx_file([person_row("CB00001", **{r.COL_TRANSFER: "x"})]))

    confirm(admin_client, preview, transfers_reviewed="on")

    person = Person.objects.get()
    assert (person.unit, person.is_unit_head) == (office, False)
