"""Cached report figures: served until the data changes, never after; never across scopes.

The test settings turn the cache off (tests never commit); these tests turn it on. Those
that write commit for real (``transaction=True``), because the data version moves only
after a commit.
"""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from evaluations import services
from evaluations.models import SEALED_STATES, Evaluation, State
from reports import freshness
from tests.factories.evaluations import Org, to_concluded
from tests.factories.reports import make_district
from tests.factories.units import DEFAULT_PASSWORD, UnitFactory
from units.models import Block, Unit
from units.services import role_revoke

from .conftest import blocks_of

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def cache_on(settings):
    settings.REPORTS_CACHE_SECONDS = 3600
    caches[freshness.CACHE_ALIAS].clear()
    yield settings
    caches[freshness.CACHE_ALIAS].clear()


def served(client, url=DASHBOARD) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.context["report_body"])


def computed(client, settings, url=DASHBOARD) -> str:
    """The figures as the page computes them with no cache at all."""
    seconds, settings.REPORTS_CACHE_SECONDS = settings.REPORTS_CACHE_SECONDS, 0
    try:
        return served(client, url)
    finally:
        settings.REPORTS_CACHE_SECONDS = seconds


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "evaluations_evaluation" ("state") VALUES (%s)', True),
        ('UPDATE "units_unit" SET "name" = %s WHERE "id" = %s', True),
        ('DELETE FROM "commitments_commitment" WHERE "id" IN (%s)', True),
        ('TRUNCATE "criteria_criterion"', True),
        ("  update units_person set full_name = 'x'", True),
        ('WITH picked AS (SELECT 1) INSERT INTO "evaluations_evaluation" SELECT 1', True),
        ('SELECT "units_unit"."id" FROM "units_unit"', False),
        ('WITH picked AS (SELECT id FROM "units_unit") SELECT * FROM picked', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('UPDATE "reports_dataversion" SET "number" = ("number" + 1)', False),
        ('SAVEPOINT "s1"', False),
    ],
)
def test_which_statements_count_as_writes(db, sql, watched):
    assert freshness.writes_watched_table(sql) is watched


@pytest.mark.django_db
def test_one_transaction_moves_the_version_once_and_only_after_commit(
    django_capture_on_commit_callbacks,
):
    before = freshness.current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        UnitFactory()
        UnitFactory()
        assert freshness.current_version() == before
    assert len(callbacks) == 1
    assert freshness.current_version() == before + 1


@pytest.mark.django_db
def test_a_rolled_back_write_does_not_move_the_version(django_capture_on_commit_callbacks):
    before = freshness.current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                UnitFactory()
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert freshness.current_version() == before


@pytest.mark.django_db
def test_a_missing_counter_is_created_by_the_first_write():
    freshness._version_model().objects.all().delete()
    assert freshness.current_version() == 0
    freshness.bump_version()
    freshness.bump_version()
    assert freshness.current_version() == 2


@pytest.mark.django_db(transaction=True)
def test_served_figures_follow_every_kind_of_write(client, cache_on):
    district = make_district(people=120, cycles=1)
    client.force_login(district.users["home_affairs"])
    first = served(client)
    assert first == computed(client, cache_on)

    # A repeat view is served from the cache: the same figures, none of their queries.
    with CaptureQueriesContext(connection) as cold:
        computed(client, cache_on)
    with CaptureQueriesContext(connection) as hit:
        assert served(client) == first
    figures = '"evaluations_evaluation"'
    assert any(figures in query["sql"] for query in cold.captured_queries)
    assert not any(figures in query["sql"] for query in hit.captured_queries)
    version = freshness.current_version()
    assert freshness.current_version() == version  # reading moved nothing

    government = Evaluation.objects.filter(unit__block=Block.GOVERNMENT)
    writes = {
        "a model saved": lambda: _rename_first_ward(),
        "QuerySet.update": lambda: government.filter(state=State.NOT_STARTED).update(
            state=State.SELF_DRAFT
        ),
        # An evaluation that is not signed (a signed one refuses raw SQL: docs/integrity.md)
        # and not yet in the state the update moves it to.
        "raw SQL": lambda: _raw_update(
            government.exclude(state__in=(*SEALED_STATES, State.HEAD_REVIEW))
            .values_list("pk", flat=True)
            .first()
        ),
        "QuerySet.delete": lambda: _delete_some_commitments(),
    }
    previous = first
    for label, write in writes.items():
        write()
        assert freshness.current_version() > version, label
        version = freshness.current_version()
        now = served(client)
        assert now == computed(client, cache_on), label
        assert now != previous, f"{label}: the write should change the figures"
        previous = now


def _rename_first_ward():
    ward = Unit.objects.filter(kind=Unit.Kind.WARD).order_by("sort_order", "path")[0]
    ward.name = f"{ward.name} (đổi tên)"
    ward.save()


def _delete_some_commitments():
    government = Commitment.objects.filter(
        person__unit__block=Block.GOVERNMENT, status=Commitment.Status.PENDING
    )
    Commitment.objects.filter(pk__in=list(government.values_list("pk", flat=True)[:5])).delete()


def _raw_update(pk):
    table = connection.ops.quote_name(Evaluation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET state = %s WHERE id = %s", [State.HEAD_REVIEW, pk])  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_sign_off_shows_at_once_on_the_heads_cached_report(client, cache_on):
    org = Org()
    cycle = org.open_cycle()
    evaluation = org.evaluation(cycle, org.staff[0])
    client.force_login(org.head.user)
    before = served(client)
    assert served(client) == before
    to_concluded(org, evaluation)
    services.evaluation_sign_off(
        evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
    )
    after = served(client)
    assert after != before
    assert after == computed(client, cache_on)


@pytest.mark.django_db
def test_each_office_gets_its_own_figures_from_the_cache(client, district, cache_on):
    for _ in range(2):  # the second round is served from the cache
        for role, block in (
            ("home_affairs", Block.GOVERNMENT),
            ("organisation_board", Block.PARTY_MASS),
        ):
            client.force_login(district.users[role])
            assert blocks_of(served(client)) == {block}


@pytest.mark.django_db
def test_each_language_gets_its_own_figures_from_the_cache(client, district, cache_on):
    client.force_login(district.users["home_affairs"])
    vietnamese = served(client)
    client.cookies["django_language"] = "en"
    english = served(client)
    assert "Progress of the evaluations by unit" in english
    assert "Progress of the evaluations by unit" not in vietnamese


@pytest.mark.django_db
def test_a_revoked_role_sees_no_cached_report(client, district, cache_on):
    user = district.users["home_affairs"]
    client.force_login(user)
    served(client)
    assignment = user.role_assignments.get()
    role_revoke(assignment=assignment)
    assert client.get(DASHBOARD).status_code == 404


@pytest.mark.django_db
def test_a_cached_page_costs_a_fixed_few_queries(
    client, district, cache_on, django_assert_num_queries
):
    client.force_login(district.users["home_affairs"])
    url = f"{DASHBOARD}?unit={district.root.pk}"
    served(client, url)
    # session, user, roles (2), cycles, campaigns, the unit, the version; the root has no
    # ancestors to look up for the breadcrumb
    with django_assert_num_queries(8):
        served(client, url)


@pytest.mark.django_db
def test_migrations_move_the_version_once_they_are_done():
    before = freshness.current_version()
    freshness.pause_during_migrations(sender=None)
    try:
        freshness.bump_version()
        assert freshness.current_version() == before
    finally:
        freshness.bump_after_migrations(sender=None)
    assert freshness.current_version() == before + 1
