"""Forms of the evaluation pages. They check the shape of the input; the services decide the
rules (state, actor, deadline, ranges again) and the views show their refusals.
"""

from decimal import Decimal

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin
from criteria.models import Criterion, ResultLevel
from units.models import Category

from .models import Assessment, State
from .selectors.pages import TO_ASSESS

SCORE_STEP = "0.5"
MINUTES_ACCEPT = ".pdf,.jpg,.jpeg,.png,.doc,.docx"


def inner_helper(*fields, label_class: str = "") -> FormHelper:
    """A crispy helper for fields inside a ``<form>`` the template writes itself (with its
    CSRF token and one-time form token): no ``<form>`` tag, no second CSRF input.
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.label_class = label_class
    if fields:
        helper.layout = Layout(*fields)
    return helper


class AssessmentForm(CleanTextMixin, forms.Form):
    """One score and one comment per criterion, an overall comment and, for the
    self-assessment, strengths, weaknesses and the level the person proposes.

    ``require_all`` (on "send") makes every score and, for the self-assessment, the
    strengths, weaknesses and proposed level required; a draft may be incomplete.
    """

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args,
        criteria: list[Criterion],
        kind: str,
        levels=None,
        require_all: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.kind = kind
        self.require_all = require_all
        for criterion in criteria:
            message = gettext("Enter a score between 0 and %(max)s.") % {"max": criterion.max_score}
            self.fields[self.score_name(criterion)] = forms.DecimalField(
                label=criterion.text,
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal(criterion.max_score),
                max_digits=6,
                decimal_places=2,
                error_messages={
                    "min_value": message,
                    "max_value": message,
                    "invalid": message,
                    "max_digits": message,
                    "max_decimal_places": message,
                },
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control score-input",
                        "min": "0",
                        "max": str(criterion.max_score),
                        "step": SCORE_STEP,
                        "inputmode": "decimal",
                        "data-max": str(criterion.max_score),
                        "data-weight": str(criterion.weight),
                        "data-group": str(criterion.group_id),
                    }
                ),
            )
            self.fields[self.comment_name(criterion)] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                # Three lines at least, growing with the text (static/js: data-autogrow).
                widget=forms.Textarea(
                    attrs={
                        "rows": 3,
                        "class": "form-control",
                        "placeholder": _("Comment (optional)"),
                        "data-autogrow": "",
                    }
                ),
            )
        if kind == Assessment.Kind.SELF:
            self.fields["strengths"] = forms.CharField(
                label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields["weaknesses"] = forms.CharField(
                label=_("Weaknesses and how to improve"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields["proposed_level"] = forms.ModelChoiceField(
                label=_("The level I propose for myself"),
                queryset=levels if levels is not None else ResultLevel.objects.none(),
                required=False,
                empty_label=_("– choose –"),
            )
            if levels is not None and getattr(levels, "_result_cache", None) is not None:
                # Levels already loaded (the criteria set's tree): the options come from
                # them, not from a second query; a posted choice is still checked against
                # the queryset.
                level_field = self.fields["proposed_level"]
                level_field.choices = [
                    ("", level_field.empty_label),
                    *((level.pk, level_field.label_from_instance(level)) for level in levels),
                ]
        for name in ("overall_comment", "strengths", "weaknesses", "proposed_level"):
            if name in self.fields:
                css = "form-select" if name == "proposed_level" else "form-control"
                self.fields[name].widget.attrs.setdefault("class", css)
                if name != "proposed_level":
                    self.fields[name].widget.attrs["data-autogrow"] = ""
        # The criteria rows are laid out by the template (groups, guidance, subtotals): their
        # fields go through the ``score_field`` / ``comment_field`` tags (evaluation_tags:
        # crispy's markup without its per-field templates), the criterion's own label being
        # in the row; the self-report and the overall comment through ``labelled_field``.
        self.overall_names = [
            name
            for name in ("strengths", "weaknesses", "proposed_level", "overall_comment")
            if name in self.fields
        ]

    @property
    def overall_fields(self):
        """The self-report and overall comment, in order (bound fields)."""
        return [self[name] for name in self.overall_names]

    @staticmethod
    def score_name(criterion) -> str:
        return f"score_{criterion.pk}"

    @staticmethod
    def comment_name(criterion) -> str:
        return f"comment_{criterion.pk}"

    def clean(self):
        cleaned = super().clean()
        if not self.require_all:
            return cleaned
        for criterion in self.criteria:
            name = self.score_name(criterion)
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, gettext("Give a score for this criterion before sending."))
        if self.kind == Assessment.Kind.SELF:
            required = {
                "strengths": gettext("Write your strengths before sending."),
                "weaknesses": gettext("Write your weaknesses before sending."),
                "proposed_level": gettext("Choose the level you propose before sending."),
            }
            for name, message in required.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def scores(self) -> dict[int, Decimal]:
        return {
            criterion.pk: self.cleaned_data[self.score_name(criterion)]
            for criterion in self.criteria
            if self.cleaned_data.get(self.score_name(criterion)) is not None
        }

    def comments(self) -> dict[int, str]:
        return {
            criterion.pk: self.cleaned_data.get(self.comment_name(criterion), "").strip()
            for criterion in self.criteria
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "scores": self.scores(),
            "comments": self.comments(),
            "overall_comment": data.get("overall_comment", "").strip(),
        }
        if self.kind == Assessment.Kind.SELF:
            kwargs.update(
                strengths=data.get("strengths", "").strip(),
                weaknesses=data.get("weaknesses", "").strip(),
                proposed_level=data.get("proposed_level"),
            )
        return kwargs


def assessment_initial(assessment: Assessment | None) -> dict:
    """A stored assessment as the form's initial data."""
    if assessment is None:
        return {}
    initial = {
        "overall_comment": assessment.overall_comment,
        "strengths": assessment.strengths,
        "weaknesses": assessment.weaknesses,
        "proposed_level": assessment.proposed_level_id,
    }
    for score in assessment.scores.all():
        initial[f"score_{score.criterion_id}"] = score.score
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


