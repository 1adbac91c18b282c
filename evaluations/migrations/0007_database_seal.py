# The seal in the database (PostgreSQL only; see docs/integrity.md): signed-off evaluations,
# their assessments, scores and the collective's votes and meetings refuse UPDATE and DELETE
# (and new assessments, scores and votes) from anyone unless the transaction lifted the seal
# (core.sealing.lift_database_seal, used by evaluation_reopen); the audit entries are
# append-only. The states and the fields that may still change are those of
# evaluations/sealing.py (SEALED_STATES; everything but acknowledgement, publication and the
# save time is sealed, and the state may only move on to published).

import django.db.models.deletion
from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION evaluations_is_sealed(bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM evaluations_evaluation
                   WHERE id = $1 AND state IN ('signed_off', 'published'))
$$;

CREATE OR REPLACE FUNCTION evaluations_evaluation_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    free text[] := ARRAY['acknowledged_at', 'published_at', 'updated_at', 'state'];
BEGIN
    -- The move INTO a sealed state is how a row is sealed: only the old state counts.
    IF OLD.state NOT IN ('signed_off', 'published') OR longbien_seal_lifted() THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND to_jsonb(NEW) - free = to_jsonb(OLD) - free
       AND (NEW.state = OLD.state OR NEW.state = 'published') THEN
        RETURN NEW;
    END IF;
    PERFORM longbien_refuse('sealed', TG_OP, TG_TABLE_NAME, OLD.id::text);
    RETURN NULL;
END $$;

-- Assessments and votes: refused when the evaluation they belong (or would move) to is sealed.
CREATE OR REPLACE FUNCTION evaluations_owned_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT longbien_seal_lifted() AND (
           (TG_OP <> 'INSERT' AND evaluations_is_sealed(OLD.evaluation_id))
        OR (TG_OP <> 'DELETE' AND evaluations_is_sealed(NEW.evaluation_id))) THEN
        PERFORM longbien_refuse('sealed', TG_OP, TG_TABLE_NAME, coalesce(OLD.id, NEW.id)::text);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION evaluations_score_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT longbien_seal_lifted() AND (
           (TG_OP <> 'INSERT' AND evaluations_is_sealed(
               (SELECT evaluation_id FROM evaluations_assessment WHERE id = OLD.assessment_id)))
        OR (TG_OP <> 'DELETE' AND evaluations_is_sealed(
               (SELECT evaluation_id FROM evaluations_assessment WHERE id = NEW.assessment_id))))
    THEN
        PERFORM longbien_refuse('sealed', TG_OP, TG_TABLE_NAME, coalesce(OLD.id, NEW.id)::text);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

-- A meeting is sealed once one of the evaluations it voted on is.
CREATE OR REPLACE FUNCTION evaluations_collectivereview_seal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT longbien_seal_lifted() AND EXISTS (
        SELECT 1 FROM evaluations_collectivevote v
        WHERE v.review_id = OLD.id AND evaluations_is_sealed(v.evaluation_id)) THEN
        PERFORM longbien_refuse('sealed', TG_OP, TG_TABLE_NAME, OLD.id::text);
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS evaluations_evaluation_seal ON evaluations_evaluation;
CREATE TRIGGER evaluations_evaluation_seal BEFORE UPDATE OR DELETE ON evaluations_evaluation
    FOR EACH ROW EXECUTE FUNCTION evaluations_evaluation_seal();
DROP TRIGGER IF EXISTS evaluations_assessment_seal ON evaluations_assessment;
CREATE TRIGGER evaluations_assessment_seal
    BEFORE INSERT OR UPDATE OR DELETE ON evaluations_assessment
    FOR EACH ROW EXECUTE FUNCTION evaluations_owned_seal();
DROP TRIGGER IF EXISTS evaluations_score_seal ON evaluations_score;
CREATE TRIGGER evaluations_score_seal BEFORE INSERT OR UPDATE OR DELETE ON evaluations_score
    FOR EACH ROW EXECUTE FUNCTION evaluations_score_seal();
