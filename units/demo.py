"""What the demo seed commands of the apps share (development only)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from .models import Unit


def demo_district_and_admin():
    """The district (the top unit) and seed_demo's administrator login, which the demo cycle
    and campaign are opened over and by; refused when the organisation or the demo people
    are not loaded yet."""
    district = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    admin = get_user_model().objects.filter(username="quantri").first()
    if district is None or admin is None:
        raise CommandError("Run seed_longbien and seed_demo first.")
    return district, admin
