from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = _("Commitments")

    def ready(self):
        # Registers the commitments' rules with units.permissions.can.
        from . import jobs, permissions  # noqa: F401  (jobs registers the export job)
