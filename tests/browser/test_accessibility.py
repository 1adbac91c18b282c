"""Every main page of every persona, in Chromium: axe-core finds no serious or critical
violation at 390 × 844 (a phone) and at 1366 × 900 (a desktop), and no page is wider than
the viewport at 320 px (WCAG 1.4.10). One test per persona, one browser for the module, one
logged-in context per test, one load per page (the viewport is resized in place).
"""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from evaluations import services
from evaluations.models import Evaluation
from tests.commitments.matrix import _data as commitment_data
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.units import PersonFactory
from tests.factories.world import build_world
from units.models import Person

from .a11y import axe_context, axe_violations, check_page, reflow
from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world():
    """The matrix's world with an open cycle: the staff member's self-assessment not started;
    a colleague's (BD0003) sent to the head; BD0004 asked to assess BD0005; the commitments
    of tests/commitments/matrix.py (BD0001 signed online, ward A's government report sent)."""
    world = build_world()
    peer = PersonFactory(
        unit=world.gov_a, full_name="Vũ Thị Lan", staff_code="BD0003", user__username="BD0003"
    )
    assessor = PersonFactory(
        unit=world.gov_a, full_name="Ngô Văn Nam", staff_code="BD0004", user__username="BD0004"
    )
    asked = PersonFactory(
        unit=world.gov_a, full_name="Hoàng Thị Thu", staff_code="BD0005", user__username="BD0005"
    )
    cycle = CycleFactory(scope=[world.district])
    services.cycle_open(cycle=cycle, actor=world.users["superuser"])
    evaluation = Evaluation.objects.get(cycle=cycle, person=peer)
    fill(evaluation, peer, "self", 7)
    services.self_assessment_submit(evaluation=evaluation, actor=peer.user)
    head = Person.objects.get(staff_code="BD0002")
    services.evaluation_send_to_head(evaluation=evaluation, actor=head.user)
    asked_evaluation = Evaluation.objects.get(cycle=cycle, person=asked)
    fill(asked_evaluation, asked, "self", 8)
    services.self_assessment_submit(evaluation=asked_evaluation, actor=asked.user)
    services.colleagues_assign(evaluation=asked_evaluation, colleagues=[assessor], actor=head.user)
    commitments = commitment_data(world)
    own = Evaluation.objects.get(cycle=cycle, person__staff_code="BD0001")
    return {
        "world": world,
        "cycle": cycle,
        "own": own,
        "peer": evaluation,
        "asked": asked_evaluation,
        "commitment": Commitment.objects.get(person__staff_code="BD0001"),
        "campaign": commitments["campaign"],
        "report": commitments["report"],
    }


def _staff(d):
    own, commitment = d["own"], d["commitment"]
    return [
        reverse("home"),
        reverse("evaluations:my_list"),
        reverse("evaluations:self_form", args=[own.pk]),
        reverse("evaluations:colleague_list"),
        reverse("commitments:index"),
        reverse("commitments:detail", args=[commitment.pk]),
        reverse("commitments:print", args=[commitment.pk]),
        reverse("units:unit_list"),
        reverse("criteria:set_list"),
        reverse("password_change"),
    ]


def _colleague(d):
    return [
        reverse("home"),
        reverse("evaluations:colleague_list"),
        reverse("evaluations:colleague_form", args=[d["asked"].pk]),
    ]


def _head(d):
    peer, cycle = d["peer"], d["cycle"]
    return [
        reverse("home"),
        reverse("evaluations:head_list"),
        reverse("evaluations:review", args=[peer.pk]),
        reverse("evaluations:head_form", args=[peer.pk]),
        reverse("evaluations:colleagues_pick", args=[peer.pk]),
        reverse("evaluations:print", args=[peer.pk]),
        reverse("evaluations:collective", args=[cycle.pk]),
        reverse("evaluations:published", args=[cycle.pk]),
    ]


def _clerk(d):
    world = d["world"]
    return [
        reverse("home"),
        reverse("commitments:index"),
        reverse("commitments:office", args=[d["campaign"].pk, world.ward_a.pk, "government"]),
        reverse("commitments:report_detail", args=[d["report"].pk]),
    ]


def _reviewer(d):
    return [
        reverse("home"),
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + "?print=1",
        reverse("reports:criteria"),
        reverse("reports:people"),
        reverse("reports:trend"),
        reverse("commitments:index"),
        reverse("commitments:tracking", args=[d["campaign"].pk]),
    ]


def _administrator(d):
    world = d["world"]
    return [
        reverse("home"),
        reverse("units:unit_detail", args=[world.gov_a.pk]),
        reverse("admin:index"),
        reverse("admin:units_person_changelist"),
        reverse("admin:units_unit_change", args=[world.gov_a.pk]),
    ]


PERSONAS = {
    "staff": ("BD0001", _staff),
    "colleague": ("BD0004", _colleague),
    "head": ("BD0002", _head),
    "clerk": ("vp-bode", _clerk),
    "home_affairs": ("noivu", _reviewer),
    "organisation_board": ("bantochuc", _reviewer),
    "administrator": ("quantri", _administrator),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_main_page_passes_axe_and_reflows(browser, live_server, persona):
    username, pages = PERSONAS[persona]
    data = _world()
    with axe_context(browser) as context:
        page = context.new_page()
        log_in(page, live_server, username)
        problems = []
        for path in pages(data):
            problems += check_page(page, live_server.url + path)

    assert problems == [], "\n".join(problems)


def test_the_login_page_passes_axe_and_reflows(browser, live_server):
    build_world()
    with axe_context(browser) as context:
        page = context.new_page()
        problems = check_page(page, live_server.url + reverse("login"))
        page.get_by_role("button", name="Đăng nhập").click()  # the error summary, too
        page.wait_for_load_state("load")
        problems += [str(v) for v in axe_violations(page)]

    assert problems == [], "\n".join(problems)


def test_axe_would_see_a_violation(browser, live_server):
    """The check works: a button without a name and a too-wide block are both reported."""
    build_world()
    with axe_context(browser) as context:
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend',"
            " '<button type=button></button><div class=\"w-wide\"></div>');"
            "Object.assign(document.querySelector('.w-wide').style,"
            " {width: '900px', height: '1em'});"
        )
        violations = axe_violations(page)
        page.set_viewport_size({"width": 320, "height": 640})
        wide = reflow(page)

    assert "button-name" in {v["id"] for v in violations}
    assert wide["scrollWidth"] > wide["clientWidth"], wide
