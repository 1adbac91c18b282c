import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.models import Campaign
from commitments.services import campaign_open
from units.models import Unit


class Command(BaseCommand):
    help = "Open a demo commitment campaign for this year over the whole district (development)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force: bool, **options):
        if not (settings.DEBUG or force):
            raise CommandError("seed_demo_commitments is for development: set DEBUG=1 or --force.")
        district = Unit.objects.filter(parent__isnull=True).order_by("path").first()
        admin = get_user_model().objects.filter(username="quantri").first()
        if district is None or admin is None:
            raise CommandError("Run seed_longbien and seed_demo first.")
        today = timezone.localdate()
        # The sources' rule (30/1) has passed for this year's demo: give the demo two weeks.
        campaign, _created = Campaign.objects.get_or_create(
            year=today.year,
            defaults={
                "unit_deadline": today + datetime.timedelta(days=12),
                "final_deadline": today + datetime.timedelta(days=14),
            },
        )
        if campaign.status == Campaign.Status.DRAFT:
            campaign.scope_units.add(district)
            count = campaign_open(campaign=campaign, actor=admin)
            self.stdout.write(f"campaign {campaign.year} opened: {count} commitments")
        else:
            self.stdout.write(f"campaign {campaign.year} is already {campaign.status}")
