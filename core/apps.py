from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared helpers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import accounts, audit, checks  # noqa: F401 (checks registers itself)

        accounts.connect()
        audit.connect()
