"""Migration operations the apps share."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """Raw SQL run on PostgreSQL only: the database seal's functions and triggers
    (docs/integrity.md), which SQLite, the development database, has no language for."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only)"
