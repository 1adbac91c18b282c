"""The shared behaviours of forms (templates/includes/error_summary.html, static/js/site.js,
static/css/site.css) in Chromium, under the site's Content-Security-Policy: the error summary
takes the focus and its links lead to their fields; text boxes are at least 3 lines tall and
grow with their text; on a phone primary buttons are 44 px tall and ticks 24 px."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from evaluations import services
from evaluations.models import Evaluation
from tests.factories.evaluations import CycleFactory
from tests.factories.world import build_world

from .steps import log_in, open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_error_summary_takes_the_focus_and_links_to_each_field(page, live_server):
    build_world()
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert").filter(has_text="Có lỗi cần sửa")
    summary.wait_for()

    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Tên đăng nhập – Trường này là bắt buộc.",
        "Mật khẩu – Trường này là bắt buộc.",
    ]
    links.nth(1).click()
    assert page.evaluate("document.activeElement.id") == "id_password"


def test_text_boxes_are_three_lines_and_grow_with_the_text(page, live_server):
    world = build_world()
    cycle = CycleFactory(scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    own = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0001")
    log_in(page, live_server, "BD0001")
    page.goto(live_server.url + reverse("evaluations:self_form", args=[own.pk]))

    lines = page.locator("textarea").evaluate_all(
        "boxes => boxes.map(b => b.clientHeight / parseFloat(getComputedStyle(b).lineHeight))"
    )
    assert lines and min(lines) >= 3, lines
    box = page.get_by_label("Ưu điểm")
    before = box.bounding_box()["height"]
    box.fill("\n".join(f"Dòng {n}" for n in range(1, 9)))
    after = box.bounding_box()["height"]
    assert after > before * 2, (before, after)
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1")  # all 8 lines in view


def test_on_a_phone_primary_buttons_are_44_px_and_targets_24(page, live_server):
    world = build_world()
    campaign = open_campaign(world)
    commitment = Commitment.objects.get(campaign=campaign, person__staff_code="BD0001")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("login"))
    assert page.get_by_role("button", name="Đăng nhập").bounding_box()["height"] >= 44

    log_in(page, live_server, "BD0001")
    page.goto(live_server.url + reverse("commitments:detail", args=[commitment.pk]))
    assert page.get_by_role("button", name="Ký bản cam kết").bounding_box()["height"] >= 44
    tick = page.get_by_label("Tôi đã đọc toàn bộ nội dung và cam kết thực hiện.").bounding_box()
    assert tick["width"] >= 24 and tick["height"] >= 24, tick
    crumb = page.locator(".breadcrumb-item a").first.bounding_box()
    assert crumb["height"] >= 24, crumb
    page.goto(live_server.url + reverse("units:unit_list"))
    heights = page.locator("main .table a:not(.btn)").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24, heights
