"""A ward with both offices, a school, the district offices and an open campaign."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from commitments import services
from commitments.models import Campaign, Commitment
from criteria.models import Audience
from units.models import Block, RoleAssignment, Unit

from .criteria import make_criteria_set
from .units import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    HeadFactory,
    PartyUnitFactory,
    PersonFactory,
    UnitFactory,
    WardFactory,
    make_administrator,
    make_role,
)

Role = RoleAssignment.Role


def _pdf() -> bytes:
    """A real one-page PDF (A4, blank), as the scan check parses what it is given."""
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str, size=(40, 30), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (250, 250, 245)).save(out, kind, **options)
    return out.getvalue()


PDF = _pdf()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")


def upload(name: str = "cam-ket.pdf", content: bytes = PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class Org:
    """District → ward (UBND: head + 2 staff; Đảng ủy: head + 1 staff; MTTQ: 1 staff),
    a school under the district (head + 1 teacher); clerks, district offices, administrator.
    """

    def __init__(self, *, year: int = 2021):
        self.district = DistrictFactory()
        self.ward = WardFactory(parent=self.district, name="Phường Bồ Đề")
        self.ubnd = UnitFactory(parent=self.ward, name="UBND phường Bồ Đề", sort_order=2)
        self.party = PartyUnitFactory(parent=self.ward, name="Đảng ủy phường Bồ Đề", sort_order=1)
        self.front = UnitFactory(
            parent=self.ward,
            name="Ủy ban MTTQ phường Bồ Đề",
            kind=Unit.Kind.FRONT_BODY,
            block=Block.PARTY_MASS,
        )
        self.school = UnitFactory(
            parent=self.district,
            name="Trường THCS Gia Thụy",
            kind=Unit.Kind.SCHOOL,
            school_level=Unit.SchoolLevel.LOWER_SECONDARY,
        )
        self.chairman = HeadFactory(unit=self.ubnd, full_name="Nguyễn Văn Luyện")
        self.staff = [
            PersonFactory(unit=self.ubnd, full_name="Trần Thị Mai"),
            PersonFactory(unit=self.ubnd, full_name="Lê Văn Hùng"),
        ]
        self.secretary = HeadFactory(
            unit=self.party, full_name="Nguyễn Ngọc Quang", position_title="Bí thư Đảng ủy"
        )
        self.party_staff = PersonFactory(unit=self.party, full_name="Phạm Thu Hà")
        self.front_staff = PersonFactory(unit=self.front, full_name="Đỗ Minh Quân")
        self.principal = HeadFactory(unit=self.school, full_name="Vũ Thị Hạnh")
        self.teacher = PersonFactory(unit=self.school, full_name="Bùi Thanh Tâm")
        self.gov_clerk = make_role(Role.OFFICE_CLERK, self.ward, block=Block.GOVERNMENT)
        self.party_clerk = make_role(Role.OFFICE_CLERK, self.ward, block=Block.PARTY_MASS)
        self.school_clerk = make_role(Role.OFFICE_CLERK, self.school, block=Block.GOVERNMENT)
        self.home_affairs = make_role(Role.HOME_AFFAIRS_REVIEWER, self.district)
        self.board = make_role(Role.ORGANISATION_BOARD_REVIEWER, self.district)
        self.admin = make_administrator(self.district)
        self.staff_set = make_criteria_set(audience=Audience.STAFF, groups=(2, 4))
        self.leader_set = make_criteria_set(audience=Audience.LEADER, groups=(2, 4, 3))
        self.year = year

    def campaign(self, **kwargs) -> Campaign:
        unit, final = services.campaign_propose_deadlines(self.year)
        values = {"year": self.year, "unit_deadline": unit, "final_deadline": final, **kwargs}
        campaign = Campaign.objects.create(**values)
        campaign.scope_units.set([self.district])
        return campaign

    def open_campaign(self, **kwargs) -> Campaign:
        campaign = self.campaign(**kwargs)
        services.campaign_open(campaign=campaign, actor=self.admin)
        campaign.refresh_from_db()
        return campaign

    @staticmethod
    def commitment(campaign, person) -> Commitment:
        return Commitment.objects.get(campaign=campaign, person=person)

    def sign_online(self, campaign, person, **extra) -> Commitment:
        """The person signs their commitment online with their own name and password."""
        commitment = self.commitment(campaign, person)
        services.commitment_sign_online(
            commitment=commitment,
            actor=person.user,
            typed_name=person.full_name,
            password=DEFAULT_PASSWORD,
            **extra,
        )
        return commitment

    def record_paper(
        self, campaign, person, *, signed_on=datetime.date(2021, 10, 7), scan=None, actor=None
    ) -> Commitment:
        """The ward's government clerk (or ``actor``) records the person's commitment signed
        on paper on ``signed_on``, with a PDF scan (or ``scan``)."""
        return services.commitment_record_paper(
            commitment=self.commitment(campaign, person),
            actor=actor or self.gov_clerk,
            scan=upload() if scan is None else scan,
            signed_on=signed_on,
        )


def hanoi(year, month, day, hour=0, minute=0, second=0) -> datetime.datetime:
    from core.time import local_zone

    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=local_zone())
