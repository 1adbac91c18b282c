import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories.world import build_world

from .steps import screenshot, submit_login_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")


def _log_in(page, live_server):
    page.goto(live_server.url + reverse("home"))
    page.wait_for_url(re.compile(r"/dang-nhap/"))
    submit_login_form(page, live_server, "BD0001")


def test_staff_member_logs_in_and_sees_name_and_criteria_set(page, live_server):
    build_world()
    css_responses = []
    page.on(
        "response",
        lambda r: css_responses.append(r.status) if r.url.endswith("bootstrap.min.css") else None,
    )

    _log_in(page, live_server)

    main = page.locator("main")
    main.get_by_text("Trần Thị Mai").first.wait_for()
    assert main.get_by_text("Bộ tiêu chí công chức, viên chức, người lao động").is_visible()
    assert css_responses and all(status == 200 for status in css_responses)
    # Bootstrap and the site's CSS are applied: the navbar's background is the site's primary
    # blue (static/css/site.css, darker than Bootstrap's for contrast), not transparent.
    navbar_bg = page.eval_on_selector(".navbar", "e => getComputedStyle(e).backgroundColor")
    assert navbar_bg == "rgb(10, 88, 202)"
    screenshot(page, ARTIFACTS, "home-desktop", full_page=True)

    page.get_by_role("link", name="Đọc bộ tiêu chí").click()
    page.get_by_role("heading", name="Mức xếp loại").wait_for()
    screenshot(page, ARTIFACTS, "criteria-desktop", full_page=True)


def test_home_page_has_no_horizontal_scroll_on_a_phone(page, live_server):
    build_world()
    page.set_viewport_size({"width": 390, "height": 844})

    _log_in(page, live_server)
    page.locator("main").get_by_text("Trần Thị Mai").first.wait_for()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, ARTIFACTS, "home-phone", full_page=True)
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        page.get_by_role("button", name="Mở/đóng menu").click()
        page.get_by_role("link", name="Bộ tiêu chí", exact=True).wait_for()
        page.locator("#main-nav.collapse.show").wait_for()  # the opening animation is over
        screenshot(page, ARTIFACTS, "menu-phone", full_page=True)


def test_unit_pages_fit_a_phone(page, live_server):
    world = build_world()
    _log_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})

    for url in (
        reverse("units:unit_list"),
        reverse("units:unit_detail", args=[world.gov_a.pk]),
        reverse("criteria:set_detail", args=[world.staff_set.pk]),
    ):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        page.goto(live_server.url + reverse("units:unit_detail", args=[world.gov_a.pk]))
        screenshot(page, ARTIFACTS, "unit-phone", full_page=True)
