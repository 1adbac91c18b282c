"""The shape of a generated district: its bodies, wards and schools, and how many people each
holds (proportions taken from Long Biên's own tree, see fixtures/longbien/units.csv).
"""

import random
from dataclasses import dataclass, field

from units.models import Block, Unit

Kind = Unit.Kind
GOV, PARTY = Block.GOVERNMENT, Block.PARTY_MASS

DISTRICT_NAMES = [
    "Long Biên", "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng",
    "Hoàng Mai", "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Ba Vì",
    "Chương Mỹ", "Đan Phượng", "Đông Anh", "Gia Lâm", "Hoài Đức", "Mê Linh", "Mỹ Đức",
    "Phú Xuyên", "Phúc Thọ", "Quốc Oai", "Sóc Sơn", "Thạch Thất", "Thanh Oai", "Thanh Trì",
    "Thường Tín", "Ứng Hòa",
]  # fmt: skip
WARD_NAMES = [
    "Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm",
    "Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng",
]  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Hữu", "Ngọc", "Quang", "Thúy"]
GIVEN = [
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Huyền", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
    "Trang", "Tuấn", "Vân", "Yến",
]  # fmt: skip

# (code suffix, name, kind, block, school level, weight = people in a Long Biên-sized unit)
DISTRICT_BODIES = [
    ("QU", "Quận ủy {d}", Kind.PARTY_BODY, PARTY, 20),
    ("UBND", "UBND quận {d}", Kind.GOVERNMENT_BODY, GOV, 10),
    ("MTTQ", "Ủy ban MTTQ Việt Nam quận {d}", Kind.FRONT_BODY, PARTY, 12),
    ("QD", "Quận đoàn {d}", Kind.MASS_ORG, PARTY, 8),
    ("HPN", "Hội Liên hiệp Phụ nữ quận {d}", Kind.MASS_ORG, PARTY, 8),
    ("CCB", "Hội Cựu chiến binh quận {d}", Kind.MASS_ORG, PARTY, 6),
    ("HND", "Hội Nông dân quận {d}", Kind.MASS_ORG, PARTY, 6),
]
SUB_BODIES = {
    "QU": [
        ("VP", "Văn phòng Quận ủy", Kind.PARTY_BODY, PARTY, 12),
        ("BTC", "Ban Tổ chức Quận ủy", Kind.PARTY_BODY, PARTY, 10),
        ("UBKT", "Ủy ban Kiểm tra Quận ủy", Kind.PARTY_BODY, PARTY, 8),
        ("BTG", "Ban Tuyên giáo Quận ủy", Kind.PARTY_BODY, PARTY, 8),
    ],
    "UBND": [
        ("VP", "Văn phòng HĐND và UBND quận", Kind.GOVERNMENT_BODY, GOV, 25),
        ("PNV", "Phòng Nội vụ", Kind.GOVERNMENT_BODY, GOV, 12),
        ("PTCKH", "Phòng Tài chính - Kế hoạch", Kind.GOVERNMENT_BODY, GOV, 15),
        ("PGDDT", "Phòng Giáo dục và Đào tạo", Kind.GOVERNMENT_BODY, GOV, 12),
        ("PTP", "Phòng Tư pháp", Kind.GOVERNMENT_BODY, GOV, 8),
        ("PQLDT", "Phòng Quản lý đô thị", Kind.GOVERNMENT_BODY, GOV, 15),
    ],
}
WARD_BODIES = [
    ("DU", "Đảng ủy phường {w}", Kind.PARTY_BODY, PARTY, 12),
    ("UBND", "UBND phường {w}", Kind.GOVERNMENT_BODY, GOV, 30),
    ("MTTQ", "Ủy ban MTTQ phường {w}", Kind.FRONT_BODY, PARTY, 6),
    ("DTN", "Đoàn Thanh niên phường {w}", Kind.MASS_ORG, PARTY, 3),
    ("HPN", "Hội Liên hiệp Phụ nữ phường {w}", Kind.MASS_ORG, PARTY, 3),
    ("CCB", "Hội Cựu chiến binh phường {w}", Kind.MASS_ORG, PARTY, 3),
    ("HND", "Hội Nông dân phường {w}", Kind.MASS_ORG, PARTY, 3),
]
# Public schools are district units in the government block (DOMAIN: schools report to
# phòng Nội vụ by default); one kindergarten and one primary school per ward, fewer above.
SCHOOLS = [
    ("MN", "Trường Mầm non {w}", Unit.SchoolLevel.KINDERGARTEN, 40, 14),
    ("TH", "Trường Tiểu học {w}", Unit.SchoolLevel.PRIMARY, 50, 14),
    ("THCS", "Trường THCS {w}", Unit.SchoolLevel.LOWER_SECONDARY, 60, 10),
    ("THPT", "Trường THPT {w}", Unit.SchoolLevel.UPPER_SECONDARY, 90, 3),
]


