"""A full backup round trip on PostgreSQL: build, back up, restore elsewhere, compare.

    python scripts/backup_roundtrip.py [--source NAME] [--target NAME] [--server URL]

1. drops and creates the two databases (their names must say "backup" or "_rt"), migrates the
   source and fills it: the Long Biên units, evaluations signed off, commitments signed online
   and on paper (a PDF and a PNG scan in a MEDIA_ROOT of its own);
2. ``manage.py backup`` of the source, ``manage.py restore --noinput`` into the target with
   another, empty MEDIA_ROOT;
3. compares every model's table (``apps.get_models`` with the many-to-many through tables)
   row for row and value for value, every table's row count, the sequences, the media files,
   and checks that every signed evaluation's content still hashes to its ``content_sha256``
   (``evaluations.selectors.evaluation_signature_valid``) and every scan to its SHA-256;
4. runs ``manage.py verify_seals`` on the restored database: every seal of every signed
   evaluation and commitment must match (its exit status fails the round trip otherwise).

Each step runs in its own process, as an operator would run them. Exit status 0 when all
agrees; the figures on the last line. tests/test_backup.py runs it under pytest too.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SAFE_NAME = re.compile(r"^[a-z0-9_]*(backup|_rt)[a-z0-9_]*$")


def _django(database_url: str, media_root: Path):
    os.environ.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        DJANGO_SETTINGS_MODULE="longbien_eval.settings.base",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build() -> None:
    """The source data, made by the test factories and the services."""
    import datetime

    from django.core.management import call_command

    from commitments import services as commitments
    from evaluations import services as evaluations
    from tests.factories import commitments as cf
    from tests.factories import evaluations as ef
    from tests.factories.units import DEFAULT_PASSWORD

    call_command("seed_longbien", verbosity=0)
    org = ef.Org()
    cycle = org.open_cycle()
    for person in org.staff[:3]:
        evaluation = ef.to_concluded(org, org.evaluation(cycle, person))
        evaluations.evaluation_sign_off(
            evaluation=evaluation, actor=org.head.user, password=DEFAULT_PASSWORD
        )
    ef.to_concluded(org, org.evaluation(cycle, org.staff[3]))  # concluded, not signed

    world = cf.Org()
    campaign = world.open_campaign()
    person = world.staff[0]
    commitments.commitment_sign_online(
        commitment=world.commitment(campaign, person),
        actor=person.user,
        typed_name=person.full_name,
        password=DEFAULT_PASSWORD,
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0 sao lưu",
    )
    for person, scan in ((world.staff[1], cf.upload()), (world.party_staff, None)):
        clerk = world.gov_clerk if person is world.staff[1] else world.party_clerk
        commitments.commitment_record_paper(
            commitment=world.commitment(campaign, person),
            actor=clerk,
            scan=scan or cf.upload("giay.png", cf.PNG, "image/png"),
            signed_on=datetime.date(2021, 10, 7),
        )


def _rows(alias: str, model) -> list[tuple]:
    fields = [field.attname for field in model._meta.concrete_fields]
    return list(model._base_manager.using(alias).order_by("pk").values_list(*fields))


def _tables(alias: str) -> dict[str, int]:
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        counts.update({f"sequence {name}": value for name, value in cursor.fetchall()})
    return counts


def _media(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def verify(source_url: str, source_media: Path, target_media: Path) -> dict:
    """Compare the target (Django's default database) with the source; the figures."""
    import dj_database_url
    from django.apps import apps
    from django.db import connections

    from commitments.models import Commitment
    from evaluations.models import Evaluation
    from evaluations.selectors import evaluation_signature_valid

    connections.settings["source"] = {
        **connections.settings["default"],
        **dj_database_url.parse(source_url),
    }
    problems, rows, models = [], 0, 0
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        source, target = _rows("source", model), _rows("default", model)
        models += 1
        rows += len(source)
        if source != target:
            problems.append(f"{model._meta.label}: {len(source)} rows, {len(target)} restored")
    source_tables, target_tables = _tables("source"), _tables("default")
    for name in sorted(set(source_tables) | set(target_tables)):
        if source_tables.get(name) != target_tables.get(name):
            problems.append(f"{name}: {source_tables.get(name)} → {target_tables.get(name)}")
    signed = list(Evaluation.objects.exclude(content_sha256=""))
    problems += [
        f"evaluation {e.pk}: signature broken" for e in signed if not evaluation_signature_valid(e)
    ]
    scans = list(Commitment.objects.exclude(scan=""))
    for commitment in scans:
        with commitment.scan.open("rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != commitment.scan_sha256:
                problems.append(f"commitment {commitment.pk}: scan differs from its SHA-256")
    if _media(source_media) != _media(target_media):
        problems.append("the media files differ")
    if len(signed) < 3 or len(scans) < 2 or rows < 1000:
        problems.append(f"too little data to prove anything: {rows} rows, {len(signed)} signed")
    return {
        "models": models,
        "rows": rows,
        "tables": sum(not name.startswith("sequence ") for name in source_tables),
        "signed_evaluations": len(signed),
        "scans": len(scans),
        "media_files": len(_media(source_media)),
        "problems": problems,
    }


def _drop(server: str, names: list[str], *, create: bool = False) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="longbien_ci_backup_src")
    parser.add_argument("--target", default="longbien_ci_backup_dst")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL URL without a database")
    parser.add_argument(
        "--drop-after", action="store_true", help="drop both databases when all agrees"
    )
    parser.add_argument("--phase", choices=["build", "verify"], help=argparse.SUPPRESS)
    parser.add_argument("--media", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    source_url, target_url = (
        f"{options.server}/{options.source}",
        f"{options.server}/{options.target}",
    )

    if options.phase == "build":
        _django(source_url, options.media[0])
        build()
        return 0
    if options.phase == "verify":
        _django(target_url, options.media[1])
        figures = verify(source_url, *options.media)
        print(json.dumps(figures, ensure_ascii=False))
        return 1 if figures["problems"] else 0

    for name in (options.source, options.target):
        if not SAFE_NAME.match(name):
            parser.error(f"{name}: the databases are dropped; their names must say backup or _rt")
    started = time.monotonic()
    _drop(options.server, [options.source, options.target], create=True)
    python, manage = sys.executable, str(ROOT / "manage.py")
    with tempfile.TemporaryDirectory(prefix="longbien-roundtrip-") as scratch:
        scratch = Path(scratch)
        media = [scratch / "media-source", scratch / "media-target"]
        media[0].mkdir()

        def run(url, media_root, *command):
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "MEDIA_ROOT": str(media_root),
                "DJANGO_SETTINGS_MODULE": "longbien_eval.settings.base",
            }
            result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
            if result.returncode:
                sys.stderr.write(result.stdout + result.stderr)
                raise SystemExit(f"failed: {' '.join(command[1:3])}")
            return result.stdout.strip()

        here = str(Path(__file__).resolve())
        media_args = ["--media", *map(str, media)]
        common = [
            "--source",
            options.source,
            "--target",
            options.target,
            "--server",
            options.server,
        ]
        run(source_url, media[0], python, manage, "migrate", "--noinput", "-v0")
        run(source_url, media[0], python, here, *common, "--phase", "build", *media_args)
        built = time.monotonic()
        backup = run(
            source_url, media[0], python, manage, "backup", "--output", str(scratch / "backups")
        )
        run(target_url, media[1], python, manage, "restore", "--noinput", backup)
        restored = time.monotonic()
        report = run(target_url, media[1], python, here, *common, "--phase", "verify", *media_args)
        # The auditors' check of every seal, as an operator runs it (exit 1 on a mismatch).
        seals = run(target_url, media[1], python, manage, "verify_seals")
    figures = json.loads(report.splitlines()[-1])
    figures["verify_seals"] = seals.splitlines()[-1]
    figures["seconds"] = {
        "build": round(built - started, 1),
        "backup_restore": round(restored - built, 1),
        "total": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures, ensure_ascii=False))
    if figures["problems"]:
        return 1
    if options.drop_after:
        _drop(options.server, [options.source, options.target])
    return 0


if __name__ == "__main__":
    sys.exit(main())
