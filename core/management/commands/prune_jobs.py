"""Delete the background jobs that ended more than ``JOB_FILES_DAYS`` ago, with their files
(deploy/systemd/longbien-prune-jobs.timer runs it daily)."""

from django.core.management.base import BaseCommand

from core.jobs import jobs_prune


class Command(BaseCommand):
    help = "Delete old background jobs and their files."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs_prune()} job(s) deleted")
