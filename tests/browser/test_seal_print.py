"""The printed result anyone can check, in Chromium: the A4 evaluation and commitment carry a
QR code drawn without breaking the Content-Security-Policy, and the address printed with it
opens the verify page, which says the record is intact."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commitments.models import Commitment
from evaluations.models import Evaluation
from tests.commitments.matrix import _data as commitment_data
from tests.evaluations.matrix import _data as evaluation_data
from tests.factories.world import build_world

from .steps import log_in, screenshot
from .test_csp import _visit, violations  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "seals"


def _check_print(page, live_server, path, violations):  # noqa: F811
    _visit(page, live_server, path, violations)
    qr = page.locator("[data-qr] svg.qr")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] > 100 and abs(box["width"] - box["height"]) < 2  # 30 mm, square
    address = page.get_by_text("Kiểm tra tại:").inner_text().split("Kiểm tra tại:")[1]
    return address.split()[0]


def test_the_printed_codes_lead_to_pages_that_say_intact(page, live_server, violations):  # noqa: F811
    world = build_world()
    evaluation = Evaluation.objects.get(pk=evaluation_data(world)["own"].pk)
    commitment = Commitment.objects.get(pk=commitment_data(world)["BD0001"].pk)

    log_in(page, live_server, "BD0001")
    for name, path in (
        ("evaluation", reverse("evaluations:print", args=[evaluation.pk])),
        ("commitment", reverse("commitments:print", args=[commitment.pk])),
    ):
        address = _check_print(page, live_server, path, violations)
        screenshot(page, DOCS, f"print-{name}", full_page=True)
        assert address.startswith(live_server.url + "/")
        _visit(page, live_server, address.removeprefix(live_server.url), violations)
        expect(page.locator('[data-seal="intact"]')).to_contain_text("Nguyên vẹn")
        screenshot(page, DOCS, f"verify-{name}")
    assert violations == []
