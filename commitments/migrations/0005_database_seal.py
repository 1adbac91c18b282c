# The seal in the database (PostgreSQL only; see docs/integrity.md): a signed commitment
# (its text, hash, time, evidence and paper scan: commitments.models.SIGNED_FIELDS, which is
# every field) refuses UPDATE and DELETE from anyone unless the transaction lifted the seal
# (core.sealing.lift_database_seal); the audit entries are append-only.

import django.db.models.deletion
from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION commitments_commitment_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Signing is the move INTO 'signed': only the old status counts. An UPDATE that
    -- changes nothing (a save of the same values) passes.
    IF OLD.status = 'signed' AND NOT longbien_seal_lifted()
       AND (TG_OP = 'DELETE' OR to_jsonb(NEW) <> to_jsonb(OLD)) THEN
        PERFORM longbien_refuse('sealed', TG_OP, TG_TABLE_NAME, OLD.id::text);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS commitments_commitment_seal ON commitments_commitment;
CREATE TRIGGER commitments_commitment_seal BEFORE UPDATE OR DELETE ON commitments_commitment
    FOR EACH ROW EXECUTE FUNCTION commitments_commitment_seal();
DROP TRIGGER IF EXISTS commitments_auditentry_append_only ON commitments_auditentry;
CREATE TRIGGER commitments_auditentry_append_only
    BEFORE UPDATE OR DELETE ON commitments_auditentry
    FOR EACH ROW EXECUTE FUNCTION longbien_append_only('actor_id');
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS commitments_auditentry_append_only ON commitments_auditentry;
DROP TRIGGER IF EXISTS commitments_commitment_seal ON commitments_commitment;
DROP FUNCTION IF EXISTS commitments_commitment_seal();
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
        ('commitments', '0004_fill_unit_campaign_tally'),
        ('core', '0004_database_seal'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditentry',
            options={'base_manager_name': 'objects', 'ordering': ['-created_at', '-pk'], 'verbose_name': 'commitment audit entry', 'verbose_name_plural': 'commitment audit entries'},
        ),
        migrations.AlterModelOptions(
            name='commitment',
            options={'base_manager_name': 'objects', 'ordering': ['campaign', 'report_unit__path', 'block', 'person__full_name'], 'verbose_name': 'commitment', 'verbose_name_plural': 'commitments'},
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.campaign', verbose_name='campaign'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='commitment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.commitment', verbose_name='commitment'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.unitreport', verbose_name='unit report'),
        ),
        migrations.RunPython(forward, backward),
    ]