class HeadListFilterForm(CleanTextMixin, forms.Form):
    # The view reads the cycle from the query itself (an unknown one falls back to the
    # newest): a CharField, so that it never makes the other filters invalid.
    cycle = forms.CharField(label=_("Cycle"), required=False, widget=forms.Select)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All states")),
            (TO_ASSESS, _("Waiting for your assessment")),
            *State.choices,
        ],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].widget.choices = [(str(cycle.pk), cycle.name) for cycle in cycles]
        self.fields["cycle"].widget.attrs["class"] = "form-select"
        self.fields["state"].widget.attrs["class"] = "form-select"
        self.fields["category"].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "placeholder": _("Name or staff code")}
        )
        self.helper = inner_helper(
            Row(
                # Each select as wide as its longest choice needs ("Tất cả đối tượng"):
                # one per line on a phone, two per line on a tablet.
                Column("cycle", css_class="col-12 col-lg-3"),
                Column("state", css_class="col-12 col-sm-6 col-lg-3"),
                Column("category", css_class="col-12 col-sm-6 col-lg-2"),
                Column("q", css_class="col-12 col-sm-8 col-lg-3"),
                Div(
                    StrictButton(_("Filter"), type="submit", css_class="btn btn-primary"),
                    css_class="col-12 col-sm-4 col-lg-1 d-grid mb-3",
                ),
                css_class="g-2 align-items-end",
            ),
            label_class="small mb-1",
        )


def _reason_field(label, *, rows: int) -> forms.CharField:
    # Never required by the form: the service refuses a missing reason, where one is
    # needed, with its own message.
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class _ReviewPageForm(CleanTextMixin, forms.Form):
    """A form among others on the review and confirmation pages: labels in small type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper(label_class="small")


class ConcludeForm(_ReviewPageForm):
    level = forms.ModelChoiceField(
        label=_("Result level"), queryset=ResultLevel.objects.none(), empty_label=None
    )
    reason = _reason_field(_("Reason for a level other than the computed one"), rows=2)
    conclusion = forms.CharField(
        label=_("Conclusion of the head"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


class SignOffForm(_ReviewPageForm):
    password = forms.CharField(
        label=_("Your password, to sign"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ReturnForm(_ReviewPageForm):
    reason = _reason_field(_("Reason for returning"), rows=2)

    def __init__(self, *args, **kwargs):
        # The conclusion form on the same page also has a "reason": distinct ids.
        kwargs.setdefault("auto_id", "id_return_%s")
        super().__init__(*args, **kwargs)


class ReopenForm(_ReviewPageForm):
    reason = _reason_field(_("Reason for reopening"), rows=3)


class CollectiveReviewForm(CleanTextMixin, forms.Form):
    """The meeting itself; the votes per person and level are read from ``votes_*`` fields
    by :meth:`votes`.
    """

    held_on = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    invited = forms.IntegerField(label=_("People invited"), min_value=1)
    present = forms.IntegerField(label=_("People present"), min_value=0)
    minutes = forms.FileField(
        label=_("Minutes (PDF, image or Word file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": MINUTES_ACCEPT}),
    )

    def __init__(self, *args, evaluations=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The meeting's fields in one crispy row; the votes are laid out per person by the
        # template with ``|as_crispy_field``.
        self.helper = inner_helper(
            Row(
                *(
                    Column(name, css_class="col-12 col-md-6 col-lg-3")
                    for name in ("held_on", "invited", "present", "minutes")
                ),
                css_class="g-3",
            )
        )
        self.evaluations = list(evaluations)
        for evaluation in self.evaluations:
            for level in evaluation.levels:
                self.fields[self.vote_name(evaluation, level)] = forms.IntegerField(
                    label=level.label,
                    required=False,
                    min_value=0,
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "min": "0"}
                    ),
                )

    @staticmethod
    def vote_name(evaluation, level) -> str:
        return f"votes_{evaluation.pk}_{level.pk}"

    def votes(self) -> dict[int, dict[int, int]]:
        """{evaluation id: {level id: votes}} for the people someone voted on."""
        votes: dict[int, dict[int, int]] = {}
        for evaluation in self.evaluations:
            per_level = {
                level.pk: self.cleaned_data[self.vote_name(evaluation, level)]
                for level in evaluation.levels
                if self.cleaned_data.get(self.vote_name(evaluation, level))
            }
            if per_level:
                votes[evaluation.pk] = per_level
        return votes

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.votes():
            raise forms.ValidationError(gettext("Enter the votes for at least one person."))
        return cleaned
