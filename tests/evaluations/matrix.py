"""The evaluation pages of the permission matrix (tests/test_permissions_matrix.py).

The matrix's world gets an open cycle over the district, built once per world on first use:
the staff member's evaluation signed off, a colleague's (same unit) with colleagues asked,
the staff member among them, and an evaluation in another ward not started.
"""

from core.seals import verification_code
from evaluations import services
from evaluations.models import Cycle, Evaluation
from tests.factories.evaluations import CycleFactory, fill
from tests.factories.units import DEFAULT_PASSWORD, PersonFactory
from tests.matrix import POST_ONLY, REFUSED_STEP, Page, everyone, everyone_but, nobody, only
from units.models import Person


def _data(world):
    if not hasattr(world, "_evaluations"):
        superuser = world.users["superuser"]
        staff = Person.objects.get(staff_code="BD0001")
        head = Person.objects.get(staff_code="BD0002")
        peer = PersonFactory(
            unit=world.gov_a,
            full_name="Vũ Thị Lan",
            staff_code="BD0003",
            user__username="BD0003",
        )
        cycle = CycleFactory(scope=[world.district])
        services.cycle_open(cycle=cycle, actor=superuser)
        by_code = {
            e.person.staff_code: e
            for e in Evaluation.objects.filter(cycle=cycle).select_related("person")
        }
        own, other = by_code["BD0001"], by_code["GT0001"]
        fill(own, staff, "self", 8)
        services.self_assessment_submit(evaluation=own, actor=staff.user)
        services.evaluation_send_to_head(evaluation=own, actor=head.user)
        fill(own, head, "head", 9)
        services.head_assessment_submit(evaluation=own, actor=head.user)
        services.evaluation_conclude(evaluation=own, actor=head.user)
        services.evaluation_sign_off(evaluation=own, actor=head.user, password=DEFAULT_PASSWORD)
        colleague = by_code["BD0003"]
        fill(colleague, peer, "self", 7)
        services.self_assessment_submit(evaluation=colleague, actor=peer.user)
        services.colleagues_assign(evaluation=colleague, colleagues=[staff], actor=head.user)
        world._evaluations = {
            "cycle": Cycle.objects.get(pk=cycle.pk),
            "own": own,
            "peer": colleague,
            "other": other,
        }
    return world._evaluations


def _pk(key):
    return lambda world: _data(world)[key].pk


def _code(world):
    """The printed verification code of the staff member's signed evaluation."""
    return verification_code(Evaluation.objects.get(pk=_data(world)["own"].pk).content_sha256)


