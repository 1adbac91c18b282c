"""manage.py restore FILE: the database and MEDIA_ROOT back from a backup (core.backup)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backup import BackupError, backup_restore, manifest_read, restore_problems


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `manage.py backup`. FILE is "
        "the backup's directory or its manifest.json. A corrupt or mismatching backup is "
        "refused before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup directory or its manifest.json")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the backup; change nothing"
        )

    def handle(self, *args, file, database, interactive, check, **options):
        try:
            directory, manifest = manifest_read(file)
            problems = restore_problems(directory, manifest, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The backup was not restored:\n- " + "\n- ".join(problems))
        name = connections[database].settings_dict["NAME"]
        summary = (
            f"Backup of {manifest['created_at']} ({manifest['database']['vendor']}, "
            f"{len(manifest['media'])} media files) is sound."
        )
        if check:
            self.stdout.write(summary)
            return
        if interactive:
            answer = input(
                f"{summary}\nThis REPLACES the database {name} and MEDIA_ROOT "
                f"({settings.MEDIA_ROOT}). Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            result = backup_restore(directory, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {directory} into {name}.")
        if result["media_aside"]:
            self.stdout.write(f"The previous media files are kept in {result['media_aside']}.")
        if result["pending_migrations"]:
            self.stdout.write(
                f"{len(result['pending_migrations'])} migrations of this code are not applied "
                "yet: run manage.py migrate."
            )
