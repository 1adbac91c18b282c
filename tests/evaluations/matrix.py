"""The evaluation pages' rows of the permission matrix (tests/test_permissions_matrix.py).

The matrix's world gets an open cycle over the district, built once per world on first use:
the staff member's evaluation signed off, a colleague's (same unit) with colleagues asked,
the staff member among them, and an evaluation in another ward not started.
"""

from evaluations import services
from evaluations.models import Cycle, Evaluation
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from units.models import Person

from .factories import CycleFactory, fill


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


EVALUATION_URLS = {
    "ev_my_list": ("evaluations:my_list", None),
    "ev_colleague_list": ("evaluations:colleague_list", None),
    "ev_head_list": ("evaluations:head_list", None),
    "ev_published": ("evaluations:published", _pk("cycle")),
    "ev_self_own": ("evaluations:self_form", _pk("own")),
    "ev_self_other": ("evaluations:self_form", _pk("other")),
    "ev_result_own": ("evaluations:result", _pk("own")),
    "ev_result_peer": ("evaluations:result", _pk("peer")),
    "ev_acknowledge": ("evaluations:acknowledge", _pk("own")),
    "ev_colleague_asked": ("evaluations:colleague_form", _pk("peer")),
    "ev_colleague_other": ("evaluations:colleague_form", _pk("other")),
    "ev_head_form": ("evaluations:head_form", _pk("peer")),
    "ev_review_unit": ("evaluations:review", _pk("peer")),
    "ev_review_other": ("evaluations:review", _pk("other")),
    "ev_colleagues_pick": ("evaluations:colleagues_pick", _pk("peer")),
    "ev_send_to_head": ("evaluations:send_to_head", _pk("peer")),
    "ev_conclude": ("evaluations:conclude", _pk("peer")),
    "ev_sign_off": ("evaluations:sign_off", _pk("peer")),
    "ev_return": ("evaluations:return", _pk("peer")),
    "ev_publish": ("evaluations:publish", _pk("own")),
    "ev_print_own": ("evaluations:print", _pk("own")),
    "ev_print_other": ("evaluations:print", _pk("other")),
    "ev_reminders": ("evaluations:reminders", _pk("cycle")),
    "ev_publish_all": ("evaluations:publish_all", _pk("cycle")),
    "ev_collective": ("evaluations:collective", _pk("cycle")),
}

_ = 200
N = 404
P = 405  # a POST-only button: allowed, but not with GET
# fmt: off
EVALUATION_EXPECTED = {
    # lists: mine colleagues head published | self own/other | result own/peer, acknowledge |
    # colleague asked/other | head form | review unit/other | pick | send conclude sign
    # return publish | print own/other | reminders publish_all collective
    "staff": [_, _, N, _, _, N, _, N, P, _, N, N, N, N, N, N, N, N, N, N, _, N, N, N, N],
    "head": [_, _, _, _, N, N, N, N, N, N, N, _, _, N, _, P, P, P, P, P, _, N, P, P, _],
    "clerk": [_, _, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
    "home_affairs": [_, _, N, N, N, N, N, N, N, N, N, N, _, _, N, N, N, N, N, N, _, _, N, N, N],
    "organisation_board": [_, _, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],  # noqa: E501
    "administrator": [_, _, N, N, N, N, N, N, N, N, N, N, _, _, N, N, N, N, N, N, _, _, N, N, N],
    "superuser": [_, _, N, N, N, N, _, _, P, N, N, N, _, _, _, P, P, P, P, P, _, _, N, N, N],
}
# fmt: on
