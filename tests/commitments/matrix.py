"""The commitment pages' rows of the permission matrix (tests/test_permissions_matrix.py).

The world of the matrix gets an open campaign, the staff member's commitment signed online,
the Party person's signed on paper and the ward's government report submitted; built once
per world, on first use.
"""

import datetime

from commitments import services
from commitments.models import Campaign, Commitment
from commitments.permissions import Office
from tests.factories import DEFAULT_PASSWORD
from units.models import Block, Person

from .factories import upload


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


def _office(world):
    return [_data(world)["campaign"].pk, world.ward_a.pk, Block.GOVERNMENT]


COMMITMENT_URLS = {
    "cm_index": ("commitments:index", None),
    "cm_own": ("commitments:detail", _pk("BD0001")),
    "cm_other_ward": ("commitments:detail", _pk("GT0001")),
    "cm_other_block": ("commitments:detail", _pk("BD0100")),
    "cm_print": ("commitments:print", _pk("BD0001")),
    "cm_scan": ("commitments:scan", _pk("BD0100")),
    "cm_paper": ("commitments:record_paper", _pk("BD0002")),
    "cm_office": ("commitments:office", _office),
    "cm_remind": ("commitments:office_remind", _office),
    "cm_submit": ("commitments:office_submit", _office),
    "cm_report": ("commitments:report_detail", _pk("report")),
    "cm_confirm": ("commitments:report_confirm", _pk("report")),
    "cm_receive": ("commitments:report_receive", _pk("report")),
    "cm_tracking": ("commitments:tracking", _pk("campaign")),
    "cm_export": ("commitments:tracking_export", _pk("campaign")),
}

_ = 200
N = 404
P = 405  # POST only: a GET is refused whoever asks (the POST rules are tested in tests/commitments)
COMMITMENT_EXPECTED = {
    #                    idx own oward oblock print scan paper office rem sub rep conf recv trk exp
    "staff": [_, _, N, N, _, N, N, N, P, P, N, P, P, N, N],
    "head": [_, N, N, N, N, N, N, N, P, P, _, P, P, N, N],
    "clerk": [_, _, N, N, _, N, _, _, P, P, _, P, P, N, N],
    "home_affairs": [_, _, _, N, _, N, N, _, P, P, _, P, P, _, _],
    "organisation_board": [_, N, N, _, N, _, N, N, P, P, N, P, P, _, _],
    "administrator": [_, _, _, _, _, _, N, _, P, P, _, P, P, _, _],
    "superuser": [_, _, _, _, _, _, _, _, P, P, _, P, P, _, _],
}
