"""The phone layouts of issue 13 at 390 × 844: the head's side-by-side review stacks per
criterion, the printable form reflows on screen and stays A4 in print, the dashboard's tables
scroll inside labelled regions with their first column in view.

With SAVE_SCREENSHOTS=1 the pages are saved to docs/screenshots/phone-*.png (the README's).
"""

from pathlib import Path

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Evaluation
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.reports import make_district
from tests.factories.units import PersonFactory
from tests.factories.world import build_world
from units.models import Person

from .steps import load_decision_criteria, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
COLLEAGUES = [("BD0004", "Hoàng Minh Đức"), ("BD0005", "Ngô Thanh Hương"), ("BD0006", "Lý Văn An")]


def _reviewed():
    """Trần Thị Mai's evaluation under the Decision's criteria, with her self-assessment,
    three colleagues' and the head's own assessment: every column of the review is filled."""
    world = build_world()
    load_decision_criteria(world)
    person = PersonFactory(
        unit=world.gov_a, full_name="Trần Thị Mai", staff_code="BD0003", user__username="BD0003"
    )
    colleagues = [
        PersonFactory(unit=world.gov_a, full_name=name, staff_code=code, user__username=code)
        for code, name in COLLEAGUES
    ]
    cycle = CycleFactory(scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    evaluation = Evaluation.objects.get(cycle=cycle, person=person)
    head = Person.objects.get(staff_code="BD0002")
    fill(evaluation, person, "self", 9)
    services.self_assessment_submit(evaluation=evaluation, actor=person.user)
    services.colleagues_assign(evaluation=evaluation, colleagues=colleagues, actor=head.user)
    for colleague, value in zip(colleagues, (8, 9, 8.5), strict=True):
        fill(evaluation, colleague, "colleague", value)
        services.colleague_assessment_submit(evaluation=evaluation, actor=colleague.user)
    services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)
    fill(evaluation, head, "head", 8.5)
    services.head_assessment_submit(evaluation=evaluation, actor=head.user)
    return evaluation


# Per criterion row of the score table: the criterion's box and the boxes of its scores.
ROWS = """
table => [...table.tBodies[0].rows].filter(r => !r.classList.contains("group-row")).map(r => ({
  table: table.getBoundingClientRect().width,
  criterion: r.querySelector(".stack-main").getBoundingClientRect().toJSON(),
  scores: [...r.querySelectorAll("td[data-label]")].map(c => c.getBoundingClientRect().toJSON()),
}))
"""


def _on_a_phone(page, live_server, url, username="BD0002", **login):
    """At a phone's size, logged in as ``username`` (the head by default), on ``url``."""
    page.set_viewport_size(PHONE)
    log_in(page, live_server, username, **login)
    page.goto(live_server.url + url)


def test_the_side_by_side_review_stacks_per_criterion_on_a_phone(page, live_server):
    evaluation = _reviewed()
    _on_a_phone(page, live_server, reverse("evaluations:review", args=[evaluation.pk]))
    table = page.locator("table.score-table")
    table.wait_for()

    rows = table.evaluate(ROWS)
    assert len(rows) == 6  # the Decision's criteria for staff
    for row in rows:
        # The criterion reads on one wide line, not one syllable per line ...
        assert row["criterion"]["width"] >= 0.8 * row["table"], row
        # ... then self, colleagues and head side by side under it.
        assert len(row["scores"]) == 4, row  # max, self, colleagues' average, head
        tops = {round(score["top"]) for score in row["scores"]}
        assert len(tops) == 1, row
        assert min(tops) >= row["criterion"]["bottom"] - 1, row
    assert table.locator("td[data-label='Đồng nghiệp (trung bình)']").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, SHOTS, "phone-review", full_page=True)

    # Wider than a phone, it is the table again: one line per criterion, scores in columns.
    page.set_viewport_size({"width": 1366, "height": 900})
    wide = table.evaluate(ROWS)[0]
    assert len({round(score["top"]) for score in wide["scores"]}) == 1
    assert wide["criterion"]["width"] < 0.6 * wide["table"]


def test_the_printable_form_reflows_on_a_phone_and_prints_on_a4(page, live_server):
    evaluation = _reviewed()
    _on_a_phone(page, live_server, reverse("evaluations:print", args=[evaluation.pk]))
    motto = page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto.wait_for()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = motto.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    screenshot(page, SHOTS, "phone-print", full_page=True)

    # Printing keeps the A4 layout: issuer and motto side by side, the motto on one line.
    page.emulate_media(media="print")
    cells = page.locator("table.heading td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c).display)"
    )
    assert cells == ["table-cell", "table-cell"]
    assert motto.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert page.locator(".toolbar").is_hidden()


def test_the_dashboard_tables_scroll_in_labelled_regions_on_a_phone(page, live_server):
    make_district(people=300, cycles=2)
    # The generator's account.
    _on_a_phone(page, live_server, reverse("reports:dashboard"), "bm-noivu", password="bm-noivu")
    page.wait_for_function("Object.keys(Chart.instances).length >= 1")

    regions = page.locator(".table-region")
    assert regions.count() >= 3
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        labelled = region.get_attribute("aria-labelledby")
        name = region.get_attribute("aria-label") or page.locator(f"#{labelled}").inner_text()
        assert name.strip(), region.inner_html()[:200]
        first = region.locator("tbody tr td, tbody tr th").first
        if first.count():
            assert first.evaluate("c => getComputedStyle(c).position") == "sticky"
    page.evaluate("new Promise(done => requestAnimationFrame(() => setTimeout(done, 200)))")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, SHOTS, "phone-dashboard")  # the top: the filters and the key figures
    # The first table from its heading on, scrolled sideways: the names stay in view.
    page.locator(".table-region >> visible=true").first.evaluate(
        "r => { window.scrollTo({top: r.getBoundingClientRect().top + window.scrollY - 120,"
        " behavior: 'instant'});"
        " r.scrollLeft = 1e4; }"
    )
    screenshot(page, SHOTS, "phone-dashboard-table")
