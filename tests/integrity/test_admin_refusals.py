"""The admin refuses to delete signed rows, and what would reach them, on Django's own
"cannot delete" page in Vietnamese (naming the signed rows; for a cycle or campaign, the
rows under it that nobody may delete), never with a server error; nothing is deleted."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from evaluations.models import Evaluation
from tests.admin_actions import admin_action
from tests.factories.units import UserFactory

pytestmark = pytest.mark.django_db
REFUSED = "Không thể xóa"  # Django's "Cannot delete …"
PROTECTED = "được bảo vệ"  # "…would require deleting the following protected objects"


def _admin(client, user):
    user.is_staff = True
    user.save()
    client.force_login(user)


def _superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))


def _refused(answer, marker=REFUSED):
    assert answer.status_code == 200
    assert marker in answer.content.decode()


def _bulk_delete(client, model, pks):
    return admin_action(client, model, "delete_selected", pks, post="yes")


# what → (the app's organisation, whose administrator administers it; the cycle or campaign)
SCOPED = {
    "cycle": lambda sealed: (sealed.org, sealed.evaluation.cycle),
    "campaign": lambda sealed: (sealed.commitments, sealed.online.campaign),
}


@pytest.mark.parametrize("who", ["administrator", "superuser"])
@pytest.mark.parametrize("what", SCOPED)
def test_a_cycle_or_campaign_with_signed_rows_is_not_deleted(client, sealed, what, who):
    org, scoped = SCOPED[what](sealed)
    _admin(client, org.admin) if who == "administrator" else _superuser(client)
    model = type(scoped)
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[scoped.pk]
    )
    _refused(client.get(url))
    _refused(client.post(url, {"post": "yes"}))
    _refused(_bulk_delete(client, model, [scoped.pk]))
    assert model.objects.filter(pk=scoped.pk).exists()


def _evaluations(sealed):
    """The two signed evaluations, and one still open that is not shown protected."""
    open_one = sealed.org.evaluation(sealed.evaluation.cycle, sealed.org.staff[3])
    return Evaluation, [sealed.evaluation.pk, sealed.published.pk, open_one.pk]


def _commitments(sealed):
    """The commitment signed online and the one recorded on paper."""
    return Commitment, [sealed.online.pk, sealed.paper.pk]


@pytest.mark.parametrize("rows", [_evaluations, _commitments], ids=["evaluations", "commitments"])
def test_the_bulk_delete_of_signed_rows_shows_them_protected(client, sealed, rows):
    _superuser(client)
    model, pks = rows(sealed)
    answer = _bulk_delete(client, model, pks)
    _refused(answer, PROTECTED)
    assert answer.content.decode().count("đã ký: không bao giờ bị xóa") == 2
    assert model.objects.filter(pk__in=pks).count() == len(pks)


def test_a_meeting_that_voted_on_a_signed_evaluation_is_not_deleted(client, sealed):
    from evaluations.models import CollectiveReview

    _superuser(client)
    url = reverse("admin:evaluations_collectivereview_delete", args=[sealed.review.pk])
    _refused(client.post(url, {"post": "yes"}), PROTECTED)
    assert CollectiveReview.objects.filter(pk=sealed.review.pk).exists()
