from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self):
        # Registers the evaluations' rules with units.permissions.can.
        from django.db.models.signals import post_save

        from . import permissions  # noqa: F401
        from .services.tallies import on_cycle_saved

        post_save.connect(on_cycle_saved, sender="evaluations.Cycle", dispatch_uid="cycle_tallies")
