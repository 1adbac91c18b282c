"""manage.py backup and restore (core.backup): a round trip, and the archives refused."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup
from tests.factories.units import UnitFactory
from units.models import Unit

ROOT = Path(__file__).resolve().parent.parent
SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup API")


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "commitments" / "scans" / "2021").mkdir(parents=True)
    (root / "commitments" / "scans" / "2021" / "a.pdf").write_bytes(b"%PDF-1.4 scan")
    (root / "bien-ban.pdf").write_bytes(b"%PDF-1.4 minutes")
    settings.MEDIA_ROOT = root
    return root


def _backup(tmp_path) -> Path:
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=io.StringIO())
    [made] = (tmp_path / "backups").iterdir()
    return made


def _restore(path, *args):
    call_command("restore", "--noinput", str(path), *args, stdout=io.StringIO())


@SQLITE_ONLY
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_the_database_and_the_media(tmp_path, media):
    unit = UnitFactory(name="Phường Bồ Đề")
    names = sorted(Unit.objects.values_list("pk", "name"))
    made = _backup(tmp_path)
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["migrations"]["units"][0] == "0001_initial"
    assert set(manifest["files"]) == {"database.sqlite3", "media.tar.gz"}
    assert sorted(manifest["media"]) == ["bien-ban.pdf", "commitments/scans/2021/a.pdf"]

    Unit.objects.filter(pk=unit.pk).update(name="Đã sửa sau sao lưu")
    UnitFactory(name="Tạo sau sao lưu")
    (media / "bien-ban.pdf").write_bytes(b"changed")
    (media / "new.pdf").write_bytes(b"new")
    _restore(made / "manifest.json")

    assert sorted(Unit.objects.values_list("pk", "name")) == names
    assert (media / "bien-ban.pdf").read_bytes() == b"%PDF-1.4 minutes"
    assert not (media / "new.pdf").exists()
    [aside] = media.parent.glob("media.before-restore-*")
    assert (aside / "new.pdf").read_bytes() == b"new"


def _made(tmp_path, media):
    """A backup directory, made without the database commands (for the refusals)."""
    made = _backup(tmp_path)
    return made, json.loads((made / "manifest.json").read_text())


def _refused(made, words: str):
    with pytest.raises(CommandError) as error:
        _restore(made)
    assert words in str(error.value)
    return error.value


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_archive_is_refused_before_anything_changes(tmp_path, media):
    made, manifest = _made(tmp_path, media)
    get_user_model().objects.create(username="sau-sao-luu")
    with open(made / "media.tar.gz", "ab") as handle:
        handle.write(b"x")
    _refused(made, "media.tar.gz is corrupt")
    (made / manifest["database"]["file"]).unlink()
    _refused(made, f"{manifest['database']['file']} is missing")
    assert get_user_model().objects.filter(username="sau-sao-luu").exists()
    assert (media / "bien-ban.pdf").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda m: m["database"].update(vendor="oracle"), "The backup is of a oracle database"),
        (lambda m: m["migrations"]["units"].append("0999_future"), "units.0999_future"),
        (lambda m: m.update(format="something else"), "not a longbien-eval backup manifest"),
        (lambda m: m.update(version=2), "format version 2"),
    ],
    ids=["vendor", "newer-code", "format", "version"],
)
def test_a_mismatching_backup_is_refused(tmp_path, media, change, words):
    made, manifest = _made(tmp_path, media)
    change(manifest)
    (made / "manifest.json").write_text(json.dumps(manifest))
    _refused(made, words)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_restore --clean leaves tables")
@pytest.mark.django_db(transaction=True)
def test_an_older_backup_is_refused_over_a_newer_postgresql_database(tmp_path, media):
    made, manifest = _made(tmp_path, media)
    manifest["migrations"]["units"].pop()
    (made / "manifest.json").write_text(json.dumps(manifest))
    _refused(made, "restore into an empty database")


def test_not_a_backup_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text("{not json")
    _refused(tmp_path, "is not valid JSON")
    _refused(tmp_path / "elsewhere", "this is not a backup")


@pytest.mark.django_db(transaction=True)
def test_check_only_reads_the_backup(tmp_path, media):
    made, _manifest = _made(tmp_path, media)
    (media / "new.pdf").write_bytes(b"new")
    _restore(made, "--check")
    assert (media / "new.pdf").exists()


def test_the_password_goes_in_the_environment_never_on_the_command_line():
    args, env = backup._pg_args_env(
        {"HOST": "db", "PORT": 5432, "USER": "longbien", "PASSWORD": "bí-mật", "NAME": "prod"}
    )
    assert args == ["--host=db", "--port=5432", "--username=longbien", "--dbname=prod"]
    assert "bí-mật" not in " ".join(args) and env["PGPASSWORD"] == "bí-mật"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
def test_the_round_trip_script_on_postgresql():
    """scripts/backup_roundtrip.py, as CI runs it: every row, every signature, every scan."""
    settings_dict = connection.settings_dict
    base = settings_dict["NAME"].removeprefix("test_")
    user = settings_dict.get("USER") or "postgres"
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    server = f"postgres://{user}@{host}:{port}"
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "backup_roundtrip.py"),
            f"--source={base}_rt_src",
            f"--target={base}_rt_dst",
            f"--server={server}",
            "--drop-after",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(result.stdout.splitlines()[-1])
    assert figures["problems"] == []
    assert figures["rows"] >= 1000 and figures["signed_evaluations"] >= 3 and figures["scans"] >= 2
    assert "0 not matching" in figures["verify_seals"]
    assert "3 evaluations checked" in figures["verify_seals"]
