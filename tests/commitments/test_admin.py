"""Admin: a new campaign gets the deadlines of the sources; opening goes through the service."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Campaign, Commitment
from tests.admin_actions import admin_action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "unit", "final"),
    [(2021, datetime.date(2021, 10, 8), datetime.date(2021, 10, 10)),
     (2023, datetime.date(2023, 1, 30), datetime.date(2023, 1, 30))],
)  # fmt: skip
def test_empty_deadlines_are_proposed_from_the_year(admin_client, org, year, unit, final):
    response = admin_client.post(
        reverse("admin:commitments_campaign_add"),
        {
            "year": year,
            "scope_units": [org.district.pk],
            "text_template": "Tôi {full_name} cam kết.",
            "unit_deadline": "",
            "final_deadline": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get(year=year)
    assert (campaign.unit_deadline, campaign.final_deadline) == (unit, final)


def test_an_unknown_placeholder_is_refused(admin_client, org):
    response = admin_client.post(
        reverse("admin:commitments_campaign_add"),
        {"year": 2024, "scope_units": [org.district.pk], "text_template": "Tôi {ten} cam kết."},
    )
    assert response.status_code == 200
    assert "{ten}" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_open_action_creates_the_commitments(admin_client, org):
    campaign = org.campaign()
    admin_action(admin_client, Campaign, "open_campaigns", [campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    assert Commitment.objects.filter(campaign=campaign).count() == 8
