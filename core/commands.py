"""What the management commands share: the development-only ones and the reminders."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .tasks import describe_result


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

    def open_once(self, scoped, *, scope_unit, open_it, label: str, made: str) -> None:
        """Open a demo cycle or campaign over ``scope_unit``, once: a second run only says
        what state it is in. ``open_it()`` is the opening service and returns how many
        rows it ``made``."""
        if scoped.status != type(scoped).Status.DRAFT:
            self.stdout.write(f"{label} is already {scoped.status}")
            return
        scoped.scope_units.add(scope_unit)
        self.stdout.write(f"{label} opened: {open_it()} {made}")


class RemindersCommand(BaseCommand):
    """``--days N`` (3 by default): enqueue an app's reminders task (``task``, run by the
    worker in production, at once in development) and say what became of it."""

    task = None

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="Remind this many days ahead.")

    def handle(self, *args, days, **options):
        self.stdout.write(describe_result(self.task.enqueue(days=days)))
