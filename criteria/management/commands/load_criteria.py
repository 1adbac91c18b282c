import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from criteria.services import criteria_sets_load


class Command(BaseCommand):
    help = "Load criteria sets from a JSON file (sets whose code exists are left unchanged)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        counts = criteria_sets_load(definitions=data["sets"])
        self.stdout.write(f"criteria sets: {counts['created']} created, {counts['kept']} kept")
