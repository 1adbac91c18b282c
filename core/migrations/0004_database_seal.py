# The database's own seal (PostgreSQL only; see docs/integrity.md): the functions every
# app's triggers share, and the audit log's append-only trigger.

from django.db import migrations

FORWARD = r"""
-- Whether this transaction lifted the seal: core.sealing.lift_database_seal() sets it
-- with set_config('longbien.unseal', 'on', true), which lasts until the transaction ends.
CREATE OR REPLACE FUNCTION longbien_seal_lifted() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('longbien.unseal', true), '') = 'on'
$$;

-- The one refusal: SQLSTATE P0001 (raise_exception), "sealed row: …" or "append-only row: …".
CREATE OR REPLACE FUNCTION longbien_refuse(kind text, operation text, tbl text, row_id text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% row: % refused on %, id %', kind, operation, tbl, row_id
        USING ERRCODE = 'P0001',
              HINT = 'Signed records change only through the audited reopen; audit rows '
                     'never change (docs/integrity.md).';
END $$;

-- An audit table: no DELETE, and no UPDATE but the deletion collector's SET NULL of the
-- keys named as the trigger's arguments (a deleted user's entries keep everything else).
-- The lift does not apply.
CREATE OR REPLACE FUNCTION longbien_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    col text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        old_row := to_jsonb(OLD);
        new_row := to_jsonb(NEW);
        FOREACH col IN ARRAY coalesce(TG_ARGV, '{}'::text[]) LOOP
            IF new_row -> col = 'null'::jsonb THEN
                old_row := old_row - col;
                new_row := new_row - col;
            END IF;
        END LOOP;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    PERFORM longbien_refuse('append-only', TG_OP, TG_TABLE_NAME, to_jsonb(OLD) ->> 'id');
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
CREATE TRIGGER core_auditlog_append_only BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION longbien_append_only('actor_id', 'content_type_id');
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog;
DROP FUNCTION IF EXISTS longbien_append_only();
DROP FUNCTION IF EXISTS longbien_refuse(text, text, text, text);
DROP FUNCTION IF EXISTS longbien_seal_lifted();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_tasks_heartbeat'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditlog',
            options={'base_manager_name': 'objects', 'default_permissions': ('view',), 'ordering': ['-created_at', '-pk'], 'verbose_name': 'audit log entry', 'verbose_name_plural': 'audit log'},
        ),
        migrations.RunPython(forward, backward),
    ]
