"""The one rule of "which part of the organisation does a role cover".

Every permission rule, list, admin page, report and export asks it here: :func:`covers`
for one object, :func:`scope_q` for a queryset; ``selectors.scope_of(user, *roles)`` gives
the parts of a user's roles. Nothing else compares paths and blocks.

A role assignment covers its unit and every unit under it (units carry a materialised
``path``), narrowed to one block when the role reviews a single block: the block office
clerk of one office, phòng Nội vụ (government), Ban Tổ chức (Party and mass organisations).

**The empty-block rule**, decided once: a part narrowed to a block covers only what is of
that block. A unit without a block of its own (the district, a ward: containers that hold
bodies of both blocks) is *not* covered by a narrowed part, and neither is a person or a
record in such a unit: otherwise a block's reviewer would see the other block's people
through their ward. A part that is not narrowed (an administrator's) covers every block and
the containers too. Pages that let a narrowed reader *navigate* through a ward say so
themselves (see ``reports.dashboard.scope.ReportScope.can_open``) and still read only the
rows this module's filter lets through.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import PATH_SEPARATOR, RoleAssignment, Unit


@dataclass(frozen=True)
class ScopePart:
    """A subtree of the organisation (by path), narrowed to one block unless ``block`` is
    empty; ``unit`` is the subtree's top when it is known (it saves a query)."""

    path: str
    block: str = ""
    unit: Unit | None = None

    @classmethod
    def of(cls, assignment: RoleAssignment) -> "ScopePart":
        return cls(assignment.unit.path, assignment.reviewed_block, assignment.unit)


def covers(parts: Iterable[ScopePart], unit: Unit, *, block: str | None = None) -> bool:
    """Whether one of ``parts`` covers ``unit`` — or, with ``block``, a record of that block
    kept in ``unit`` (a commitment carries its own block). See the empty-block rule above.
    """
    block = unit.block if block is None else block
    return any(
        unit.path.startswith(part.path) and (not part.block or part.block == block)
        for part in parts
    )


def scope_q(
    parts: Iterable[ScopePart], *, path_lookup: str = "path", block_lookup: str = "block"
) -> Q:
    """A filter for the rows that :func:`covers` accepts: units by default, or other rows
    through their lookups (``path_lookup="unit__path"``, ``block_lookup="unit__block"``).
    No part, no row.
    """
    query = Q(pk__in=[])
    for part in parts:
        piece = Q(**{f"{path_lookup}__startswith": part.path})
        if part.block:
            piece &= Q(**{block_lookup: part.block})
        query |= piece
    return query


def overlap_q(parts: Iterable[ScopePart], *, path_lookup: str = "path") -> Q:
    """A filter for the units whose subtree overlaps one of ``parts``: the unit lies inside
    a part (as :func:`scope_q`, blocks ignored), or a part lies inside the unit's subtree
    (the unit is the part's top or one of its ancestors). For the scope of a cycle or a
    campaign, which covers every block: a ward's administrator sees the district's cycle.
    No part, no row.
    """
    query = Q(pk__in=[])
    for part in parts:
        names = [name for name in part.path.split(PATH_SEPARATOR) if name]
        ancestors = [
            PATH_SEPARATOR + PATH_SEPARATOR.join(names[:depth]) + PATH_SEPARATOR
            for depth in range(1, len(names) + 1)
        ]
        query |= Q(**{f"{path_lookup}__startswith": part.path}) | Q(
            **{f"{path_lookup}__in": ancestors}
        )
    return query
