import random

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from core.commands import DevelopmentCommand
from units.models import Block, Category, Person, RoleAssignment, Unit
from units.services import role_assign

DEMO_PASSWORD = "LongBien@2021"  # noqa: S105  (demo accounts only; the command refuses in production)
Role = RoleAssignment.Role

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Thanh", "Ngọc", "Hữu", "Thùy"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Trang", "Tuấn", "Vân", "Yến"]  # fmt: skip

# (login, full name, unit code, position, category, head?, role, role scope, role block)
PERSONAS = [
    ("canbo", "Nguyễn Thị Lan", "BODE-UBND", "Công chức Văn phòng - Thống kê",
     Category.STAFF, False, None, None, ""),
    ("thutruong", "Trần Văn Hùng", "BODE-UBND", "Chủ tịch UBND phường",
     Category.LEADER, True, None, None, ""),
    ("vanphong", "Đỗ Thị Mai", "BODE-UBND", "Chánh Văn phòng UBND phường",
     Category.STAFF, False, Role.OFFICE_CLERK, "BODE", Block.GOVERNMENT),
    ("vanphongdu", "Bùi Thu Hà", "BODE-DU", "Chuyên viên Văn phòng Đảng ủy",
     Category.STAFF, False, Role.OFFICE_CLERK, "BODE", Block.PARTY_MASS),
    ("noivu", "Lê Thị Hoa", "LB-PNV", "Chuyên viên phòng Nội vụ",
     Category.STAFF, False, Role.HOME_AFFAIRS_REVIEWER, "LB", ""),
    ("bantochuc", "Vũ Văn Nam", "LB-QU-BTC", "Chuyên viên Ban Tổ chức Quận ủy",
     Category.STAFF, False, Role.ORGANISATION_BOARD_REVIEWER, "LB", ""),
    ("quantri", "Phạm Minh Quân", "LB-UBND-VP", "Chuyên viên quản trị hệ thống",
     Category.STAFF, False, Role.ADMINISTRATOR, "LB", ""),
]  # fmt: skip

# Heads' titles by the start of the body's name (ward bodies, district bodies, schools).
HEAD_TITLES = [
    ("Đảng ủy phường", "Bí thư Đảng ủy phường"),
    ("UBND phường", "Chủ tịch UBND phường"),
    ("Ủy ban MTTQ phường", "Chủ tịch Ủy ban MTTQ phường"),
    ("Đoàn Thanh niên", "Bí thư Đoàn phường"),
    ("Hội", "Chủ tịch Hội"),
    ("Quận ủy", "Bí thư Quận ủy"),
    ("UBND quận", "Chủ tịch UBND quận"),
    ("Ủy ban MTTQ", "Chủ tịch Ủy ban MTTQ quận"),
    ("Văn phòng", "Chánh Văn phòng"),
    ("Ban", "Trưởng ban"),
    ("Phòng", "Trưởng phòng"),
    ("Ủy ban Kiểm tra", "Chủ nhiệm Ủy ban Kiểm tra"),
    ("Trường", "Hiệu trưởng"),
]


def head_title(body: Unit) -> str:
    return next((title for start, title in HEAD_TITLES if body.name.startswith(start)), "")


STAFF_TITLES = {
    Unit.Kind.GOVERNMENT_BODY: ["Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
                                "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán"],
    Unit.Kind.PARTY_BODY: ["Chuyên viên Văn phòng Đảng ủy", "Cán bộ Ủy ban Kiểm tra"],
    Unit.Kind.FRONT_BODY: ["Cán bộ Ủy ban MTTQ"],
    Unit.Kind.MASS_ORG: ["Cán bộ đoàn thể"],
    Unit.Kind.SCHOOL: ["Giáo viên", "Nhân viên văn phòng", "Kế toán"],
}  # fmt: skip


class Command(DevelopmentCommand):
    help = "Create demo people and one login per persona (development only)."
    refusal = (
        "seed_demo creates accounts with a known password: run it only in development "
        "(DEBUG=1) or pass --force."
    )

    def seed(self, **options):
        if not Unit.objects.filter(code="BODE-UBND").exists():
            raise CommandError("Load the organisation first: python manage.py seed_longbien")
        with transaction.atomic():
            self._create_personas()
            created = self._create_colleagues()
        self.stdout.write(f"demo people created: {created}")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for login, name, unit_code, position, *_rest in PERSONAS:
            self.stdout.write(f"  {login:<11} {name} – {position} ({unit_code})")

    def _create_personas(self):
        user_model = get_user_model()
        units = {unit.code: unit for unit in Unit.objects.all()}
        for login, name, unit_code, position, category, head, role, scope, block in PERSONAS:
            user, created = user_model.objects.get_or_create(
                username=login, defaults={"email": f"{login}@longbien.example.vn"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Person.objects.update_or_create(
                staff_code=f"DEMO-{login.upper()}",
                defaults={
                    "user": user,
                    "full_name": name,
                    "unit": units[unit_code],
                    "position_title": position,
                    "category": category,
                    "is_unit_head": head,
                },
            )
            if role:
                role_assign(user=user, role=role, unit=units[scope], block=block)

    def _create_colleagues(self) -> int:
        """A head and a few staff in each body of the wards and in each school."""
        rng = random.Random(2021)  # the same names on every machine
        bodies = Unit.objects.filter(kind__in=list(STAFF_TITLES), is_active=True).exclude(
            parent__kind=Unit.Kind.DISTRICT, kind=Unit.Kind.MASS_ORG
        )
        heads = set(Person.objects.filter(is_unit_head=True).values_list("unit_id", flat=True))
        existing = set(Person.objects.values_list("staff_code", flat=True))
        people = []
        for body in bodies:
            size = 8 if body.code == "BODE-UBND" else 4
            for number in range(1, size + 1):
                code = f"{body.code}-{number:02d}"
                is_head = number == 1 and body.pk not in heads
                if code in existing or (number == 1 and not is_head):
                    continue
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                title = head_title(body) if is_head else rng.choice(STAFF_TITLES[body.kind])
                people.append(
                    Person(
                        full_name=name,
                        staff_code=code,
                        unit=body,
                        position_title=title,
                        category=Category.LEADER if is_head else Category.STAFF,
                        is_unit_head=is_head,
                    )
                )
        Person.objects.bulk_create(people)
        return len(people)
