from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "criteria"
    verbose_name = _("Criteria")

    def ready(self):
        # Registers the criteria's rules with units.permissions.can.
        from . import permissions  # noqa: F401
