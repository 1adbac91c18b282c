from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, post_save, pre_migrate

        from evaluations.models import Evaluation

        from .dashboard.signals import remember_reports_on_login
        from .dashboard.summary import on_evaluation_saved
        from .freshness import (
            bump_after_migrations,
            pause_during_migrations,
            watch_connection,
            watch_open_connections,
        )

        connection_created.connect(watch_connection, dispatch_uid="reports_watch_writes")
        watch_open_connections()
        # Sent for every app; this app's signals are enough to pause and bump once.
        pre_migrate.connect(pause_during_migrations, sender=self, dispatch_uid="reports_pause")
        post_migrate.connect(bump_after_migrations, sender=self, dispatch_uid="reports_bump")
        user_logged_in.connect(remember_reports_on_login, dispatch_uid="reports_nav_on_login")
        post_save.connect(on_evaluation_saved, sender=Evaluation, dispatch_uid="reports_score_sums")
