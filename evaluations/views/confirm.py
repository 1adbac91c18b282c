"""The steps of an evaluation that cannot be undone, each behind its confirmation page
(``core.views.ConfirmActionMixin``): sending an assessment (self, colleague, head),
starting the head's review while colleagues have not answered, signing off, publishing
(one or all), returning and reopening. The pages only say what will happen; the services decide.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.views import AccessRefused, ConfirmActionMixin, ProtectedViewMixin
from units.selectors import person_for

from .. import permissions, selectors, services
from ..forms import ReopenForm, ReturnForm, SignOffForm
from ..models import Assessment, Cycle, State
from ..templatetags.evaluation_tags import score as _score
from ..workflow import KIND_ACTIONS
from ._common import EvaluationMixin

Kind = Assessment.Kind


class EvaluationConfirmView(EvaluationMixin, ConfirmActionMixin, View):
    """One evaluation's transition ``action``: 404 unless the user may take it."""

    action = ""

    @property
    def permission_action(self) -> str:
        return f"evaluations.{self.action}"

    def refusal(self) -> str:
        return services.evaluation_action_refusal(
            evaluation=self.refreshed(), action=self.action, actor=self.request.user
        )

    def cancel_url(self) -> str:
        return reverse("evaluations:review", args=[self.evaluation.pk])

    def person_line(self) -> str:
        evaluation = self.evaluation
        return gettext("%(name)s, %(unit)s – %(cycle)s") % {
            "name": evaluation.person.full_name,
            "unit": evaluation.unit.name,
            "cycle": evaluation.cycle.name,
        }


class SendToHeadView(EvaluationConfirmView):
    """Start the head's review; asks first when asked colleagues have not answered."""

    action = "send_to_head"
    confirm_title = _("Start your review without all colleagues' answers?")
    confirm_button = _("Start my review")
    done_message = _("Your review has started: fill in your assessment.")

    def missing(self) -> list[str]:
        if not hasattr(self, "_missing"):
            self._missing = selectors.colleagues_not_answered(self.evaluation)
        return self._missing

    def needs_confirmation(self) -> bool:
        return bool(self.missing())

    def confirm_lines(self) -> list[str]:
        missing = self.missing()
        if not missing:
            return [self.person_line()]
        return [
            self.person_line(),
            ngettext(
                "%(count)d colleague asked has not answered: %(names)s.",
                "%(count)d colleagues asked have not answered: %(names)s.",
                len(missing),
            )
            % {"count": len(missing), "names": ", ".join(missing)},
            gettext("Once your review starts, they can no longer send their assessment."),
        ]

    def perform(self, form):
        services.evaluation_send_to_head(evaluation=self.evaluation, actor=self.request.user)


class SignOffView(EvaluationConfirmView):
    action = "sign_off"
    confirm_title = _("Sign off this result?")
    confirm_button = _("Sign off")
    confirm_button_class = "btn-success"
    confirm_form_class = SignOffForm
    done_message = _("Signed off. The result can no longer be changed; the person has been told.")

    def confirm_lines(self) -> list[str]:
        evaluation = self.evaluation
        return [
            self.person_line(),
            gettext("Score %(score)s, level: %(level)s.")
            % {
                "score": _score(evaluation.final_score),
                "level": evaluation.final_level.label if evaluation.final_level else "–",
            },
            gettext(
                "The person is told and the result is sealed: only an administrator can "
                "reopen it, with a reason."
            ),
        ]

    def confirm_warning(self) -> str:
        return gettext("After signing, the result can no longer be changed.")

    def perform(self, form):
        services.evaluation_sign_off(
            evaluation=self.evaluation,
            actor=self.request.user,
            password=form.cleaned_data["password"],
            request=self.request,
        )


class PublishView(EvaluationConfirmView):
    action = "publish"
    confirm_title = _("Publish this result in the unit?")
    confirm_button = _("Publish in the unit")
    done_message = _("Published: the unit's people can see the result.")

    def confirm_lines(self) -> list[str]:
        return [
            self.person_line(),
            gettext("Every person of the unit will see this result and its level."),
        ]

    def perform(self, form):
        services.evaluation_publish(evaluation=self.evaluation, actor=self.request.user)


