"""The commitment pages of the permission matrix (tests/test_permissions_matrix.py).

The world of the matrix gets an open campaign, the staff member's commitment signed online,
the Party person's signed on paper and the ward's government report submitted; built once
per world, on first use.
"""

import datetime

from commitments import services
from commitments.models import Campaign, Commitment
from commitments.permissions import Office
from core.seals import verification_code
from tests.factories.commitments import upload
from tests.factories.units import DEFAULT_PASSWORD
from tests.matrix import POST_ONLY, REFUSED_STEP, Page, everyone, everyone_but, nobody, only
from units.models import Block, Person


def _data(world):
    if not hasattr(world, "_commitments"):
        superuser = world.users["superuser"]
        campaign = Campaign.objects.create(
            year=2021,
            unit_deadline=datetime.date(2021, 10, 8),
            final_deadline=datetime.date(2021, 10, 10),
        )
        campaign.scope_units.set([world.district])
        services.campaign_open(campaign=campaign, actor=superuser)
        by_code = {c.person.staff_code: c for c in Commitment.objects.select_related("person")}
        staff = Person.objects.get(staff_code="BD0001")
        services.commitment_sign_online(
            commitment=by_code["BD0001"],
            actor=staff.user,
            typed_name=staff.full_name,
            password=DEFAULT_PASSWORD,
        )
        services.commitment_record_paper(
            commitment=by_code["BD0100"],
            actor=superuser,
            scan=upload(),
            signed_on=datetime.date(2021, 10, 7),
        )
        report = services.unit_report_submit(
            office=Office(campaign, world.ward_a, Block.GOVERNMENT), actor=superuser
        )
        world._commitments = {"campaign": campaign, "report": report, **by_code}
    return world._commitments


def _pk(key):
    return lambda world: _data(world)[key].pk


def _code(key):
    """The printed verification code of a signed commitment of the world."""
    return lambda world: verification_code(
        Commitment.objects.get(pk=_data(world)[key].pk).seal_sha256
    )


def _office(world):
    return [_data(world)["campaign"].pk, world.ward_a.pk, Block.GOVERNMENT]


def _office_other_ward(world):
    return [_data(world)["campaign"].pk, world.ward_b.pk, Block.GOVERNMENT]


# The clerk keeps the government office of ward A, where the staff member (BD0001) works;
# BD0100 is in the Party block, GT0001 in ward B.
OWN = only("staff", "clerk", "home_affairs", "administrator", "superuser")
OTHER_WARD = only("home_affairs", "administrator", "superuser")
OTHER_BLOCK = only("organisation_board", "administrator", "superuser")
DISTRICT = only("home_affairs", "organisation_board", "administrator", "superuser")
# POST-only buttons refuse a GET whoever asks (the POST rules are tested in tests/commitments).
COMMITMENT_PAGES = {
    "cm_index": Page("commitments:index", None, everyone()),
    "cm_own": Page("commitments:detail", _pk("BD0001"), OWN),
    "cm_other_ward": Page("commitments:detail", _pk("GT0001"), OTHER_WARD),
    "cm_other_block": Page("commitments:detail", _pk("BD0100"), OTHER_BLOCK),
    "cm_print": Page("commitments:print", _pk("BD0001"), OWN),
    "cm_verify_own": Page("commitments:verify", _code("BD0001"), OWN),
    "cm_verify_other_block": Page("commitments:verify", _code("BD0100"), OTHER_BLOCK),
    "cm_verify_unknown": Page("commitments:verify", lambda world: "AAAAA-AAAAA", nobody()),
    "cm_scan": Page("commitments:scan", _pk("BD0100"), OTHER_BLOCK),
    "cm_paper": Page("commitments:record_paper", _pk("BD0002"), only("clerk", "superuser")),
    "cm_office": Page(
        "commitments:office", _office, only("clerk", "home_affairs", "administrator", "superuser")
    ),
    "cm_remind": Page("commitments:office_remind", _office, everyone(POST_ONLY)),
    # Confirmation pages (the report is submitted, not yet confirmed).
    "cm_submit": Page("commitments:office_submit", _office, only("clerk", "superuser")),
    "cm_submit_other_ward": Page(
        "commitments:office_submit", _office_other_ward, only("superuser")
    ),
    "cm_report": Page(
        "commitments:report_detail", _pk("report"), everyone_but("staff", "organisation_board")
    ),
    "cm_confirm": Page("commitments:report_confirm", _pk("report"), only("head", "superuser")),
    "cm_receive": Page(
        "commitments:report_receive",
        _pk("report"),
        only("home_affairs", "superuser", status=REFUSED_STEP),
    ),
    "cm_tracking": Page("commitments:tracking", _pk("campaign"), DISTRICT),
    "cm_export": Page("commitments:tracking_export", _pk("campaign"), DISTRICT),
}
