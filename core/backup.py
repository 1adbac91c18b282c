"""Backups of the database and the uploaded files, and their restore.

A backup is a directory ``longbien-<UTC time>/`` holding:

- ``database.dump``: ``pg_dump -Fc`` on PostgreSQL, or ``database.sqlite3`` made with SQLite's
  online backup API (a consistent copy while the site runs);
- ``media.tar.gz``: everything under MEDIA_ROOT (the commitment scans, the minutes…);
- ``manifest.json``: when, which database vendor, the migrations applied per app, the SHA-256
  of both files and of every media file.

The restore checks the manifest before it touches anything: both files present with their
SHA-256, the same database vendor, and no migration the code does not know (a backup from a
newer version). Then it replaces the database (``pg_restore --clean --if-exists --no-owner``
in one transaction, or the SQLite backup API) and MEDIA_ROOT, the old one kept aside.

This module knows no project app: it works on whatever the database and MEDIA_ROOT hold.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from .migration_state import known_migrations, pending_migrations

FORMAT = "longbien-eval-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup that cannot be made or an archive that must not be restored; says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations(using: str = "default") -> dict[str, list[str]]:
    """{app label: [migration names, sorted]} as recorded in the database."""
    state: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def _media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


# --- PostgreSQL -------------------------------------------------------------------------


def _pg_args_env(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection options for the client tools; the password only in the environment."""
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    args.append(f"--dbname={settings_dict['NAME']}")
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_tool(tool: str, using: str) -> str:
    """The client tool's path once its major version is at least the server's."""
    path = shutil.which(tool)
    if not path:
        raise BackupError(
            f"{tool} is not installed: apt-get install postgresql-client-<server major version>"
        )
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    client = int(version.stdout.split()[-1].split(".")[0].split("beta")[0].split("rc")[0])
    connection = connections[using]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client < server:
        raise BackupError(
            f"{tool} is version {client} but the server is PostgreSQL {server}: install "
            f"postgresql-client-{server}."
        )
    return path


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - a list, no shell; our tool and settings
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({result.returncode}): {result.stderr.strip()}")


def _pg_dump(target: Path, using: str) -> None:
    args, env = _pg_args_env(connections[using].settings_dict)
    tool = _pg_tool("pg_dump", using)
    _run([tool, "--format=custom", "--no-password", f"--file={target}", *args], env, "pg_dump")


def _pg_restore(source: Path, using: str) -> None:
    tool = _pg_tool("pg_restore", using)
    args, env = _pg_args_env(connections[using].settings_dict)
    _run([tool, "--list", "--no-password", str(source)], env, "Reading the dump")
    connections[using].close()
    command = [
        tool,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--no-password",
        *args,
        str(source),
    ]
    _run(command, env, "pg_restore")


# --- SQLite -----------------------------------------------------------------------------


def _sqlite_dump(target: Path, using: str) -> None:
    connection = connections[using]
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def _sqlite_restore(source: Path, using: str) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source.name} is not a sound SQLite database.")
        connection = connections[using]
        if connection.in_atomic_block:
            raise BackupError("A restore cannot run inside a transaction.")
        connection.ensure_connection()
        copy.backup(connection.connection)
    copy.close()


# --- backup -----------------------------------------------------------------------------


def backup_create(output: Path, *, using: str = "default", now=None) -> Path:
    """Write a backup directory under ``output``; its path (the manifest is inside)."""
    vendor = connections[using].vendor
    if vendor not in DUMPS:
        raise BackupError(f"No backup for a {vendor} database.")
    now = now or datetime.datetime.now(datetime.UTC)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    final = output / f"longbien-{now:%Y%m%dT%H%M%SZ}"
    if final.exists():
        raise BackupError(f"{final} already exists.")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=output))
    try:
        dump = work / DUMPS[vendor]
        if vendor == "postgresql":
            _pg_dump(dump, using)
        else:
            _sqlite_dump(dump, using)
        media_root = Path(settings.MEDIA_ROOT)
        media_files = _media_files(media_root)
        with tarfile.open(work / MEDIA, "w:gz") as archive:
            for name in media_files:
                archive.add(media_root / name, arcname=name, recursive=False)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now.isoformat(),
            "django": django.get_version(),
            "database": {
                "vendor": vendor,
                "name": str(connections[using].settings_dict["NAME"]),
                "file": dump.name,
            },
            "migrations": applied_migrations(using),
            "files": {dump.name: sha256_file(dump), MEDIA: sha256_file(work / MEDIA)},
            "media": media_files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
        for path in work.iterdir():  # the scans and the accounts' hashes: for the owner only
            path.chmod(0o600)
        work.chmod(0o700)
        work.rename(final)  # a backup is there whole or not at all
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


