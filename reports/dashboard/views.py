"""The report pages: overview per unit, criteria, people, trend; each as Excel and A4 print.

Every page takes the same filters (see :mod:`.filters`) and answers 404 to users without
reports, 400 with the form's messages to filter values outside their scope.
"""

from typing import NamedTuple

from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.audit import record_export
from core.views import AccessRefused, ProtectedViewMixin
from units.models import PATH_SEPARATOR, Unit

from ..selectors import child_units, level_columns, totals_only, trend_rows, unit_rows
from . import charts, exports, jobs
from .criteria import criteria_figures
from .filters import Filters, ReportFilterForm
from .people import people_page
from .scope import AllUnits, remember_visibility, report_scope_for

SCREEN_BASE = "reports/dashboard/_screen.html"
PRINT_BASE = "reports/dashboard/_print.html"
EXPORTS = {
    "overview": "reports:dashboard_export",
    "criteria": "reports:criteria_export",
    "people": "reports:people_export",
    "trend": "reports:trend_export",
}


class UnitOption(NamedTuple):
    """A unit the filter offers."""

    pk: int
    name: str


PAGES = [
    ("overview", _("By unit"), "reports:dashboard"),
    ("criteria", _("By criterion"), "reports:criteria"),
    ("people", _("By person"), "reports:people"),
    ("trend", _("Over the years"), "reports:trend"),
]


def _breadcrumb(filters: Filters) -> list[Unit]:
    """The root's ancestors the user reports on, from the top (one query)."""
    root = filters.root
    if isinstance(root, AllUnits):
        return []
    codes = [code for code in root.path.split(PATH_SEPARATOR) if code][:-1]
    ancestors = Unit.objects.filter(code__in=codes).order_by("path")
    return [unit for unit in ancestors if filters.scope.can_open(unit)]


class ReportView(ProtectedViewMixin, View):
    """Loads the scope and the filters; subclasses add their figures, which the template
    ``reports/dashboard/<page>.html`` shows."""

    page = ""
    title = ""
    export = None

    def check_access(self) -> None:
        self.scope = report_scope_for(self.request.user)
        remember_visibility(self.request.session, self.scope)
        if self.scope is None:
            raise AccessRefused(permission="reports")

    def get(self, request, *args, **kwargs):
        form = ReportFilterForm(request.GET, scope=self.scope)
        if not form.is_valid():
            context = {"form": form, "title": self.title, "pages": PAGES, "page": self.page}
            return render(request, "reports/dashboard/invalid.html", context, status=400)
        filters = form.filters()
        if kwargs.get("excel"):
            self.columns, _ranks = level_columns()
            context = self.figures(filters)
            rows = jobs.rows_in_background(self.page, context)
            if rows:
                return redirect(jobs.start_people_export(request=request, title=self.title,
                                                         filters=filters, rows=rows))  # fmt: skip
            record_export(request=request, name=f"reports.{self.page}", unit=filters.root,
                          data={"query": filters.query()})  # fmt: skip
            return exports.respond(self.export(filters, self.columns, context), self.page, filters)
        report_body, unit_options = self.rendered_figures(filters)
        printing = request.GET.get("print") == "1"
        context = {
            "form": form,
            "filters": filters,
            "title": self.title,
            "pages": PAGES,
            "page": self.page,
            "breadcrumb": _breadcrumb(filters),
            "unit_options": unit_options,
            "query": filters.query(),
            "report_body": report_body,
            "export_url": EXPORTS[self.page],
            "now_local": timezone.localtime(),
        }
        return render(request, PRINT_BASE if printing else SCREEN_BASE, context)

    def rendered_figures(self, filters: Filters) -> tuple[str, list[UnitOption]]:
        """The page's figures as HTML and the units the filter offers one level down.

        Computed on every view from the kept tallies (see :mod:`reports.selectors`), so a
        page costs the same whether or not anyone just wrote."""
        self.columns, _ranks = level_columns()
        context = self.figures(filters)
        children = context["children"] if "children" in context else child_units(filters)
        context.update(filters=filters, page=self.page, columns=self.columns)
        template = f"reports/dashboard/{self.page}.html"
        body = render_to_string(template, context, request=self.request)
        options = [UnitOption(unit.pk, unit.name) for unit in children]
        return body, options

    def figures(self, filters: Filters) -> dict:
        raise NotImplementedError


class OverviewView(ReportView):
    page = "overview"
    title = _("Reports by unit")
    export = staticmethod(exports.overview_sheets)

    def figures(self, filters):
        rows, totals = unit_rows(filters, self.columns)
        children = [row.unit for row in rows if not row.is_own]
        ranked = sorted(
            (row for row in rows if row.total),
            key=lambda row: (-(row.completion_percent or 0), row.name),
        )
        return {
            "rows": rows,
            "totals": totals,
            "ranked": ranked,
            "children": children,
            "charts": {
                "completion": charts.completion(ranked),
                "scores": charts.scores(rows),
                "levels": charts.levels(rows, self.columns),
                "commitments": charts.commitments(rows),
            },
        }


class CriteriaView(ReportView):
    page = "criteria"
    title = _("Reports by criterion")
    export = staticmethod(exports.criteria_sheets)

    def figures(self, filters):
        blocks = criteria_figures(filters)
        for block in blocks:
            block.chart = charts.criteria(block)
        return {"blocks": blocks, "totals": totals_only(filters, self.columns)}


class PeopleView(ReportView):
    page = "people"
    title = _("Reports by person")
    export = staticmethod(exports.people_sheets)

    def figures(self, filters):
        if self.kwargs.get("excel"):
            return {"totals": totals_only(filters, self.columns)}
        page, rows = people_page(self.request.user, filters)
        return {"people_page": page, "people": rows, "totals": totals_only(filters, self.columns)}


class TrendView(ReportView):
    page = "trend"
    title = _("Reports over the years")
    export = staticmethod(exports.trend_sheets)

    def figures(self, filters):
        rows = trend_rows(filters, self.columns)
        return {
            "trend": rows,
            "charts": {
                "trend": charts.trend(rows),
                "trend_levels": charts.trend_levels(rows, self.columns),
            },
        }
