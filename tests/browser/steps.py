"""Steps the browser journeys share: logging in through the form, screenshots for the docs,
the Decision's criteria and an open campaign."""

import json
import os
from pathlib import Path

from django.urls import reverse

from tests.factories.units import DEFAULT_PASSWORD

DECISION = Path(__file__).resolve().parents[2] / "fixtures" / "longbien" / "criteria.json"


def submit_login_form(page, live_server, username, password=DEFAULT_PASSWORD):
    """Fill in the login page on screen, send it and wait for the home page."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + reverse("home"))


def log_in(page, live_server, username, password=DEFAULT_PASSWORD):
    """Log in as ``username`` on a fresh session (whoever was logged in before)."""
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    submit_login_form(page, live_server, username, password)


def screenshot(page, folder, name, *, full_page=False):
    """With SAVE_SCREENSHOTS=1, save the page as ``folder/name.png``."""
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def open_campaign(world):
    """A commitment campaign of this year over the whole district, its deadlines ahead."""
    import datetime

    from commitments import services
    from commitments.models import Campaign
    from core.time import local_today

    today = local_today()
    campaign = Campaign.objects.create(
        year=today.year,
        unit_deadline=today + datetime.timedelta(days=10),
        final_deadline=today + datetime.timedelta(days=12),
    )
    campaign.scope_units.set([world.district])
    services.campaign_open(campaign=campaign, actor=world.users["superuser"])
    return campaign


def load_decision_criteria(world):
    """The two sets of Decision 264/QĐ-QU as the district loads them, in place of the
    world's test sets (retired)."""
    from criteria.models import CriteriaSet
    from criteria.services import criteria_sets_load

    CriteriaSet.objects.filter(pk__in=[world.staff_set.pk, world.leader_set.pk]).update(
        status=CriteriaSet.Status.RETIRED
    )
    criteria_sets_load(definitions=json.loads(DECISION.read_text(encoding="utf-8"))["sets"])
