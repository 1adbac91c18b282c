"""manage.py backup [--output DIR]: the database and MEDIA_ROOT, with a manifest (core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc, or SQLite's online backup) and MEDIA_ROOT into "
        "DIR/longbien-<UTC time>/ with a manifest.json of migrations and SHA-256s."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="directory to write the backup under (default: BACKUP_DIR or ./backups)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, output, database, **options):
        output = Path(output or getattr(settings, "BACKUP_DIR", None) or "backups")
        try:
            path = backup_create(output, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
