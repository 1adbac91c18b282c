"""Migrations 0001 to 0005_database_seal of commitments, squashed into one.

The schema is the models' as they stood after the last of them; the data steps of the old
chain follow it, in their order (on a new database they find nothing to do). A database that
applied the whole old chain counts as having applied this one (``replaces``); one that stopped
part way must first finish the old chain (README, "Upgrading"): ``core.checks`` says so.
"""

import hashlib
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
import commitments.models
from core.migration_operations import RunSQLOnPostgreSQL

# From 0002_commitment_seal: The seal of a signed commitment (v2, core.seals, docs/seals.md),
# for the commitments signed before it existed: computed from the data as it is now, for each
# commitment whose text still hashes to its ``text_sha256`` (the only seal it had). One whose
# text no longer does gets none, so that ``manage.py verify_seals`` reports it.


UNSEAL = "SELECT set_config('longbien.unseal', 'on', true)"


def seals_v2(apps, schema_editor):
    from commitments.sealing import SEAL_KIND, seal_fields
    from core.seals import seal_sha256

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNSEAL)  # the database's seal, lifted for this transaction
    Commitment = apps.get_model("commitments", "Commitment")
    for commitment in Commitment.objects.filter(status="signed").iterator(chunk_size=500):
        text_hash = hashlib.sha256(commitment.signed_text.encode("utf-8")).hexdigest()
        if text_hash != commitment.text_sha256:
            continue
        Commitment.objects.filter(pk=commitment.pk).update(
            seal_sha256=seal_sha256(SEAL_KIND, seal_fields(commitment))
        )


# From 0004_fill_unit_campaign_tally: Fill the tallies from the commitments already there (reads
# them only; safe to rerun).


def fill(apps, schema_editor):
    from commitments.services.tallies import fill as fill_tallies

    tally = apps.get_model("commitments", "UnitCampaignTally")
    commitments = apps.get_model("commitments", "Commitment").objects.using(
        schema_editor.connection.alias
    )
    tally.objects.using(schema_editor.connection.alias).all().delete()
    fill_tallies(tally, commitments.all())


# From 0005_database_seal.
# The seal in the database (PostgreSQL only; see docs/integrity.md): a signed commitment
# (its text, hash, time, evidence and paper scan: commitments.models.SIGNED_FIELDS, which is
# every field) refuses UPDATE and DELETE from anyone unless the transaction lifted the seal
# (core.sealing.lift_database_seal); the audit entries are append-only.


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



