"""Which part of the organisation a user's reports cover.

phòng Nội vụ reviewers see the government block (schools included: they belong to it by
default), Ban Tổ chức reviewers the Party and mass-organisation block, an administrator the
scope of their role, a unit head their unit and the units under it, a superuser everything.
Everyone else has no reports (the pages answer 404).
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import PATH_SEPARATOR, Block, RoleAssignment, Unit
from units.selectors import assignments_with_role

Role = RoleAssignment.Role
REPORT_ROLES = (Role.HOME_AFFAIRS_REVIEWER, Role.ORGANISATION_BOARD_REVIEWER, Role.ADMINISTRATOR)
SESSION_KEY = "reports_nav"


@dataclass(frozen=True)
class ScopePart:
    """A subtree (by path), narrowed to one block unless ``block`` is empty."""

    path: str
    block: str = ""
    unit: Unit | None = None


@dataclass
class ReportScope:
    parts: list[ScopePart] = field(default_factory=list)
    everything: bool = False

    @property
    def blocks(self) -> list[str]:
        """The blocks a block filter may offer, in the order of :class:`Block`."""
        if self.everything or any(not part.block for part in self.parts):
            return list(Block.values)
        return [block for block in Block.values if any(p.block == block for p in self.parts)]

    def fingerprint(self) -> str:
        """What tells this scope from another, for cache keys."""
        if self.everything:
            return "*"
        return ";".join(sorted(f"{part.path}|{part.block}" for part in self.parts))

    def q(self, path_lookup: str, block_lookup: str) -> Q:
        """Rows whose unit path and block fall in the scope."""
        if self.everything:
            return Q()
        query = Q(pk__in=[])
        for part in self.parts:
            piece = Q(**{f"{path_lookup}__startswith": part.path})
            if part.block:
                piece &= Q(**{block_lookup: part.block})
            query |= piece
        return query

    def covers(self, unit: Unit) -> bool:
        """Whether ``unit`` lies in the scope (a ward or district counts: it has no block)."""
        if self.everything:
            return True
        return any(
            unit.path.startswith(part.path) and (not part.block or unit.block in ("", part.block))
            for part in self.parts
        )

    def leads_to(self, unit: Unit) -> bool:
        """Whether a row for ``unit`` can hold figures: inside the scope, or above a part."""
        return self.covers(unit) or any(part.path.startswith(unit.path) for part in self.parts)

    def root_path(self) -> str:
        """The deepest path under which every part lies ("/" for the whole tree)."""
        if self.everything or not self.parts:
            return PATH_SEPARATOR
        codes = [part.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) for part in self.parts]
        common = []
        for level in zip(*codes, strict=False):
            if len(set(level)) != 1:
                break
            common.append(level[0])
        if not common:
            return PATH_SEPARATOR
        return PATH_SEPARATOR + PATH_SEPARATOR.join(common) + PATH_SEPARATOR

    def root_unit(self) -> "Unit | AllUnits":
        """The unit at :meth:`root_path` (no query when it is a role's own unit)."""
        path = self.root_path()
        if path == PATH_SEPARATOR:
            return AllUnits()
        for part in self.parts:
            if part.unit is not None and part.unit.path == path:
                return part.unit
        return Unit.objects.filter(path=path).first() or AllUnits()


class AllUnits:
    """The top of the tree when no single unit holds the scope (a superuser's reports)."""

    pk = None
    path = PATH_SEPARATOR
    code = ""
    kind = Unit.Kind.DISTRICT
    block = ""
    name = _("All units")

    def __str__(self):
        return str(self.name)


def report_scope_for(user) -> ReportScope | None:
    """The user's report scope, or None when they have no reports. At most two queries."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ReportScope(everything=True)
    parts = [
        ScopePart(a.unit.path, a.reviewed_block, a.unit)
        for a in assignments_with_role(user, *REPORT_ROLES)
    ]
    head_unit = Unit.objects.filter(
        people__user=user, people__is_active=True, people__is_unit_head=True
    ).first()
    if head_unit is not None:
        parts.append(ScopePart(head_unit.path, "", head_unit))
    return ReportScope(parts=parts) if parts else None


def remember_visibility(session, scope: ReportScope | None) -> None:
    """Keep "has reports" in the session, so the navbar shows the link without a query."""
    visible = scope is not None
    if session.get(SESSION_KEY) != visible:
        session[SESSION_KEY] = visible


def has_reports(user) -> bool:
    return report_scope_for(user) is not None