@dataclass
class UnitSpec:
    code: str
    name: str
    kind: str
    block: str = ""
    school_level: str = ""
    weight: int = 0
    parent: "UnitSpec | None" = None
    sort_order: int = 0
    children: list = field(default_factory=list)
    people: int = 0

    def add(self, child: "UnitSpec") -> "UnitSpec":
        child.parent = self
        child.sort_order = len(self.children) + 1
        self.children.append(child)
        return child


def _district(root: UnitSpec | None, code: str, name: str) -> UnitSpec:
    district = UnitSpec(code, f"Quận {name}", Kind.DISTRICT)
    if root is not None:
        root.add(district)
    for suffix, label, kind, block, weight in DISTRICT_BODIES:
        body = district.add(UnitSpec(f"{code}-{suffix}", label.format(d=name), kind, block))
        body.weight = weight
        for sub_suffix, sub_name, sub_kind, sub_block, sub_weight in SUB_BODIES.get(suffix, []):
            body.add(
                UnitSpec(
                    f"{code}-{suffix}-{sub_suffix}", sub_name, sub_kind, sub_block, "", sub_weight
                )
            )
    for index, ward_name in enumerate(WARD_NAMES, start=1):
        ward = district.add(UnitSpec(f"{code}-P{index:02d}", f"Phường {ward_name}", Kind.WARD))
        for suffix, label, kind, block, weight in WARD_BODIES:
            ward.add(
                UnitSpec(
                    f"{ward.code}-{suffix}", label.format(w=ward_name), kind, block, "", weight
                )
            )
    for prefix, label, level, weight, count in SCHOOLS:
        for index in range(count):
            district.add(
                UnitSpec(
                    f"{code}-{prefix}{index + 1:02d}",
                    label.format(w=WARD_NAMES[index]),
                    Kind.SCHOOL,
                    GOV,
                    level,
                    weight,
                )
            )
    return district


def district_weight() -> int:
    return sum(unit.weight for unit in walk(_district(None, "X", "X")))


def build_tree(prefix: str, people: int) -> tuple[UnitSpec, int]:
    """The root (a district, or a city of districts) with people spread by weight."""
    districts = max(1, round(people / district_weight()))
    if districts == 1:
        root = _district(None, prefix, DISTRICT_NAMES[0])
    else:
        root = UnitSpec(prefix, "Thành phố Hà Nội", Kind.DISTRICT)
        for index in range(districts):
            name = DISTRICT_NAMES[index % len(DISTRICT_NAMES)]
            if index >= len(DISTRICT_NAMES):
                name = f"{name} {index // len(DISTRICT_NAMES) + 1}"
            _district(root, f"{prefix}{index + 1:02d}", name)
    _spread(root, people)
    return root, districts


def walk(unit: UnitSpec):
    yield unit
    for child in unit.children:
        yield from walk(child)


def _spread(root: UnitSpec, people: int) -> None:
    """Largest-remainder shares of ``people`` by weight, so the total is exact."""
    bodies = [unit for unit in walk(root) if unit.weight]
    total = sum(unit.weight for unit in bodies)
    shares = [(people * unit.weight / total, unit) for unit in bodies]
    for share, unit in shares:
        unit.people = int(share)
    left = people - sum(unit.people for unit in bodies)
    for _share, unit in sorted(shares, key=lambda pair: pair[0] - int(pair[0]), reverse=True)[
        :left
    ]:
        unit.people += 1


def full_names(count: int, seed: int = 264) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - made-up names, not secrets
    return [f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(count)]
