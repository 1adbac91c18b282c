import datetime

from django.utils import timezone

from core.commands import DevelopmentCommand
from evaluations.models import Cycle
from evaluations.services import cycle_open
from units.demo import demo_district_and_admin


class Command(DevelopmentCommand):
    help = "Open a demo evaluation cycle for this year over the whole district (development)."
    refusal = "seed_demo_evaluations is for development: set DEBUG=1 or --force."

    def seed(self, **options):
        district, admin = demo_district_and_admin()
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
        self.open_once(
            cycle,
            scope_unit=district,
            open_it=lambda: cycle_open(cycle=cycle, actor=admin),
            label=f"cycle “{cycle.name}”",
            made="evaluations",
        )
