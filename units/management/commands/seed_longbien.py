import csv
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from units.models import Unit
from units.services import units_load_rows

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "longbien"


class Command(BaseCommand):
    help = (
        "Load Long Biên: the district, its bodies, the 14 wards with their Party, government, "
        "Fatherland Front and mass-organisation bodies, demo schools, and both criteria sets of "
        "Decision 264/QĐ-QU. Safe to run again: it creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)

    def handle(self, *args, data_dir: Path, **options):
        with open(data_dir / "units.csv", encoding="utf-8", newline="") as handle:
            counts = units_load_rows(list(csv.DictReader(handle)))
        self.stdout.write(
            f"units: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
        # The criteria app loads its own data; called by name so units imports nothing of it.
        call_command("load_criteria", data_dir / "criteria.json", stdout=self.stdout)
        wards = Unit.objects.filter(kind=Unit.Kind.WARD).count()
        self.stdout.write(self.style.SUCCESS(f"Long Biên loaded: {wards} wards."))
