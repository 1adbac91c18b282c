"""Each chart of the report pages finds its data: the canvas names the script it reads
(``chart-<key>``, derived once in ``reports/dashboard/_chart.html``)."""

import re

import pytest
from django.urls import reverse

from evaluations import services
from tests.factories.evaluations import Org, to_concluded
from tests.factories.units import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["reports:dashboard", "reports:trend", "reports:criteria"])
def test_every_canvas_has_its_data_script(client, page):
    org = Org()
    evaluation = to_concluded(org, org.evaluation(org.open_cycle(), org.staff[0]))
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    client.force_login(UserFactory(username="xem", is_superuser=True, is_staff=True))

    html = client.get(reverse(page)).content.decode()

    canvases = re.findall(r'<canvas data-chart="([^"]+)"', html)
    scripts = re.findall(r'<script id="([^"]+)" type="application/json">', html)
    assert canvases
    assert all(name.startswith("chart-") for name in canvases)
    assert set(canvases) <= set(scripts)
