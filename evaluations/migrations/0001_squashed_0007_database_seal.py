"""Migrations 0001 to 0007_database_seal of evaluations, squashed into one.

The schema is the models' as they stood after the last of them; the data steps of the old
chain follow it, in their order (on a new database they find nothing to do). A database that
applied the whole old chain counts as having applied this one (``replaces``); one that stopped
part way must first finish the old chain (README, "Upgrading"): ``core.checks`` says so.
"""

import hashlib
import json
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from core.migration_operations import RunSQLOnPostgreSQL


# From 0003_colleagues_answered.
def count_answers(apps, schema_editor):
    """Each evaluation's number of submitted colleague assessments, as the service keeps it."""
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Assessment = apps.get_model("evaluations", "Assessment")
    answered = (
        Assessment.objects.filter(
            evaluation=OuterRef("pk"), kind="colleague", status="submitted"
        )
        .order_by()
        .values("evaluation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Evaluation.objects.filter(
        pk__in=Assessment.objects.filter(kind="colleague", status="submitted").values(
            "evaluation"
        )
    ).update(colleagues_answered=Subquery(answered))


# From 0004_seals_v2: The seal scheme changes once, to v2 (core.seals, docs/seals.md): state
# included, times to the second, one canonical serialisation. Each signed evaluation whose v1
# seal still matched its data gets its v2 seal computed from the data as it is now; one whose v1
# seal no longer matched keeps its old seal, so that ``manage.py verify_seals`` goes on
# reporting it. v1 is written out here, as it was.


UNSEAL = "SELECT set_config('longbien.unseal', 'on', true)"


def _v1_number(value):
    return None if value is None else f"{Decimal(value):.2f}"


def _v1_hash(evaluation) -> str:
    assessments = (
        evaluation.assessments.select_related("assessor")
        .prefetch_related("scores")
        .order_by("kind", "assessor__staff_code")
    )
    content = {
        "evaluation": evaluation.pk,
        "cycle": evaluation.cycle_id,
        "person": evaluation.person.staff_code,
        "unit": evaluation.unit.code,
        "criteria_set": evaluation.criteria_set_id,
        "self_total": _v1_number(evaluation.self_total),
        "colleague_total": _v1_number(evaluation.colleague_total),
        "head_total": _v1_number(evaluation.head_total),
        "final_score": _v1_number(evaluation.final_score),
        "final_level": evaluation.final_level_id,
        "level_override_reason": evaluation.level_override_reason,
        "head_conclusion": evaluation.head_conclusion,
        "signed_by": evaluation.signed_by_id,
        "signed_at": evaluation.signed_at.isoformat() if evaluation.signed_at else None,
        "assessments": [
            {
                "kind": a.kind,
                "assessor": a.assessor.staff_code,
                "status": a.status,
                "total": _v1_number(a.total),
                "overall_comment": a.overall_comment,
                "strengths": a.strengths,
                "weaknesses": a.weaknesses,
                "proposed_level": a.proposed_level_id,
                "scores": sorted(
                    [s.criterion_id, _v1_number(s.score), s.comment] for s in a.scores.all()
                ),
            }
            for a in assessments
        ],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seals_v2(apps, schema_editor):
    from core.seals import seal_sha256
    from evaluations.sealing import SEAL_KIND, seal_fields

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNSEAL)  # the database's seal, lifted for this transaction
    Evaluation = apps.get_model("evaluations", "Evaluation")
    signed = Evaluation.objects.exclude(content_sha256="").select_related("person", "unit")
    for evaluation in signed.iterator(chunk_size=500):
        if evaluation.content_sha256 != _v1_hash(evaluation):
            continue  # already broken: left for verify_seals to report
        Evaluation.objects.filter(pk=evaluation.pk).update(
            content_sha256=seal_sha256(SEAL_KIND, seal_fields(evaluation))
        )


# From 0006_fill_unit_cycle_tally: Fill the tallies from the evaluations already there (reads
# them only; safe to rerun).


def fill(apps, schema_editor):
    from evaluations.services.tallies import fill as fill_tallies

    tally = apps.get_model("evaluations", "UnitCycleTally")
    evaluations = apps.get_model("evaluations", "Evaluation").objects.using(
        schema_editor.connection.alias
    )
    tally.objects.using(schema_editor.connection.alias).all().delete()
    fill_tallies(tally, evaluations.all())


# From 0007_database_seal.
# The seal in the database (PostgreSQL only; see docs/integrity.md): signed-off evaluations,
# their assessments, scores and the collective's votes and meetings refuse UPDATE and DELETE
# (and new assessments, scores and votes) from anyone unless the transaction lifted the seal
# (core.sealing.lift_database_seal, used by evaluation_reopen); the audit entries are
# append-only. The states and the fields that may still change are those of
# evaluations/sealing.py (SEALED_STATES; everything but acknowledgement, publication and the
# save time is sealed, and the state may only move on to published).


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



class Migration(migrations.Migration):

    initial = True

    replaces = [('evaluations', '0001_initial'), ('evaluations', '0002_collective_review'), ('evaluations', '0003_colleagues_answered'), ('evaluations', '0004_seals_v2'), ('evaluations', '0005_unit_cycle_tally'), ('evaluations', '0006_fill_unit_cycle_tally'), ('evaluations', '0007_database_seal')]

    dependencies = [
        ('core', '0001_squashed_0005_jobs'),
        ('criteria', '0001_initial'),
        ('units', '0001_squashed_0002_normalise_text_nfc'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Cycle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('period_kind', models.CharField(choices=[('year', 'Year'), ('quarter', 'Quarter'), ('month', 'Month')], default='year', max_length=10, verbose_name='period')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('self_deadline', models.DateField(verbose_name='self-assessment deadline')),
                ('colleague_deadline', models.DateField(verbose_name='colleague assessment deadline')),
                ('head_deadline', models.DateField(verbose_name='head review deadline')),
                ('self_weight', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of the self-assessment (%)')),
                ('colleague_weight', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of the colleagues (%)')),
                ('head_weight', models.PositiveSmallIntegerField(default=100, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='weight of the head (%)')),
                ('colleagues_required', models.BooleanField(default=False, verbose_name='colleague assessments required')),
                ('min_colleagues_shown', models.PositiveSmallIntegerField(default=3, verbose_name='minimum colleagues before their average is shown')),
                ('lock_after_deadline', models.BooleanField(default=False, verbose_name='refuse submissions after a deadline')),
                ('top_level_cap_percent', models.PositiveSmallIntegerField(blank=True, help_text='Share of the top level among those rated good or better, e.g. 20.', null=True, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='cap on the top level (%)')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                ('opened_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='opened at')),
                ('scope_units', models.ManyToManyField(help_text='Each unit brings every unit under it.', related_name='evaluation_cycles', to='units.unit', verbose_name='units in scope')),
            ],
            options={
                'verbose_name': 'evaluation cycle',
                'verbose_name_plural': 'evaluation cycles',
                'ordering': ['-period_start', 'name'],
            },
        ),
        migrations.CreateModel(
            name='CollectiveReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('held_on', models.DateField(verbose_name='meeting date')),
                ('minutes', models.FileField(blank=True, upload_to='evaluations/minutes/%Y/', validators=[django.core.validators.FileExtensionValidator(['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx'])], verbose_name='minutes')),
                ('invited', models.PositiveIntegerField(verbose_name='people invited')),
                ('present', models.PositiveIntegerField(verbose_name='people present')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='collective_reviews', to='units.unit', verbose_name='unit')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='collective_reviews', to='evaluations.cycle', verbose_name='cycle')),
            ],
            options={
                'verbose_name': 'collective review meeting',
                'verbose_name_plural': 'collective review meetings',
                'ordering': ['-held_on', '-pk'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='Evaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('state', models.CharField(choices=[('not_started', 'Not started'), ('self_draft', 'Self-assessment in progress'), ('self_submitted', 'Self-assessment submitted'), ('colleagues', 'With colleagues'), ('head_review', 'Head review'), ('concluded', 'Concluded'), ('signed_off', 'Signed off'), ('published', 'Published'), ('returned', 'Returned'), ('reopened', 'Reopened')], default='not_started', max_length=20, verbose_name='state')),
                ('self_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='self-assessment total')),
                ('colleague_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name="colleagues' average")),
                ('colleagues_answered', models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, verbose_name='colleagues who answered')),
                ('head_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name="head's total")),
                ('final_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='combined score')),
                ('level_override_reason', models.TextField(blank=True, verbose_name='reason for another level')),
                ('head_conclusion', models.TextField(blank=True, verbose_name="head's conclusion")),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signed off at')),
                ('content_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the signed content')),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='acknowledged at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='criteria.criteriaset', verbose_name='criteria set')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='evaluations.cycle', verbose_name='cycle')),
                ('final_level', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='criteria.resultlevel', verbose_name='result level')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='units.person', verbose_name='person')),
                ('reviewer', models.ForeignKey(blank=True, help_text='Empty: the head of the unit (or of the parent unit, for a head).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.person', verbose_name='reviewer named by an administrator')),
                ('signed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed off by')),
                ('unit', models.ForeignKey(help_text="The person's unit when the cycle opened.", on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'evaluation',
                'verbose_name_plural': 'evaluations',
                'ordering': ['cycle', 'unit__path', 'person__full_name'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='CollectiveVote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('votes', models.PositiveIntegerField(verbose_name='votes')),
                ('level', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='criteria.resultlevel', verbose_name='result level')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='evaluations.collectivereview', verbose_name='meeting')),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='collective_votes', to='evaluations.evaluation', verbose_name='evaluation')),
            ],
            options={
                'verbose_name': 'collective vote',
                'verbose_name_plural': 'collective votes',
                'ordering': ['review', 'evaluation', '-level__min_score'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('from_state', models.CharField(blank=True, max_length=20, verbose_name='from state')),
                ('to_state', models.CharField(blank=True, max_length=20, verbose_name='to state')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='evaluations.cycle', verbose_name='cycle')),
                ('evaluation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit_entries', to='evaluations.evaluation', verbose_name='evaluation')),
            ],
            options={
                'verbose_name': 'audit entry',
                'verbose_name_plural': 'audit entries',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='Assessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('self', 'Self-assessment'), ('colleague', 'Colleague assessment'), ('head', "Head's assessment")], max_length=10, verbose_name='kind')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                ('overall_comment', models.TextField(blank=True, verbose_name='overall comment')),
                ('strengths', models.TextField(blank=True, verbose_name='strengths')),
                ('weaknesses', models.TextField(blank=True, verbose_name='weaknesses')),
                ('total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='total')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('assessor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments_given', to='units.person', verbose_name='assessor')),
                ('proposed_level', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='criteria.resultlevel', verbose_name='proposed level')),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='evaluations.evaluation', verbose_name='evaluation')),
            ],
            options={
                'verbose_name': 'assessment',
                'verbose_name_plural': 'assessments',
                'ordering': ['evaluation', 'kind', 'pk'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='HistoricalAssessment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('self', 'Self-assessment'), ('colleague', 'Colleague assessment'), ('head', "Head's assessment")], max_length=10, verbose_name='kind')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                ('overall_comment', models.TextField(blank=True, verbose_name='overall comment')),
                ('strengths', models.TextField(blank=True, verbose_name='strengths')),
                ('weaknesses', models.TextField(blank=True, verbose_name='weaknesses')),
                ('total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='total')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assessor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.person', verbose_name='assessor')),
                ('evaluation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.evaluation', verbose_name='evaluation')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposed_level', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='criteria.resultlevel', verbose_name='proposed level')),
            ],
            options={
                'verbose_name': 'historical assessment',
                'verbose_name_plural': 'historical assessments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEvaluation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('state', models.CharField(choices=[('not_started', 'Not started'), ('self_draft', 'Self-assessment in progress'), ('self_submitted', 'Self-assessment submitted'), ('colleagues', 'With colleagues'), ('head_review', 'Head review'), ('concluded', 'Concluded'), ('signed_off', 'Signed off'), ('published', 'Published'), ('returned', 'Returned'), ('reopened', 'Reopened')], default='not_started', max_length=20, verbose_name='state')),
                ('self_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='self-assessment total')),
                ('colleague_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name="colleagues' average")),
                ('colleagues_answered', models.PositiveSmallIntegerField(db_default=0, default=0, editable=False, verbose_name='colleagues who answered')),
                ('head_total', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name="head's total")),
                ('final_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='combined score')),
                ('level_override_reason', models.TextField(blank=True, verbose_name='reason for another level')),
                ('head_conclusion', models.TextField(blank=True, verbose_name="head's conclusion")),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signed off at')),
                ('content_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the signed content')),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='acknowledged at')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('criteria_set', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='criteria.criteriaset', verbose_name='criteria set')),
                ('cycle', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.cycle', verbose_name='cycle')),
                ('final_level', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='criteria.resultlevel', verbose_name='result level')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.person', verbose_name='person')),
                ('reviewer', models.ForeignKey(blank=True, db_constraint=False, help_text='Empty: the head of the unit (or of the parent unit, for a head).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.person', verbose_name='reviewer named by an administrator')),
                ('signed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed off by')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, help_text="The person's unit when the cycle opened.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical evaluation',
                'verbose_name_plural': 'historical evaluations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalScore',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('score', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='score')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('assessment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.assessment', verbose_name='assessment')),
                ('criterion', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='criteria.criterion', verbose_name='criterion')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical score',
                'verbose_name_plural': 'historical scores',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Score',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.DecimalField(decimal_places=2, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='score')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='evaluations.assessment', verbose_name='assessment')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='criteria.criterion', verbose_name='criterion')),
            ],
            options={
                'verbose_name': 'score',
                'verbose_name_plural': 'scores',
                'ordering': ['assessment', 'criterion__group__order', 'criterion__order'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='UnitCycleTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('not_started', 'Not started'), ('self_draft', 'Self-assessment in progress'), ('self_submitted', 'Self-assessment submitted'), ('colleagues', 'With colleagues'), ('head_review', 'Head review'), ('concluded', 'Concluded'), ('signed_off', 'Signed off'), ('published', 'Published'), ('returned', 'Returned'), ('reopened', 'Reopened')], max_length=20, verbose_name='state')),
                ('count', models.PositiveIntegerField(verbose_name='number of evaluations')),
                ('self_total_sum', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='sum')),
                ('self_total_n', models.PositiveIntegerField(default=0, verbose_name='number')),
                ('colleague_total_sum', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='sum')),
                ('colleague_total_n', models.PositiveIntegerField(default=0, verbose_name='number')),
                ('head_total_sum', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='sum')),
                ('head_total_n', models.PositiveIntegerField(default=0, verbose_name='number')),
                ('final_score_sum', models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='sum')),
                ('final_score_n', models.PositiveIntegerField(default=0, verbose_name='number')),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='criteria.criteriaset', verbose_name='criteria set')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluations.cycle', verbose_name='cycle')),
                ('final_level', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='criteria.resultlevel', verbose_name='result level')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'unit and cycle tally',
                'verbose_name_plural': 'unit and cycle tallies',
            },
        ),
        migrations.AddConstraint(
            model_name='cycle',
            constraint=models.CheckConstraint(condition=models.Q(('colleague_weight__gte', 0), ('head_weight__gte', 0), ('self_weight__gte', 0), ('head_weight', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.Value(100), '-', models.F('self_weight')), '-', models.F('colleague_weight')))), name='cycle_weights_sum_100', violation_error_message='The three weights must add up to 100.'),
        ),
        migrations.AddConstraint(
            model_name='cycle',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='cycle_period_order', violation_error_message='The period must end after it starts.'),
        ),
        migrations.AddConstraint(
            model_name='cycle',
            constraint=models.CheckConstraint(condition=models.Q(('top_level_cap_percent__isnull', True), ('top_level_cap_percent__lte', 100), _connector='OR'), name='cycle_top_level_cap_range'),
        ),
        migrations.AddConstraint(
            model_name='collectivereview',
            constraint=models.CheckConstraint(condition=models.Q(('present__lte', models.F('invited'))), name='collective_present_le_invited', violation_error_message='More people present than invited.'),
        ),
        migrations.AddIndex(
            model_name='evaluation',
            index=models.Index(fields=['cycle', 'state'], name='evaluation_cycle_state'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(fields=('cycle', 'person'), name='evaluation_cycle_person'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(('final_score__isnull', True), models.Q(('final_score__gte', 0), ('final_score__lte', 100)), _connector='OR'), name='evaluation_final_score_range'),
        ),
        migrations.AddConstraint(
            model_name='collectivevote',
            constraint=models.UniqueConstraint(fields=('review', 'evaluation', 'level'), name='collective_vote_unique'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.UniqueConstraint(fields=('evaluation', 'assessor', 'kind'), name='assessment_unique_per_assessor'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('total__isnull', True), models.Q(('total__gte', 0), ('total__lte', 100)), _connector='OR'), name='assessment_total_range'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('assessment', 'criterion'), name='score_unique'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0)), name='score_not_negative'),
        ),
        migrations.AddIndex(
            model_name='unitcycletally',
            index=models.Index(fields=['cycle', 'unit'], name='tally_cycle_unit'),
        ),
        migrations.RunPython(count_answers, migrations.RunPython.noop),
        migrations.RunPython(seals_v2, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
        RunSQLOnPostgreSQL(FORWARD, BACKWARD),
]