# The staff member's own evaluation is signed off; the peer's (same unit) waits for the
# head, with the staff member asked as a colleague; the other ward's is not started.
REVIEWERS = only("head", "home_affairs", "administrator", "superuser")
HEAD_BUTTON = only("head", "superuser", status=POST_ONLY)
# A confirmation page (core.views.ConfirmActionMixin): 200 for who may take the step, or
# back to the page with a message when the state does not allow it; 404 for anyone else.
HEAD_CONFIRM = only("head", "superuser")
HEAD_CONFIRM_REFUSED = only("head", "superuser", status=REFUSED_STEP)
# Another ward's evaluation (not started): a 404 for all but the superuser, who may open any
# page and is sent back because the state does not allow the step.
SUPERUSER_REFUSED = only("superuser", status=REFUSED_STEP)
CYCLE_BUTTON = only("head", status=POST_ONLY)
EVALUATION_PAGES = {
    "ev_my_list": Page("evaluations:my_list", None, everyone()),
    "ev_colleague_list": Page("evaluations:colleague_list", None, everyone()),
    "ev_head_list": Page("evaluations:head_list", None, only("head")),
    "ev_published": Page("evaluations:published", _pk("cycle"), only("staff", "head")),
    "ev_self_own": Page("evaluations:self_form", _pk("own"), only("staff")),
    # Already sent: the person is sent back with a message; nobody else may.
    "ev_self_submit_own": Page(
        "evaluations:self_submit", _pk("own"), only("staff", status=REFUSED_STEP)
    ),
    "ev_self_submit_other": Page("evaluations:self_submit", _pk("other"), nobody()),
    "ev_self_other": Page("evaluations:self_form", _pk("other"), nobody()),
    "ev_result_own": Page("evaluations:result", _pk("own"), only("staff", "superuser")),
    "ev_result_peer": Page("evaluations:result", _pk("peer"), only("superuser")),
    "ev_acknowledge": Page(
        "evaluations:acknowledge", _pk("own"), only("staff", "superuser", status=POST_ONLY)
    ),
    "ev_colleague_asked": Page("evaluations:colleague_form", _pk("peer"), only("staff")),
    "ev_colleague_other": Page("evaluations:colleague_form", _pk("other"), nobody()),
    # The staff member's colleague draft is not saved yet: back to the form, with a message.
    "ev_colleague_submit": Page(
        "evaluations:colleague_submit", _pk("peer"), only("staff", status=REFUSED_STEP)
    ),
    "ev_colleague_submit_other": Page("evaluations:colleague_submit", _pk("other"), nobody()),
    "ev_head_form": Page("evaluations:head_form", _pk("peer"), only("head")),
    # Not in head review: back to the review page, with a message.
    "ev_head_submit": Page(
        "evaluations:head_submit", _pk("peer"), only("head", status=REFUSED_STEP)
    ),
    "ev_head_submit_other": Page("evaluations:head_submit", _pk("other"), nobody()),
    "ev_review_unit": Page("evaluations:review", _pk("peer"), REVIEWERS),
    "ev_review_other": Page(
        "evaluations:review", _pk("other"), only("home_affairs", "administrator", "superuser")
    ),
    "ev_colleagues_pick": Page(
        "evaluations:colleagues_pick", _pk("peer"), only("head", "superuser")
    ),
    # The peer's colleague (the staff member) has not answered: the head is asked first.
    "ev_send_to_head": Page("evaluations:send_to_head", _pk("peer"), HEAD_CONFIRM),
    "ev_send_to_head_other": Page("evaluations:send_to_head", _pk("other"), SUPERUSER_REFUSED),
    "ev_conclude": Page("evaluations:conclude", _pk("peer"), HEAD_BUTTON),
    "ev_sign_off": Page("evaluations:sign_off", _pk("peer"), HEAD_CONFIRM_REFUSED),
    "ev_sign_off_other": Page("evaluations:sign_off", _pk("other"), SUPERUSER_REFUSED),
    "ev_return": Page("evaluations:return", _pk("peer"), HEAD_CONFIRM),
    "ev_return_other": Page("evaluations:return", _pk("other"), SUPERUSER_REFUSED),
    "ev_publish": Page("evaluations:publish", _pk("own"), HEAD_CONFIRM),
    "ev_publish_other": Page("evaluations:publish", _pk("other"), SUPERUSER_REFUSED),
    "ev_reopen": Page("evaluations:reopen", _pk("own"), only("administrator", "superuser")),
    "ev_reopen_not_sealed": Page(
        "evaluations:reopen", _pk("peer"), only("administrator", "superuser", status=REFUSED_STEP)
    ),
    "ev_print_own": Page(
        "evaluations:print", _pk("own"), everyone_but("clerk", "organisation_board")
    ),
    "ev_print_other": Page(
        "evaluations:print", _pk("other"), only("home_affairs", "administrator", "superuser")
    ),
    "ev_verify_own": Page("evaluations:verify", _code, everyone_but("clerk", "organisation_board")),
    "ev_verify_unknown": Page("evaluations:verify", lambda world: "AAAAA-AAAAA", nobody()),
    "ev_reminders": Page("evaluations:reminders", _pk("cycle"), CYCLE_BUTTON),
    "ev_publish_all": Page("evaluations:publish_all", _pk("cycle"), only("head")),
    "ev_collective": Page("evaluations:collective", _pk("cycle"), only("head")),
}