class Migration(migrations.Migration):

    initial = True

    replaces = [('commitments', '0001_initial'), ('commitments', '0002_commitment_seal'), ('commitments', '0003_unit_campaign_tally'), ('commitments', '0004_fill_unit_campaign_tally'), ('commitments', '0005_database_seal')]

    dependencies = [
        ('core', '0001_squashed_0005_jobs'),
        ('criteria', '0001_initial'),
        ('units', '0001_squashed_0002_normalise_text_nfc'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2021)], verbose_name='year')),
                ('text_template', models.TextField(default='Tôi tên là: {full_name}\nChức vụ: {position}\nĐơn vị công tác: {unit}\n\nThực hiện Kế hoạch số 05-KH/BCN ngày 27/9/2021 của Ban chủ nhiệm chương trình 01 Quận ủy Long Biên và Quyết định số 264/QĐ-QU của Quận ủy Long Biên, tôi đã nghiên cứu kỹ {criteria_set} và xin cam kết thực hiện nghiêm túc, đầy đủ các tiêu chí sau trong năm {year}:\n\n{criteria}\n\nTôi xin chịu trách nhiệm trước tổ chức nếu vi phạm những nội dung đã cam kết.', help_text='Placeholders filled for each person: {full_name}, {position}, {unit}, {year}, {criteria_set}, {criteria}.', verbose_name='commitment text')),
                ('unit_deadline', models.DateField(help_text='People hand their commitment to their office by.', verbose_name='hand-in deadline')),
                ('final_deadline', models.DateField(help_text='Every commitment signed and reported by.', verbose_name='final deadline')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                ('opened_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='opened at')),
                ('scope_units', models.ManyToManyField(help_text='Each unit brings every unit under it.', related_name='commitment_campaigns', to='units.unit', verbose_name='units in scope')),
            ],
            options={
                'verbose_name': 'commitment campaign',
                'verbose_name_plural': 'commitment campaigns',
                'ordering': ['-year'],
            },
        ),
        migrations.CreateModel(
            name='Commitment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('block', models.CharField(choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], max_length=20, verbose_name='block')),
                ('status', models.CharField(choices=[('pending', 'Not signed yet'), ('signed', 'Signed')], default='pending', max_length=10, verbose_name='status')),
                ('method', models.CharField(blank=True, choices=[('online', 'Signed online'), ('paper', 'Signed on paper')], max_length=10, verbose_name='how it was signed')),
                ('signed_text', models.TextField(blank=True, verbose_name='signed text')),
                ('text_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the signed text')),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signed at')),
                ('is_late', models.BooleanField(default=False, verbose_name='late')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('user_agent', models.CharField(blank=True, max_length=500, verbose_name='browser')),
                ('typed_name', models.CharField(blank=True, max_length=255, verbose_name='name typed when signing')),
                ('paper_signed_on', models.DateField(blank=True, null=True, verbose_name='date on the paper')),
                ('scan', models.FileField(blank=True, upload_to=commitments.models.scan_path, verbose_name='scan of the paper')),
                ('scan_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the scan')),
                ('seal_sha256', models.CharField(blank=True, help_text="Covers the text's SHA-256, who signed, when and how (docs/seals.md).", max_length=64, verbose_name='seal (SHA-256 of the signed record)')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='commitments.campaign', verbose_name='campaign')),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='criteria.criteriaset', verbose_name='criteria set')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='units.person', verbose_name='person')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('report_unit', models.ForeignKey(help_text='The ward (or top body) whose office collects this commitment.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='reporting unit')),
                ('unit', models.ForeignKey(help_text="The person's unit when the campaign opened.", on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'commitment',
                'verbose_name_plural': 'commitments',
                'ordering': ['campaign', 'report_unit__path', 'block', 'person__full_name'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='HistoricalCampaign',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('year', models.PositiveSmallIntegerField(db_index=True, validators=[django.core.validators.MinValueValidator(2021)], verbose_name='year')),
                ('text_template', models.TextField(default='Tôi tên là: {full_name}\nChức vụ: {position}\nĐơn vị công tác: {unit}\n\nThực hiện Kế hoạch số 05-KH/BCN ngày 27/9/2021 của Ban chủ nhiệm chương trình 01 Quận ủy Long Biên và Quyết định số 264/QĐ-QU của Quận ủy Long Biên, tôi đã nghiên cứu kỹ {criteria_set} và xin cam kết thực hiện nghiêm túc, đầy đủ các tiêu chí sau trong năm {year}:\n\n{criteria}\n\nTôi xin chịu trách nhiệm trước tổ chức nếu vi phạm những nội dung đã cam kết.', help_text='Placeholders filled for each person: {full_name}, {position}, {unit}, {year}, {criteria_set}, {criteria}.', verbose_name='commitment text')),
                ('unit_deadline', models.DateField(help_text='People hand their commitment to their office by.', verbose_name='hand-in deadline')),
                ('final_deadline', models.DateField(help_text='Every commitment signed and reported by.', verbose_name='final deadline')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed')], default='draft', max_length=10, verbose_name='status')),
                ('opened_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='opened at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical commitment campaign',
                'verbose_name_plural': 'historical commitment campaigns',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCommitment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('block', models.CharField(choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], max_length=20, verbose_name='block')),
                ('status', models.CharField(choices=[('pending', 'Not signed yet'), ('signed', 'Signed')], default='pending', max_length=10, verbose_name='status')),
                ('method', models.CharField(blank=True, choices=[('online', 'Signed online'), ('paper', 'Signed on paper')], max_length=10, verbose_name='how it was signed')),
                ('signed_text', models.TextField(blank=True, verbose_name='signed text')),
                ('text_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the signed text')),
                ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signed at')),
                ('is_late', models.BooleanField(default=False, verbose_name='late')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('user_agent', models.CharField(blank=True, max_length=500, verbose_name='browser')),
                ('typed_name', models.CharField(blank=True, max_length=255, verbose_name='name typed when signing')),
                ('paper_signed_on', models.DateField(blank=True, null=True, verbose_name='date on the paper')),
                ('scan', models.TextField(blank=True, max_length=100, verbose_name='scan of the paper')),
                ('scan_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the scan')),
                ('seal_sha256', models.CharField(blank=True, help_text="Covers the text's SHA-256, who signed, when and how (docs/seals.md).", max_length=64, verbose_name='seal (SHA-256 of the signed record)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.campaign', verbose_name='campaign')),
                ('criteria_set', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='criteria.criteriaset', verbose_name='criteria set')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.person', verbose_name='person')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('report_unit', models.ForeignKey(blank=True, db_constraint=False, help_text='The ward (or top body) whose office collects this commitment.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='reporting unit')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, help_text="The person's unit when the campaign opened.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical commitment',
                'verbose_name_plural': 'historical commitments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnitReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('block', models.CharField(choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], max_length=20, verbose_name='block')),
                ('status', models.CharField(choices=[('submitted', 'Submitted by the office'), ('confirmed', 'Confirmed by the head, sent to the district'), ('received', 'Received by the district')], default='submitted', max_length=10, verbose_name='status')),
                ('counts', models.JSONField(default=dict, verbose_name='counts when submitted')),
                ('missing_people', models.JSONField(blank=True, default=list, verbose_name='people who had not signed')),
                ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('received_at', models.DateTimeField(blank=True, null=True, verbose_name='received by the district at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.campaign', verbose_name='campaign')),
                ('confirmed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('received_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
                ('report_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='unit')),
                ('submitted_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
            ],
            options={
                'verbose_name': 'historical unit report',
                'verbose_name_plural': 'historical unit reports',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReminderLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(help_text="Which reminder: before a deadline, or an office's reminder of one day.", max_length=40, verbose_name='step')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='commitments.campaign', verbose_name='campaign')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.person', verbose_name='person')),
            ],
            options={
                'verbose_name': 'reminder sent',
                'verbose_name_plural': 'reminders sent',
                'ordering': ['-sent_at'],
            },
        ),
        migrations.CreateModel(
            name='UnitCampaignTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('block', models.CharField(choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], max_length=20, verbose_name='block')),
                ('status', models.CharField(choices=[('pending', 'Not signed yet'), ('signed', 'Signed')], max_length=10, verbose_name='status')),
                ('is_late', models.BooleanField(verbose_name='late')),
                ('count', models.PositiveIntegerField(verbose_name='number of commitments')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='commitments.campaign', verbose_name='campaign')),
                ('criteria_set', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='criteria.criteriaset', verbose_name='criteria set')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'unit and campaign tally',
                'verbose_name_plural': 'unit and campaign tallies',
            },
        ),
        migrations.CreateModel(
            name='UnitReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('block', models.CharField(choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], max_length=20, verbose_name='block')),
                ('status', models.CharField(choices=[('submitted', 'Submitted by the office'), ('confirmed', 'Confirmed by the head, sent to the district'), ('received', 'Received by the district')], default='submitted', max_length=10, verbose_name='status')),
                ('counts', models.JSONField(default=dict, verbose_name='counts when submitted')),
                ('missing_people', models.JSONField(blank=True, default=list, verbose_name='people who had not signed')),
                ('submitted_at', models.DateTimeField(verbose_name='submitted at')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('received_at', models.DateTimeField(blank=True, null=True, verbose_name='received by the district at')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='commitments.campaign', verbose_name='campaign')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='confirmed by')),
                ('received_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='received by')),
                ('report_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='unit')),
                ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
            ],
            options={
                'verbose_name': 'unit report',
                'verbose_name_plural': 'unit reports',
                'ordering': ['campaign', 'report_unit__path', 'block'],
            },
        ),
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('action', models.CharField(max_length=40, verbose_name='action')),
                ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.campaign', verbose_name='campaign')),
                ('commitment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.commitment', verbose_name='commitment')),
                ('report', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='audit', to='commitments.unitreport', verbose_name='unit report')),
            ],
            options={
                'verbose_name': 'commitment audit entry',
                'verbose_name_plural': 'commitment audit entries',
                'ordering': ['-created_at', '-pk'],
                'abstract': False,
                'base_manager_name': 'objects',
            },
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('final_deadline__gte', models.F('unit_deadline'))), name='campaign_deadlines_order', violation_error_message='The final deadline cannot come before the hand-in one.'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 2021)), name='campaign_year_from_2021'),
        ),
        migrations.AddIndex(
            model_name='commitment',
            index=models.Index(fields=['campaign', 'report_unit', 'block'], name='commitment_office'),
        ),
        migrations.AddIndex(
            model_name='commitment',
            index=models.Index(fields=['campaign', 'status'], name='commitment_campaign_status'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.UniqueConstraint(fields=('campaign', 'person'), name='commitment_one_per_person_and_campaign'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'pending'), models.Q(models.Q(('method', ''), _negated=True), models.Q(('signed_text', ''), _negated=True), models.Q(('text_sha256', ''), _negated=True), ('signed_at__isnull', False)), _connector='OR'), name='commitment_signed_has_evidence', violation_error_message='A signed commitment needs its text, hash and time.'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('method', 'paper'), _negated=True), models.Q(models.Q(('scan', ''), _negated=True), ('recorded_by__isnull', False)), _connector='OR'), name='commitment_paper_has_scan', violation_error_message='A paper commitment needs a scan and who recorded it.'),
        ),
        migrations.AddConstraint(
            model_name='reminderlog',
            constraint=models.UniqueConstraint(fields=('campaign', 'person', 'step'), name='reminder_once_per_step'),
        ),
        migrations.AddIndex(
            model_name='unitcampaigntally',
            index=models.Index(fields=['campaign', 'unit'], name='tally_campaign_unit'),
        ),
        migrations.AddConstraint(
            model_name='unitreport',
            constraint=models.UniqueConstraint(fields=('campaign', 'report_unit', 'block'), name='unit_report_one_per_office'),
        ),
        migrations.AddConstraint(
            model_name='unitreport',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'submitted'), ('confirmed_at__isnull', False), _connector='OR'), name='unit_report_confirmed_has_time'),
        ),
        migrations.AddConstraint(
            model_name='unitreport',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'received'), _negated=True), ('received_at__isnull', False), _connector='OR'), name='unit_report_received_has_time'),
        ),
        migrations.RunPython(seals_v2, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(fill, migrations.RunPython.noop),
        RunSQLOnPostgreSQL(FORWARD, BACKWARD),
]
