"""A database left part way through a chain of migrations that is now squashed.

A squashed migration (``replaces``) stands for its old chain: a database that applied the
whole chain takes it as applied, a new one applies it. One that applied only the start of the
chain cannot go on, since the old files are gone; ``migrate`` runs this check first and stops
with the way out instead of Django's missing-node error.
"""

from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext_lazy as _

from .migration_state import part_way_squashes

PART_WAY = "core.E001"


@register(Tags.database)
def squashed_chains_complete(databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        for app, name, missing in part_way_squashes(set(recorder.applied_migrations())):
            errors.append(
                Error(
                    _(
                        "The database '%(alias)s' stopped part way through the migrations "
                        "that %(app)s.%(name)s replaces: %(missing)s not applied."
                    )
                    % {"alias": alias, "app": app, "name": name, "missing": ", ".join(missing)},
                    hint=_(
                        "Install the last version before the squash (README, “Upgrading”), "
                        "run migrate there, then come back to this version."
                    ),
                    id=PART_WAY,
                )
            )
    return errors
