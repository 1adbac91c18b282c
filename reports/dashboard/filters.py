"""The report filters: a Django form that accepts only values inside the user's scope.

An unknown cycle or campaign, text where a number belongs, another block, or a unit outside
the scope is a form error with a clear message; never a 500 and never another block's data.
"""

from dataclasses import dataclass

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from commitments.models import Campaign
from evaluations.models import Cycle
from units.models import Block, Category, Unit

from .scope import AllUnits, ReportScope

BODY_KINDS = [
    (value, label) for value, label in Unit.Kind.choices if value not in Unit.CONTAINER_KINDS
]
FILTER_NAMES = ("cycle", "campaign", "block", "kind", "unit", "category")


@dataclass
class Filters:
    """Cleaned filters plus the unit whose children the report's rows are."""

    scope: ReportScope
    cycle: Cycle | None
    campaign: Campaign | None
    cycles: list[Cycle]
    block: str = ""
    kind: str = ""
    unit: Unit | None = None
    category: str = ""
    page: int = 1
    root: "Unit | AllUnits | None" = None

    def query(self, **changes) -> str:
        """The query string of these filters, with ``changes`` applied (None drops a key)."""
        values = {
            "cycle": self.cycle.pk if self.cycle else None,
            "campaign": self.campaign.pk if self.campaign else None,
            "block": self.block,
            "kind": self.kind,
            "unit": self.unit.pk if self.unit else None,
            "category": self.category,
        }
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})


class ReportFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(
        label=_("Evaluation cycle"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("There is no such evaluation cycle.")},
    )
    campaign = forms.TypedChoiceField(
        label=_("Commitments of the year"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("There is no such commitment campaign.")},
    )
    block = forms.ChoiceField(
        label=_("Block"),
        required=False,
        error_messages={"invalid_choice": _("Choose a block you report on.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of unit"),
        required=False,
        choices=[("", _("All kinds")), *BODY_KINDS],
        error_messages={"invalid_choice": _("There is no such kind of unit.")},
    )
    unit = forms.IntegerField(
        label=_("Unit"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("The unit must be given by its number."),
            "min_value": _("The unit must be given by its number."),
        },
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
        error_messages={"invalid_choice": _("There is no such category.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("The page must be a number."),
            "min_value": _("The page must be a number."),
        },
    )

    def __init__(self, data, *, scope: ReportScope):
        super().__init__(data)
        self.scope = scope
        self.cycles = list(
            Cycle.objects.exclude(status=Cycle.Status.DRAFT).order_by("-period_start", "-pk")
        )
        self.campaigns = list(
            Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-year")
        )
        self.fields["cycle"].choices = [(c.pk, c.name) for c in self.cycles]
        self.fields["campaign"].choices = [(c.pk, str(c.year)) for c in self.campaigns]
        blocks = scope.blocks
        self.fields["block"].choices = [("", _("All blocks"))] + [
            (value, label) for value, label in Block.choices if value in blocks
        ]

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is None:
            return None
        unit = Unit.objects.filter(pk=pk).first()
        # Missing and foreign units get the same answer, so ids reveal nothing.
        if unit is None or not self.scope.can_open(unit):
            raise forms.ValidationError(
                _("This unit does not exist or is outside the units you report on."),
                code="out_of_scope",
            )
        return unit

    def filters(self) -> Filters:
        """The cleaned filters (call after is_valid()); defaults: the latest cycle, the
        campaign of its year (or the latest), the scope's own top unit."""
        data = self.cleaned_data
        by_pk = {cycle.pk: cycle for cycle in self.cycles}
        cycle = by_pk.get(data.get("cycle")) or (self.cycles[0] if self.cycles else None)
        campaigns = {campaign.pk: campaign for campaign in self.campaigns}
        campaign = campaigns.get(data.get("campaign"))
        if campaign is None:
            year = cycle.period_start.year if cycle else None
            campaign = next((c for c in self.campaigns if c.year == year), None)
            campaign = campaign or (self.campaigns[0] if self.campaigns else None)
        unit = data.get("unit")
        return Filters(
            scope=self.scope,
            cycle=cycle,
            campaign=campaign,
            cycles=self.cycles,
            block=data.get("block") or "",
            kind=data.get("kind") or "",
            unit=unit,
            category=data.get("category") or "",
            page=data.get("page") or 1,
            root=unit or self.scope.root_unit(),
        )