class ReasonedConfirmView(EvaluationConfirmView):
    """A step back that needs a written reason (returning, reopening): the page says what
    it undoes (``undoes``) and the reason goes to the step's service (``step``)."""

    confirm_button_class = "btn-danger"
    undoes = ""
    step = None  # the service, as staticmethod(services.evaluation_...)

    def confirm_lines(self) -> list[str]:
        return [self.person_line(), str(self.undoes)]

    def perform(self, form):
        self.step(
            evaluation=self.evaluation,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class ReturnView(ReasonedConfirmView):
    action = "return"
    confirm_title = _("Return this evaluation to the person?")
    confirm_button = _("Return")
    confirm_form_class = ReturnForm
    step = staticmethod(services.evaluation_return)
    done_message = _("Returned to the person with your reason.")
    undoes = _(
        "The self-assessment and your assessment become drafts again; the score "
        "and level concluded are cleared. The person receives your reason."
    )


class ReopenView(ReasonedConfirmView):
    """An administrator unseals a signed-off result (with a reason)."""

    action = "reopen"
    confirm_title = _("Reopen this signed-off result?")
    confirm_button = _("Reopen")
    confirm_form_class = ReopenForm
    step = staticmethod(services.evaluation_reopen)
    done_message = _("Reopened: the head reviews the evaluation again.")
    undoes = _(
        "The signature is removed (the history keeps it), the result is no longer "
        "published and the head reviews it again."
    )


class AssessmentSubmitView(EvaluationConfirmView):
    """Send the saved draft of the user's assessment of ``kind`` (the form's "Send" saves
    the draft and leads here); subclasses name the pages around it and what it says."""

    kind = ""
    form_url_name = ""
    confirm_button = _("Send")
    done_message = _("Sent. Thank you.")

    @property
    def action(self) -> str:
        return KIND_ACTIONS[self.kind][1]

    def check_access(self) -> None:
        super().check_access()
        if not permissions.is_assessor(self.request.user, self.evaluation, self.kind):
            raise AccessRefused(
                obj=self.evaluation, unit=self.evaluation.unit, permission="assessor"
            )
        self.assessment = selectors.assessment_of(
            self.evaluation, person_for(self.request.user), self.kind
        )

    def cancel_url(self) -> str:
        return reverse(self.form_url_name, args=[self.evaluation.pk])

    def refusal(self) -> str:
        refusal = super().refusal()
        assessment = self.assessment
        # An assessment asked for but never saved has no total yet: nothing to send.
        if not refusal and (
            assessment is None
            or assessment.status != Assessment.Status.DRAFT
            or assessment.total is None
        ):
            return gettext("There is no draft assessment to submit.")
        return refusal

    def total_line(self) -> str:
        return gettext("Your total: %(total)s out of 100.") % {
            "total": _score(self.assessment.total)
        }

    def confirm_warning(self) -> str:
        return gettext("Once sent, your assessment can no longer be changed.")

    def perform(self, form):
        submit = {
            Kind.SELF: services.self_assessment_submit,
            Kind.COLLEAGUE: services.colleague_assessment_submit,
            Kind.HEAD: services.head_assessment_submit,
        }[self.kind]
        submit(evaluation=self.evaluation, actor=self.request.user)


class SelfSubmitView(AssessmentSubmitView):
    kind = Kind.SELF
    form_url_name = "evaluations:self_form"
    confirm_title = _("Send your self-assessment?")

    def done_url(self) -> str:
        return reverse("evaluations:my_list")

    def confirm_lines(self) -> list[str]:
        level = self.assessment.proposed_level
        return [
            self.total_line(),
            gettext("Level you propose: %(level)s.") % {"level": level.label if level else "–"},
            gettext("Your head then reviews it; only a return by the head lets you change it."),
        ]

    def confirm_warning(self) -> str:
        return gettext("Once sent, your self-assessment can no longer be changed.")


class ColleagueSubmitView(AssessmentSubmitView):
    kind = Kind.COLLEAGUE
    form_url_name = "evaluations:colleague_form"
    confirm_title = _("Send your assessment of this colleague?")

    def done_url(self) -> str:
        return reverse("evaluations:colleague_list")

    def confirm_lines(self) -> list[str]:
        return [
            self.person_line(),
            self.total_line(),
            gettext("Nobody sees your scores: only the colleagues' average is shown."),
        ]


class HeadSubmitView(AssessmentSubmitView):
    kind = Kind.HEAD
    form_url_name = "evaluations:head_form"
    confirm_title = _("Send your assessment?")

    def done_url(self) -> str:
        return reverse("evaluations:review", args=[self.evaluation.pk])

    def confirm_lines(self) -> list[str]:
        return [
            self.person_line(),
            self.total_line(),
            gettext("You can then conclude the evaluation."),
        ]


class PublishAllView(ProtectedViewMixin, ConfirmActionMixin, View):
    """Publish every signed-off result the head reviews in the cycle, after confirmation."""

    confirm_title = _("Publish all signed-off results?")
    confirm_button = _("Publish all")

    def check_access(self) -> None:
        self.head = person_for(self.request.user)
        if not selectors.reviews_anyone(self.head):
            raise AccessRefused(permission="evaluations.head_pages")
        self.cycle = get_object_or_404(
            Cycle, pk=self.kwargs["cycle_pk"], status__in=selectors.VISIBLE_CYCLE_STATES
        )

    def signed(self) -> list:
        rows = selectors.head_rows(self.head, self.cycle, state=State.SIGNED_OFF)
        return [evaluation.person.full_name for evaluation in rows]

    def refusal(self) -> str:
        self.names = self.signed()
        return "" if self.names else gettext("No signed-off result is waiting to be published.")

    def cancel_url(self) -> str:
        return reverse("evaluations:head_list") + "?" + urlencode({"cycle": self.cycle.pk})

    def confirm_lines(self) -> list[str]:
        return [
            ngettext(
                "%(count)d signed-off result will be published in the unit: %(names)s.",
                "%(count)d signed-off results will be published in the unit: %(names)s.",
                len(self.names),
            )
            % {"count": len(self.names), "names": ", ".join(self.names)},
            gettext("Every person of the unit will see these results and their levels."),
        ]

    def perform(self, form):
        published = services.evaluations_publish_signed(cycle=self.cycle, actor=self.request.user)
        self.done_message = ngettext(
            "%(count)d result was published in the unit.",
            "%(count)d results were published in the unit.",
            published,
        ) % {"count": published}
