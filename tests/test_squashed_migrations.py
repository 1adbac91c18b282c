"""The squashed migrations (README, "Upgrading"): a database of the whole old chain goes on,
one that stopped part way is stopped with the way out, and backups of either age restore."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from core.checks import PART_WAY, squashed_chains_complete
from core.migration_state import known_migrations, part_way_squashes, pending_migrations
from tests.factories.units import UnitFactory
from tests.test_backup import SQLITE_ONLY, _backup
from units.models import Unit

pytestmark = pytest.mark.django_db
SQUASH = ("evaluations", "0001_squashed_0007_database_seal")


def _applied() -> set[tuple[str, str]]:
    return set(MigrationRecorder(connection).applied_migrations())


def _squashes() -> set[tuple[str, str]]:
    return {key for key in _applied() if "_squashed_" in key[1]}


def test_a_new_database_records_the_old_chain_and_the_squash():
    applied = _applied()
    assert SQUASH in applied
    assert ("evaluations", "0007_database_seal") in applied
    assert ("units", "0002_normalise_text_nfc") in applied
    assert part_way_squashes(applied) == []
    assert pending_migrations(applied) == []


def test_the_whole_old_chain_without_the_squash_name_counts_as_the_squash():
    before_the_squash = _applied() - _squashes()
    assert pending_migrations(before_the_squash) == []
    assert part_way_squashes(before_the_squash) == []
    assert before_the_squash <= known_migrations()


def test_part_way_through_the_old_chain_is_found():
    part_way = _applied() - _squashes() - {("evaluations", "0007_database_seal")}
    assert part_way_squashes(part_way) == [("evaluations", SQUASH[1], ["0007_database_seal"])]
    assert SQUASH in pending_migrations(part_way)


def test_migrate_is_stopped_with_the_way_out_on_a_part_way_database():
    assert squashed_chains_complete(databases=["default"]) == []
    MigrationRecorder(connection).migration_qs.filter(
        app="evaluations", name__in=["0006_fill_unit_cycle_tally", SQUASH[1]]
    ).delete()

    [error] = squashed_chains_complete(databases=["default"])

    assert error.id == PART_WAY
    assert "evaluations.0001_squashed_0007_database_seal" in error.msg
    assert "chưa áp dụng 0006_fill_unit_cycle_tally." in error.msg  # Vietnamese first
    assert "Upgrading" in str(error.hint)


@SQLITE_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_backup_made_before_the_squash_restores_with_nothing_pending(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    recorder = MigrationRecorder(connection)
    squashes = _squashes()
    UnitFactory(name="Phường Bồ Đề")
    recorder.migration_qs.filter(name__contains="_squashed_").delete()  # as the old code left it
    try:
        made = _backup(tmp_path)
        manifest = json.loads((made / "manifest.json").read_text())
        assert not any(
            "_squashed_" in n for names in manifest["migrations"].values() for n in names
        )
        out = io.StringIO()
        call_command("restore", "--noinput", str(made / "manifest.json"), stdout=out)
        assert "not applied" not in out.getvalue()
        assert Unit.objects.filter(name="Phường Bồ Đề").exists()
    finally:
        for app, name in squashes:
            recorder.record_applied(app, name)
