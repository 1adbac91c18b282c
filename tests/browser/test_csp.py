"""The Content-Security-Policy in Chromium: the main pages of the main personas load without
a single violation reported (``securitypolicyviolation`` events and the console's "Refused
to …" errors), and what their scripts do still works: the live total of the
self-assessment, the report charts, the print buttons, the admin's own scripts.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commitments.models import Commitment
from evaluations import services
from evaluations.models import Evaluation
from tests.commitments.matrix import _data as commitment_data
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.units import PersonFactory
from tests.factories.world import build_world
from units.models import Person

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every document before its own scripts; Playwright injects it, the policy does not
# apply to it. Violations go to Python through an exposed function, across navigations.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.reportCspViolation([
    event.violatedDirective, event.blockedURI, event.sourceFile + ":" + event.lineNumber,
    event.sample,
  ].join(" "));
});
"""


@pytest.fixture
def violations(page):
    found = []
    page.expose_function("reportCspViolation", lambda text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(f"console: {message.text}")

    page.on("console", on_console)
    return found


def _setup():
    """The matrix's world with an open cycle: the staff member's self-assessment not started,
    a colleague's sent to the head; the commitments of tests/commitments/matrix.py."""
    world = build_world()
    peer = PersonFactory(
        unit=world.gov_a, full_name="Vũ Thị Lan", staff_code="BD0003", user__username="BD0003"
    )
    cycle = CycleFactory(scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    evaluation = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0003")
    fill(evaluation, peer, "self", 7)
    services.self_assessment_submit(evaluation=evaluation, actor=peer.user)
    head = Person.objects.get(staff_code="BD0002")
    services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)
    commitment_data(world)
    own = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0001")
    return world, own, evaluation


def _visit(page, live_server, path, violations):
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    assert violations == [], f"{path}: {violations}"


def test_the_main_pages_run_under_the_policy(page, live_server, violations):
    world, own, peer = _setup()

    def visit(path):
        _visit(page, live_server, path, violations)

    # Staff: home, own evaluations, the self-assessment with its live total, the commitment.
    log_in(page, live_server, "BD0001")
    assert violations == []
    for path in (reverse("home"), reverse("evaluations:my_list")):
        visit(path)
    visit(reverse("evaluations:self_form", args=[own.pk]))
    total = page.locator("#assessment-total")
    before = total.inner_text()
    page.locator("input.score-input").first.fill("10")
    expect(total).not_to_have_text(before)
    commitment = Commitment.objects.get(person__staff_code="BD0001")
    visit(reverse("commitments:detail", args=[commitment.pk]))
    visit(reverse("commitments:print", args=[commitment.pk]))
    _expect_print_button(page)
    assert violations == []

    # Head: the unit's list, the review page of a colleague's evaluation, its print page.
    log_in(page, live_server, "BD0002")
    visit(reverse("home"))
    visit(reverse("evaluations:head_list"))
    visit(reverse("evaluations:review", args=[peer.pk]))
    visit(reverse("evaluations:print", args=[peer.pk]))
    _expect_print_button(page)

    # Office clerk: the office's list of commitments.
    log_in(page, live_server, "vp-bode")
    office = commitment_data(world)["campaign"].pk, world.ward_a.pk, "government"
    visit(reverse("commitments:office", args=office))
    visit(reverse("commitments:index"))

    # Phòng Nội vụ: the dashboard draws its charts on screen and on the A4 page.
    log_in(page, live_server, "noivu")
    visit(reverse("reports:dashboard"))
    page.wait_for_function("Object.keys(Chart.instances).length >= 1")
    chart = page.locator("canvas[data-chart]").first
    assert chart.bounding_box()["height"] > 100  # the box got its height from charts.js
    visit(reverse("reports:criteria"))
    visit(reverse("reports:dashboard") + "?print=1")
    page.wait_for_function("Object.keys(Chart.instances).length >= 1")
    _expect_print_button(page)
    assert violations == []

    # Administrator: the admin's index, a change form, the criteria set's page with its
    # tools, a history, the roster's list and export page (django-import-export).
    log_in(page, live_server, "quantri")
    visit(reverse("admin:index"))
    visit(reverse("admin:units_unit_change", args=[world.gov_a.pk]))
    criteria_set = reverse("admin:criteria_criteriaset_change", args=[world.staff_set.pk])
    visit(criteria_set)
    tool = page.get_by_role("button", name="Tạo phiên bản mới")
    expect(tool).to_be_visible()
    assert tool.evaluate("button => getComputedStyle(button).cursor") == "pointer"
    visit(reverse("admin:units_unit_history", args=[world.gov_a.pk]))
    visit(reverse("admin:units_person_changelist"))
    visit(reverse("admin:units_person_export"))
    expect(page.get_by_role("button", name="Gửi")).to_be_visible()
    visit(reverse("admin:units_person_add"))
    campaign = commitment_data(world)["campaign"].pk
    visit(reverse("admin:commitments_campaign_change", args=[campaign]))
    page.locator(".datetimeshortcuts a").first.click()  # the admin's own date widget
    assert violations == []


def test_a_violation_would_be_seen(page, live_server, violations):
    """The listener works: an inline style added to a served page is reported."""
    build_world()
    page.goto(live_server.url + reverse("login"))
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("document.querySelector('p[style]') !== null")
    for _ in range(50):  # the event is dispatched after the style is refused
        if violations:
            break
        page.wait_for_timeout(20)

    assert any("style-src" in item for item in violations), violations


def _expect_print_button(page):
    button = page.get_by_role("button", name=re.compile("^In$"))
    expect(button).to_be_visible()
    # window.print is replaced so that the headless browser does not open a dialog.
    page.evaluate("window.printed = false; window.print = function () { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed") is True
