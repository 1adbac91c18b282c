"""The shape of a generated district: its bodies, wards and schools, and how many people each
holds (proportions taken from Long Biên's own tree, see fixtures/longbien/units.csv).
"""

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from units.models import Block, Unit

Kind = Unit.Kind
GOV = Block.GOVERNMENT

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

# The bodies of a district, its wards' bodies and its schools, with their weights (people in a
# Long Biên-sized unit): data, kept in tree.json beside this file.
_SHAPE = json.loads((Path(__file__).with_name("tree.json")).read_text(encoding="utf-8"))
DISTRICT_BODIES = _SHAPE["district_bodies"]
SUB_BODIES = _SHAPE["sub_bodies"]
WARD_BODIES = _SHAPE["ward_bodies"]
SCHOOLS = _SHAPE["schools"]


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


def _body(code: str, row: dict, **names) -> "UnitSpec":
    return UnitSpec(
        f"{code}-{row['code']}",
        row["name"].format(**names),
        row["kind"],
        row["block"],
        weight=row["weight"],
    )


def _district(root: UnitSpec | None, code: str, name: str) -> UnitSpec:
    district = UnitSpec(code, f"Quận {name}", Kind.DISTRICT)
    if root is not None:
        root.add(district)
    for row in DISTRICT_BODIES:
        body = district.add(_body(code, row, d=name))
        for sub_row in SUB_BODIES.get(row["code"], []):
            body.add(_body(body.code, sub_row))
    for index, ward_name in enumerate(WARD_NAMES, start=1):
        ward = district.add(UnitSpec(f"{code}-P{index:02d}", f"Phường {ward_name}", Kind.WARD))
        for row in WARD_BODIES:
            ward.add(_body(ward.code, row, w=ward_name))
    for school in SCHOOLS:
        for index in range(school["count"]):
            district.add(
                UnitSpec(
                    f"{code}-{school['code']}{index + 1:02d}",
                    school["name"].format(w=WARD_NAMES[index]),
                    Kind.SCHOOL,
                    GOV,
                    school["school_level"],
                    school["weight"],
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
