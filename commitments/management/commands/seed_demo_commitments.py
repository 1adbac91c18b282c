import datetime

from django.utils import timezone

from commitments.models import Campaign
from commitments.services import campaign_open
from core.commands import DevelopmentCommand
from units.demo import demo_district_and_admin


class Command(DevelopmentCommand):
    help = "Open a demo commitment campaign for this year over the whole district (development)."
    refusal = "seed_demo_commitments is for development: set DEBUG=1 or --force."

    def seed(self, **options):
        district, admin = demo_district_and_admin()
        today = timezone.localdate()
        # The sources' rule (30/1) has passed for this year's demo: give the demo two weeks.
        campaign, _created = Campaign.objects.get_or_create(
            year=today.year,
            defaults={
                "unit_deadline": today + datetime.timedelta(days=12),
                "final_deadline": today + datetime.timedelta(days=14),
            },
        )
        self.open_once(
            campaign,
            scope_unit=district,
            open_it=lambda: campaign_open(campaign=campaign, actor=admin),
            label=f"campaign {campaign.year}",
            made="commitments",
        )
