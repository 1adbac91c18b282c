"""What the development-only management commands share."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class DevelopmentCommand(BaseCommand):
    """A command that writes demo data: it refuses to run unless DEBUG is on or it is given
    ``--force``, so that a production database never gets demo rows by mistake.

    Subclasses say why in ``refusal`` (it must name DEBUG) and do their work in ``seed``.
    """

    refusal = ""

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, force: bool, **options):
        if not (settings.DEBUG or force):
            raise CommandError(self.refusal)
        self.seed(**options)

    def seed(self, **options) -> None:
        raise NotImplementedError
