from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, **kwargs):
    from .services import role_groups_sync

    role_groups_sync()


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = _("Organisation")

    def ready(self):
        from . import accounts, audit, permissions  # noqa: F401  (permissions registers the rules)
        from .roster import jobs  # noqa: F401  (registers the roster import and export jobs)

        accounts.connect()
        audit.connect()

        # After every migrate, so that permissions of apps migrated later are granted too.
        post_migrate.connect(_sync_role_groups, dispatch_uid="units.sync_role_groups")
