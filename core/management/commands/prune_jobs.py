"""Fail the background jobs whose worker stopped mid-run, and delete those that ended more
than ``JOB_FILES_DAYS`` ago with their files (deploy/systemd/longbien-prune-jobs.timer runs
it every hour)."""

from django.core.management.base import BaseCommand

from core.jobs import jobs_fail_interrupted, jobs_prune


class Command(BaseCommand):
    help = "Fail interrupted background jobs; delete old ones and their files."

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs_fail_interrupted()} interrupted job(s) failed")
        self.stdout.write(f"{jobs_prune()} job(s) deleted")