# --- restore ----------------------------------------------------------------------------


def manifest_read(path: Path) -> tuple[Path, dict]:
    """(the backup directory, its manifest) from the directory or its manifest.json."""
    path = Path(path)
    directory = path if path.is_dir() or path.name != MANIFEST else path.parent
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"No {MANIFEST} in {directory}: this is not a backup.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{manifest_path} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{manifest_path} is not a longbien-eval backup manifest.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"Backup format version {manifest.get('version')} is not {VERSION}.")
    return directory, manifest


def restore_problems(directory: Path, manifest: dict, *, using: str = "default") -> list[str]:
    """Why the backup must not be restored here; empty when it may."""
    problems = []
    vendor = connections[using].vendor
    if manifest["database"]["vendor"] != vendor:
        problems.append(
            f"The backup is of a {manifest['database']['vendor']} database; this site runs "
            f"on {vendor}."
        )
    expected = {manifest["database"]["file"], MEDIA}
    if set(manifest["files"]) != expected:
        problems.append(f"The manifest lists {sorted(manifest['files'])}, not {sorted(expected)}.")
    for name, digest in sorted(manifest["files"].items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"{name} is missing.")
        elif sha256_file(path) != digest:
            problems.append(f"{name} is corrupt: its SHA-256 is not the manifest's.")
    if vendor == "postgresql":
        # pg_restore --clean drops only what the dump holds: tables of later migrations would
        # stay behind and trip the next migrate.
        in_backup = {(a, n) for a, names in manifest["migrations"].items() for n in names}
        later = sorted(_migrations_not_in(applied_migrations(using), in_backup))
        if later:
            problems.append(
                "The database holds migrations the backup does not (it is newer); restore into "
                f"an empty database (dropdb, createdb): {_first_ten(later)}"
            )
    unknown = _migrations_not_in(manifest["migrations"], known_migrations())
    if unknown:
        problems.append(
            "The backup comes from a newer or different version of the code; deploy that "
            f"version first. Migrations unknown here: {_first_ten(unknown)}"
        )
    return problems


def _migrations_not_in(migrations: dict[str, list[str]], present) -> list[str]:
    """``app.name`` of each of ``migrations`` whose ``(app, name)`` is not in ``present``."""
    return [
        f"{app}.{name}"
        for app, names in migrations.items()
        for name in names
        if (app, name) not in present
    ]


def _first_ten(names: list[str]) -> str:
    return ", ".join(names[:10]) + (" …" if len(names) > 10 else "")


def _media_stage(archive_path: Path, expected: dict[str, str], media_root: Path) -> Path:
    """The archive unpacked into a new directory beside MEDIA_ROOT, every file checked."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(fresh, filter="data")
        found = _media_files(fresh)
        if found != expected:
            raise BackupError(
                "The media archive does not hold the files of the manifest "
                f"({len(found)} found, {len(expected)} listed, or a SHA-256 differs)."
            )
        fresh.chmod(0o755)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def _media_swap(fresh: Path, media_root: Path) -> Path | None:
    """Put the unpacked files in MEDIA_ROOT's place; where the previous ones were kept."""
    aside = None
    if media_root.exists():
        stamp = datetime.datetime.now(datetime.UTC)
        aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp:%Y%m%dT%H%M%SZ}")
        media_root.rename(aside)
    fresh.rename(media_root)
    return aside


def backup_restore(path: Path, *, using: str = "default") -> dict:
    """Restore the database and MEDIA_ROOT from a backup; refuses a mismatching or corrupt one.

    Returns what was done: the manifest, where the old media went, migrations not applied yet.
    """
    directory, manifest = manifest_read(path)
    problems = restore_problems(directory, manifest, using=using)
    if problems:
        raise BackupError("The backup was not restored:\n- " + "\n- ".join(problems))
    media_root = Path(settings.MEDIA_ROOT)
    # The media unpacked and checked first: a bad archive leaves the database untouched.
    fresh = _media_stage(directory / MEDIA, manifest["media"], media_root)
    try:
        dump = directory / manifest["database"]["file"]
        if manifest["database"]["vendor"] == "postgresql":
            _pg_restore(dump, using)
        else:
            _sqlite_restore(dump, using)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    aside = _media_swap(fresh, media_root)
    restored = applied_migrations(using)
    if restored != manifest["migrations"]:
        raise BackupError("The restored database's migrations are not the manifest's.")
    applied = {(app, name) for app, names in restored.items() for name in names}
    return {
        "manifest": manifest,
        "media_aside": aside,
        "pending_migrations": [f"{a}.{n}" for a, n in pending_migrations(applied)],
    }
