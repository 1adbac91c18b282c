import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evaluations.models import Cycle
from evaluations.services import cycle_open
from units.models import Unit


class Command(BaseCommand):
    help = "Open a demo evaluation cycle for this year over the whole district (development)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force: bool, **options):
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo_evaluations is for development: set DEBUG=1 or --force.")
        district = Unit.objects.filter(parent__isnull=True).order_by("path").first()
        admin = get_user_model().objects.filter(username="quantri").first()
        if district is None or admin is None:
            raise CommandError("Run seed_longbien and seed_demo first.")
        today = timezone.localdate()
        cycle, _created = Cycle.objects.get_or_create(
            name=f"Đánh giá năm {today.year} (thử nghiệm)",
            defaults={
                "period_start": datetime.date(today.year, 1, 1),
                "period_end": datetime.date(today.year, 12, 31),
                "self_deadline": today + datetime.timedelta(days=14),
                "colleague_deadline": today + datetime.timedelta(days=21),
                "head_deadline": today + datetime.timedelta(days=30),
            },
        )
        if cycle.status == Cycle.Status.DRAFT:
            cycle.scope_units.add(district)
            count = cycle_open(cycle=cycle, actor=admin)
            self.stdout.write(f"cycle “{cycle.name}” opened: {count} evaluations")
        else:
            self.stdout.write(f"cycle “{cycle.name}” is already {cycle.status}")
