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
from units.scope import ScopePart, covers, scope_q
from units.selectors import scope_of

Role = RoleAssignment.Role
REPORT_ROLES = (Role.HOME_AFFAIRS_REVIEWER, Role.ORGANISATION_BOARD_REVIEWER, Role.ADMINISTRATOR)
SESSION_KEY = "reports_nav"


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

    def q(self, path_lookup: str, block_lookup: str) -> Q:
        """Rows whose unit path and block fall in the scope."""
        if self.everything:
            return Q()
        return scope_q(self.parts, path_lookup=path_lookup, block_lookup=block_lookup)

    def can_open(self, unit: Unit) -> bool:
        """Whether the reports may be narrowed to ``unit`` (a filter, a breadcrumb).

        A unit in the scope (:func:`units.scope.covers`), or a unit without a block of its
        own (a ward, the district) inside a part: a reader of one block opens the ward to
        see that block's part of it. The figures still pass through :meth:`q`, so the
        other block's rows never show.
        """
        if self.everything or covers(self.parts, unit):
            return True
        return not unit.block and any(unit.path.startswith(p.path) for p in self.parts)

    def leads_to(self, unit: Unit) -> bool:
        """Whether a row for ``unit`` can hold figures: openable, or above a part."""
        return self.can_open(unit) or any(part.path.startswith(unit.path) for part in self.parts)

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
    parts = scope_of(user, *REPORT_ROLES)
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
