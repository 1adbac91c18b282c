"""What ward A's administrator must never see in the admin: one object of ward B per
registered model (or, for what belongs to no ward, one of the district's to read only).

``OTHER_WARD`` says, for every model of ``admin.site._registry``, how to get that object
from the world. A model the table does not know fails the walk: add its row here.
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from commitments import models as commitments
from commitments.services import campaign_open
from core.audit import audit_log
from core.models import AuditLog, Job
from evaluations import models as evaluations
from evaluations.services import cycle_open
from tests.factories.evaluations import CycleFactory
from tests.factories.units import UserFactory, make_role
from units.models import Block, Person, RoleAssignment

# Lower-case texts that name ward B's data: none may appear in a page shown to ward A's
# administrator (the names of the people of ward B, their logins, their unit, their cycle).
SECRETS = ("gia thụy", "giathuy", "gt0001", "đỗ minh quân")

HIDDEN_YEAR = 2037  # ward B's commitment campaign
DISTRICT_YEAR = 2040  # the district's, which ward A's administrator reads only


def _attempt_fields(username):
    return {
        "username": username,
        "ip_address": "10.0.0.9",
        "user_agent": "kiem-tra",
        "http_accept": "*/*",
        "path_info": "/dang-nhap/",
    }


def build_other_ward(world) -> dict:
    """Ward B's objects (and the district's read-only ones), keyed as in ``OTHER_WARD``."""
    district_admin = world.users["administrator"]
    quan = Person.objects.get(staff_code="GT0001")
    quan.user.username = "GT0001"
    quan.user.save(update_fields=["username"])

    cycle = CycleFactory(name="Đánh giá riêng Gia Thụy", scope=[world.ward_b])
    cycle_open(cycle=cycle, actor=district_admin)
    district_cycle = CycleFactory(name="Đánh giá toàn quận", scope=[world.district])
    evaluation = evaluations.Evaluation.objects.get(cycle=cycle, person=quan)

    campaign = commitments.Campaign.objects.create(
        year=HIDDEN_YEAR,
        unit_deadline=datetime.date(HIDDEN_YEAR + 1, 1, 10),
        final_deadline=datetime.date(HIDDEN_YEAR + 1, 1, 30),
    )
    campaign.scope_units.set([world.ward_b])
    campaign_open(campaign=campaign, actor=district_admin)
    district_campaign = commitments.Campaign.objects.create(
        year=DISTRICT_YEAR,
        unit_deadline=datetime.date(DISTRICT_YEAR + 1, 1, 10),
        final_deadline=datetime.date(DISTRICT_YEAR + 1, 1, 30),
    )
    district_campaign.scope_units.set([world.district])
    commitment = commitments.Commitment.objects.get(campaign=campaign, person=quan)
    report, _ = commitments.UnitReport.objects.get_or_create(
        campaign=campaign,
        report_unit=world.ward_b,
        block=Block.GOVERNMENT,
        defaults={"submitted_at": timezone.now(), "submitted_by": district_admin},
    )
    clerk = make_role(
        RoleAssignment.Role.OFFICE_CLERK,
        world.ward_b,
        block=Block.GOVERNMENT,
        user=UserFactory(username="vp-giathuy"),
    )
    attempt = AccessAttempt.objects.create(
        **_attempt_fields("giathuy-1"), get_data="", post_data="", failures_since_start=3
    )
    return {
        "units.unit": world.gov_b,
        "units.person": quan,
        "units.roleassignment": RoleAssignment.objects.get(user=clerk),
        "auth.user": quan.user,
        "auth.group": Group.objects.create(name="Nhóm Gia Thụy"),
        "axes.accessattempt": attempt,
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            **_attempt_fields("giathuy-2"), locked_out=False
        ),
        "axes.accesslog": AccessLog.objects.create(**_attempt_fields("giathuy-3")),
        "evaluations.cycle": cycle,
        "evaluations.evaluation": evaluation,
        "evaluations.auditentry": evaluations.AuditEntry.objects.create(
            cycle=cycle, evaluation=evaluation, action="giathuy-kiem-tra", actor=district_admin
        ),
        "evaluations.collectivereview": evaluations.CollectiveReview.objects.create(
            cycle=cycle,
            unit=world.gov_b,
            held_on=datetime.date.today(),
            invited=3,
            present=2,
            recorded_by=district_admin,
        ),
        "commitments.campaign": campaign,
        "commitments.commitment": commitment,
        "commitments.unitreport": report,
        "commitments.reminderlog": commitments.ReminderLog.objects.create(
            campaign=campaign, person=quan, step="giathuy-nhac"
        ),
        "commitments.auditentry": commitments.AuditEntry.objects.create(
            campaign=campaign, commitment=commitment, action="giathuy-cam-ket"
        ),
        "core.auditlog": audit_log(
            action=AuditLog.Action.LOGIN,
            actor=quan.user,
            obj=quan,
            unit=world.gov_b,
            data={"note": "giathuy-dang-nhap"},
        ),
        # A queued email to ward B's person (the task queue: the district's administrators).
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            task_path="core.tasks.send_email",
            args_kwargs={"args": [], "kwargs": {"address": "gt0001@giathuy.example"}},
            backend_name="default",
            run_after=get_date_max(),
        ),
        # A job of ward B's person (the district's administrators read the jobs).
        "core.job": Job.objects.create(
            owner=quan.user, kind="reports.people_export", label="Xuất giathuy-tac-vu"
        ),
        # The district's: ward A's administrator reads them and changes nothing.
        "criteria.criteriaset": world.draft_set,
        "criteria.criteriongroup": world.draft_set.groups.first(),
        "district.cycle": district_cycle,
        "district.campaign": district_campaign,
    }


# Model label → what the object is: "hidden" (of ward B: every page about it is a 404,
# the "doesn't exist" redirect, or the refusal every id gets) or "read_only" (the
# district's: shown, never changed by a ward's administrator).
OTHER_WARD = {
    "units.unit": "hidden",
    "units.person": "hidden",
    "units.roleassignment": "hidden",
    "auth.user": "hidden",
    "auth.group": "hidden",
    "axes.accessattempt": "hidden",
    "axes.accessfailurelog": "hidden",
    "axes.accesslog": "hidden",
    "evaluations.cycle": "hidden",
    "evaluations.evaluation": "hidden",
    "evaluations.auditentry": "hidden",
    "evaluations.collectivereview": "hidden",
    "commitments.campaign": "hidden",
    "commitments.commitment": "hidden",
    "commitments.unitreport": "hidden",
    "commitments.reminderlog": "hidden",
    "commitments.auditentry": "hidden",
    "core.auditlog": "hidden",
    "django_tasks_database.dbtaskresult": "hidden",
    "core.job": "hidden",
    "criteria.criteriaset": "read_only",
    "criteria.criteriongroup": "read_only",
}

# Models whose district-wide object is read only for a ward's administrator (key in
# build_other_ward's answer).
DISTRICT_OBJECTS = {
    "evaluations.cycle": "district.cycle",
    "commitments.campaign": "district.campaign",
    "criteria.criteriaset": "criteria.criteriaset",
    "criteria.criteriongroup": "criteria.criteriongroup",
}
