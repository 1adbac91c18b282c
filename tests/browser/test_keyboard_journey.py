"""Without a mouse: a staff member logs in, fills in and sends the self-assessment, then
reads and signs the commitment with the keyboard alone (Tab to move, typing in the fields,
an arrow in a list, Space to tick, Enter to follow a link or send a form). Every element
the focus lands on shows it (WCAG 2.4.7). The page's own Content-Security-Policy applies.
"""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from evaluations import services
from evaluations.models import Assessment, Evaluation
from tests.factories.evaluations import CycleFactory
from tests.factories.units import DEFAULT_PASSWORD
from tests.factories.world import build_world

from .steps import open_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 200

FOCUSED = """
selector => {
  const element = document.activeElement;
  if (!element || !element.matches(selector)) return null;
  const style = getComputedStyle(element);
  return {outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow};
}
"""


def tab_to(page, selector):
    """Press Tab until the focus is on an element matching ``selector``; the focus must be
    visible there (an outline or Bootstrap's focus ring)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED, selector)
        if focus is not None:
            visible = focus["outline"] != "none" and focus["width"] != "0px"
            assert visible or focus["shadow"] != "none", f"focus not visible on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def _label_target(page, label):
    return "#" + page.get_by_label(label).first.get_attribute("id")


def _setup():
    world = build_world()
    cycle = CycleFactory(scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    campaign = open_campaign(world)
    evaluation = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0001")
    return evaluation, Commitment.objects.get(campaign=campaign, person__staff_code="BD0001")


def _press_enter_on(page, selector):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_self_assessment_and_commitment_with_the_keyboard_only(page, live_server):
    evaluation, commitment = _setup()

    page.goto(live_server.url + reverse("login"))
    tab_to(page, "#id_username")
    page.keyboard.type("BD0001")
    tab_to(page, "#id_password")
    page.keyboard.type(DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + reverse("home")

    # The self-assessment: from the menu to the form, every score and the self-report.
    _press_enter_on(page, f"a[href='{reverse('evaluations:my_list')}']")
    _press_enter_on(page, f"a[href='{reverse('evaluations:self_form', args=[evaluation.pk])}']")
    for score in page.locator("input.score-input").evaluate_all("els => els.map(e => e.id)"):
        tab_to(page, f"#{score}")
        page.keyboard.type("8")
    tab_to(page, _label_target(page, "Ưu điểm"))
    page.keyboard.type("Chủ động, tận tụy với công việc.")
    tab_to(page, _label_target(page, "Hạn chế, khuyết điểm và hướng khắc phục"))
    page.keyboard.type("Cần nâng cao kỹ năng tin học.")
    tab_to(page, _label_target(page, "Mức xếp loại tự đề xuất"))
    page.keyboard.press("ArrowDown")
    _press_enter_on(page, "button[name='action'][value='submit']")
    _confirm_if_asked(page, lambda: _self_submitted(evaluation))
    assert _self_submitted(evaluation)

    # The commitment: read it, type the name and password, tick, sign.
    page.goto(live_server.url + reverse("home"))
    _press_enter_on(page, f"a[href='{reverse('commitments:detail', args=[commitment.pk])}']")
    tab_to(page, _label_target(page, "Gõ họ và tên của bạn"))
    page.keyboard.type(commitment.person.full_name)
    tab_to(page, _label_target(page, "Mật khẩu của bạn"))
    page.keyboard.type(DEFAULT_PASSWORD)
    tab_to(page, "input[type='checkbox']")
    page.keyboard.press("Space")
    assert page.locator("input[type='checkbox']").is_checked()
    _press_enter_on(page, "main form button[type='submit']")
    page.get_by_text("Bản cam kết của bạn đã được ký và ghi nhận.").wait_for()
    commitment.refresh_from_db()
    assert commitment.is_signed


def _self_submitted(evaluation):
    own = Assessment.objects.get(evaluation=evaluation, kind="self")
    return own.status == "submitted"


def _confirm_if_asked(page, done):
    """A confirmation step before an act that cannot be undone, where there is one: its
    primary button, reached with Tab and pressed with Enter."""
    if not done():
        _press_enter_on(page, "main form button[type='submit'].btn-primary")
