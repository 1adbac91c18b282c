"""Migrations 0001 to 0005_jobs of core, squashed into one.

The schema is the models' as they stood after the last of them; the data steps of the old
chain follow it, in their order (on a new database they find nothing to do). A database that
applied the whole old chain counts as having applied this one (``replaces``); one that stopped
part way must first finish the old chain (README, "Upgrading"): ``core.checks`` says so.
"""

import uuid
import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
import core.models
from core.migration_operations import RunSQLOnPostgreSQL

# From 0004_database_seal.
# The database's own seal (PostgreSQL only; see docs/integrity.md): the functions every
# app's triggers share, and the audit log's append-only trigger.


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



class Migration(migrations.Migration):

    initial = True

    replaces = [('core', '0001_initial'), ('core', '0002_audit_log'), ('core', '0003_tasks_heartbeat'), ('core', '0004_database_seal'), ('core', '0005_jobs')]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccountSecurity',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='account_security', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                ('session_epoch', models.PositiveIntegerField(default=0, verbose_name='session epoch')),
                ('must_change_password', models.BooleanField(default=False, help_text='Set for a one-time password: the user must choose their own first.', verbose_name='must change password')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'account security',
                'verbose_name_plural': 'account security',
            },
        ),
        migrations.CreateModel(
            name='SentEmail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True, verbose_name='key')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
            ],
            options={
                'verbose_name': 'sent email',
                'verbose_name_plural': 'sent emails',
            },
        ),
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('worker_id', models.CharField(max_length=64, unique=True, verbose_name='worker')),
                ('seen_at', models.DateTimeField(db_index=True, verbose_name='last seen')),
            ],
            options={
                'verbose_name': 'worker heartbeat',
                'verbose_name_plural': 'worker heartbeats',
            },
        ),
        migrations.CreateModel(
            name='AuditLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='when')),
                ('actor_username', models.CharField(blank=True, max_length=150, verbose_name='login name')),
                ('action', models.CharField(choices=[('login', 'Logged in'), ('login_failed', 'Failed login'), ('locked_out', 'Login locked out'), ('logout', 'Logged out'), ('access_refused', 'Access refused'), ('password_refused', 'Re-entered password refused'), ('workflow', 'Workflow step'), ('scores_changed', 'Scores changed'), ('import', 'Import'), ('export', 'Export of personal data'), ('print', 'Print page opened'), ('role_added', 'Role given'), ('role_changed', 'Role changed'), ('role_removed', 'Role taken away'), ('user_created', 'Login account created'), ('user_changed', 'Login account changed'), ('password_changed', 'Password changed'), ('password_reset', 'Password reset')], db_index=True, max_length=40, verbose_name='action')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='object id')),
                ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='object')),
                ('unit_path', models.CharField(blank=True, db_index=True, max_length=1000, verbose_name='unit path')),
                ('unit_block', models.CharField(blank=True, max_length=20, verbose_name='unit block')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('user_agent', models.CharField(blank=True, max_length=300, verbose_name='browser')),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='data')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='kind of object')),
            ],
            options={
                'verbose_name': 'audit log entry',
                'verbose_name_plural': 'audit log',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
                'default_permissions': ('view',),
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='Job',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(max_length=60, verbose_name='kind')),
                ('label', models.CharField(max_length=200, verbose_name='what was asked')),
                ('parameters', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                ('state', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], db_index=True, default='queued', max_length=10, verbose_name='state')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='rows done')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='rows in all')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('input_file', models.FileField(blank=True, upload_to=core.models.job_file_path, verbose_name='input')),
                ('result_file', models.FileField(blank=True, upload_to=core.models.job_file_path, verbose_name='result')),
                ('result_name', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                ('result', models.JSONField(blank=True, default=dict, verbose_name='result')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='error')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
            ],
            options={
                'verbose_name': 'background job',
                'verbose_name_plural': 'background jobs',
                'ordering': ['-created_at'],
                'default_permissions': ('view',),
                'indexes': [models.Index(fields=['owner', '-created_at'], name='core_job_owner_recent')],
                'constraints': [models.CheckConstraint(condition=models.Q(('done__lte', models.F('total')), ('total', 0), _connector='OR'), name='core_job_done_within_total')],
            },
        ),
        RunSQLOnPostgreSQL(FORWARD, BACKWARD),
]
