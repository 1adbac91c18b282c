from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from evaluations.models import Evaluation

        from .dashboard import jobs  # noqa: F401 - registers the export job
        from .dashboard.signals import remember_reports_on_login
        from .dashboard.summary import on_evaluation_saved

        user_logged_in.connect(remember_reports_on_login, dispatch_uid="reports_nav_on_login")
        post_save.connect(on_evaluation_saved, sender=Evaluation, dispatch_uid="reports_score_sums")
