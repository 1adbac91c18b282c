"""Pages about the organisation: the units a user may see and the people in one unit."""

from django.utils.http import urlencode
from django.views.generic import DetailView, ListView

from core.text import clean_text
from core.views import ProtectedViewMixin

from . import selectors
from .models import Block, Unit, unit_code_validator
from .permissions import ObjectPermissionMixin, can

MAX_TREE_INDENT = 4


class UnitListView(ProtectedViewMixin, ListView):
    """The units in the user's scope (and their own unit) as an indented, searchable tree."""

    template_name = "units/unit_list.html"
    context_object_name = "units"
    paginate_by = 50

    def get_queryset(self):
        params = self.request.GET
        self.search = clean_text(params.get("q", ""))[:100]
        self.block = params.get("block", "")
        if self.block not in Block.values:
            self.block = ""
        self.under = params.get("under", "").strip()
        if not unit_code_validator.regex.match(self.under):
            self.under = ""
        return selectors.unit_list_for(
            self.request.user, search=self.search, under_code=self.under, block=self.block
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = context["units"]
        # Indent relative to the shallowest unit shown, so a ward clerk's list starts flush.
        top = min((unit.depth for unit in units), default=0)
        for unit in units:
            unit.indent = min(unit.depth - top, MAX_TREE_INDENT)
        filters = {"q": self.search, "block": self.block, "under": self.under}
        context.update(
            search=self.search,
            selected_block=self.block,
            block_label=Block(self.block).label if self.block else "",
            under=self.under,
            blocks=Block.choices,
            is_filtered=any(filters.values()),
            filter_query=urlencode({k: v for k, v in filters.items() if v}),
        )
        return context


class UnitDetailView(ObjectPermissionMixin, DetailView):
    """One unit's active people; another unit's id is a 404 (see ObjectPermissionMixin)."""

    permission_action = "units.view_unit"
    queryset = Unit.objects.select_related("parent")
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        context.update(
            people=selectors.unit_people(unit),
            children=selectors.unit_children_visible(user, unit),
            can_change=can(user, "units.change_unit", unit),
        )
        return context