DROP TRIGGER IF EXISTS evaluations_collectivevote_seal ON evaluations_collectivevote;
CREATE TRIGGER evaluations_collectivevote_seal
    BEFORE INSERT OR UPDATE OR DELETE ON evaluations_collectivevote
    FOR EACH ROW EXECUTE FUNCTION evaluations_owned_seal();
DROP TRIGGER IF EXISTS evaluations_collectivereview_seal ON evaluations_collectivereview;
CREATE TRIGGER evaluations_collectivereview_seal
    BEFORE UPDATE OR DELETE ON evaluations_collectivereview
    FOR EACH ROW EXECUTE FUNCTION evaluations_collectivereview_seal();
DROP TRIGGER IF EXISTS evaluations_auditentry_append_only ON evaluations_auditentry;
CREATE TRIGGER evaluations_auditentry_append_only
    BEFORE UPDATE OR DELETE ON evaluations_auditentry
    FOR EACH ROW EXECUTE FUNCTION longbien_append_only('actor_id');
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS evaluations_auditentry_append_only ON evaluations_auditentry;
DROP TRIGGER IF EXISTS evaluations_collectivereview_seal ON evaluations_collectivereview;
DROP TRIGGER IF EXISTS evaluations_collectivevote_seal ON evaluations_collectivevote;
DROP TRIGGER IF EXISTS evaluations_score_seal ON evaluations_score;
DROP TRIGGER IF EXISTS evaluations_assessment_seal ON evaluations_assessment;
DROP TRIGGER IF EXISTS evaluations_evaluation_seal ON evaluations_evaluation;
DROP FUNCTION IF EXISTS evaluations_collectivereview_seal();
DROP FUNCTION IF EXISTS evaluations_score_seal();
DROP FUNCTION IF EXISTS evaluations_owned_seal();
DROP FUNCTION IF EXISTS evaluations_evaluation_seal();
DROP FUNCTION IF EXISTS evaluations_is_sealed(bigint);
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
        ('evaluations', '0006_fill_unit_cycle_tally'),
        ('core', '0004_database_seal'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='assessment',
            options={'base_manager_name': 'objects', 'ordering': ['evaluation', 'kind', 'pk'], 'verbose_name': 'assessment', 'verbose_name_plural': 'assessments'},
        ),
        migrations.AlterModelOptions(
            name='auditentry',
            options={'base_manager_name': 'objects', 'ordering': ['-created_at', '-pk'], 'verbose_name': 'audit entry', 'verbose_name_plural': 'audit entries'},
        ),
        migrations.AlterModelOptions(
            name='collectivereview',
            options={'base_manager_name': 'objects', 'ordering': ['-held_on', '-pk'], 'verbose_name': 'collective review meeting', 'verbose_name_plural': 'collective review meetings'},
        ),
        migrations.AlterModelOptions(
            name='collectivevote',
            options={'base_manager_name': 'objects', 'ordering': ['review', 'evaluation', '-level__min_score'], 'verbose_name': 'collective vote', 'verbose_name_plural': 'collective votes'},
        ),
        migrations.AlterModelOptions(
            name='evaluation',
            options={'base_manager_name': 'objects', 'ordering': ['cycle', 'unit__path', 'person__full_name'], 'verbose_name': 'evaluation', 'verbose_name_plural': 'evaluations'},
        ),
        migrations.AlterModelOptions(
            name='score',
            options={'base_manager_name': 'objects', 'ordering': ['assessment', 'criterion__group__order', 'criterion__order'], 'verbose_name': 'score', 'verbose_name_plural': 'scores'},
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='cycle',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='evaluations.cycle', verbose_name='cycle'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='evaluation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='evaluations.evaluation', verbose_name='evaluation'),
        ),
        migrations.AlterField(
            model_name='evaluation',
            name='cycle',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='evaluations.cycle', verbose_name='cycle'),
        ),
        migrations.RunPython(forward, backward),
    ]
