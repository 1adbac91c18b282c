"""Where a commitment goes, by block (seed 003, Bồ Đề ward, 06/10/2021).

government: the person hands in to the People's Committee office (Văn phòng UBND), the
Chairman (Chủ tịch UBND) confirms the unit's report, phòng Nội vụ receives it.
party_mass: the Party Committee office (Văn phòng Đảng ủy), the Secretary (Bí thư Đảng ủy),
Ban Tổ chức Quận ủy. A school follows the block set on its unit (government by default).

A person's *reporting unit* is the ward their unit lies in; outside any ward (district
bodies, schools) it is the top body under the root, e.g. the school itself.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from units.models import PATH_SEPARATOR, Block, Person, RoleAssignment, Unit
from units.services import block_office_label

Role = RoleAssignment.Role


@dataclass(frozen=True)
class Route:
    head_body_kind: str  # the body of a ward whose head confirms the report
    head_title: Promise
    district_role: str
    district_office: Promise


ROUTES = {
    Block.GOVERNMENT: Route(
        Unit.Kind.GOVERNMENT_BODY,
        _("Chairman of the People's Committee"),
        Role.HOME_AFFAIRS_REVIEWER,
        _("Home Affairs office (phòng Nội vụ)"),
    ),
    Block.PARTY_MASS: Route(
        Unit.Kind.PARTY_BODY,
        _("Secretary of the Party Committee"),
        Role.ORGANISATION_BOARD_REVIEWER,
        _("Organisation Board (Ban Tổ chức Quận ủy)"),
    ),
}


def route_for(block: str) -> Route:
    return ROUTES[Block(block)]


def office_label(block: str) -> str:
    return block_office_label(block)


def _codes(path: str) -> list[str]:
    return [code for code in path.split(PATH_SEPARATOR) if code]


def report_unit_ids(units: list[dict]) -> dict[int, int]:
    """For each unit (dicts with pk, code, kind, path): the pk of its reporting unit.

    Works on the whole table at once (no query): the ancestors are read off the paths.
    """
    by_code = {unit["code"]: unit for unit in units}
    result = {}
    for unit in units:
        ancestors = [by_code[code] for code in _codes(unit["path"]) if code in by_code]
        wards = [a for a in ancestors if a["kind"] == Unit.Kind.WARD]
        if wards:
            chosen = wards[-1]
        elif len(ancestors) >= 2:
            chosen = ancestors[1]  # the body right under the root (district)
        else:
            chosen = unit
        result[unit["pk"]] = chosen["pk"]
    return result


def report_unit_for(unit: Unit) -> Unit:
    """The reporting unit of one unit (one query)."""
    units = list(
        Unit.objects.filter(code__in=_codes(unit.path)).values("pk", "code", "kind", "path")
    )
    return Unit.objects.get(pk=report_unit_ids(units)[unit.pk])


def confirming_body(report_unit: Unit, block: str) -> Unit | None:
    """The body whose head confirms the report: the ward's UBND or Đảng ủy, or the unit."""
    if not report_unit.is_container:
        return report_unit
    return (
        Unit.objects.filter(
            parent=report_unit, kind=route_for(block).head_body_kind, block=block, is_active=True
        )
        .order_by("sort_order", "path")
        .first()
    )


def confirming_head(report_unit: Unit, block: str) -> Person | None:
    body = confirming_body(report_unit, block)
    if body is None:
        return None
    return (
        Person.objects.filter(unit=body, is_unit_head=True, is_active=True)
        .select_related("user", "unit")
        .first()
    )
