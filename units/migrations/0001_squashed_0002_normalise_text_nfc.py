"""Migrations 0001 to 0002_normalise_text_nfc of units, squashed into one.

The schema is the models' as they stood after the last of them; the data steps of the old
chain follow it, in their order (on a new database they find nothing to do). A database that
applied the whole old chain counts as having applied this one (``replaces``); one that stopped
part way must first finish the old chain (README, "Upgrading"): ``core.checks`` says so.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from core.text import clean_text


# From 0002_normalise_text_nfc: Names and titles typed in decomposed Unicode (NFD) stored as
# NFC, as new input is.


FIELDS = {"Unit": ("name",), "Person": ("full_name", "position_title")}


def normalise_text(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("units", model_name)
        changed = []
        for row in model.objects.only("pk", *fields).iterator(chunk_size=2000):
            values = {field: clean_text(getattr(row, field)) for field in fields}
            if any(getattr(row, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(row, field, value)
                changed.append(row)
        model.objects.bulk_update(changed, fields, batch_size=1000)


class Migration(migrations.Migration):

    initial = True

    replaces = [('units', '0001_initial'), ('units', '0002_normalise_text_nfc')]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('code', models.CharField(help_text='Short unique code used by imports, e.g. BODE-UBND.', max_length=40, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]+$', "Use only letters without diacritics, digits, '-' and '_'.")], verbose_name='code')),
                ('kind', models.CharField(choices=[('district', 'District'), ('ward', 'Ward'), ('party_body', 'Party body'), ('government_body', 'Government body'), ('front_body', 'Fatherland Front'), ('mass_org', 'Mass organisation'), ('school', 'Public school')], max_length=20, verbose_name='kind')),
                ('block', models.CharField(blank=True, choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], help_text='Reporting line of the unit. Empty only for a district or ward.', max_length=20, verbose_name='block')),
                ('school_level', models.CharField(blank=True, choices=[('kindergarten', 'Kindergarten'), ('primary', 'Primary school'), ('lower_secondary', 'Lower-secondary school'), ('upper_secondary', 'Upper-secondary school')], max_length=20, verbose_name='school level')),
                ('path', models.CharField(db_index=True, editable=False, max_length=1000, verbose_name='path')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='units.unit', verbose_name='parent unit')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'ordering': ['path'],
                'permissions': [('import_unit', 'Can import units'), ('export_unit', 'Can export units')],
            },
        ),
        migrations.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('role', models.CharField(choices=[('office_clerk', 'Block office clerk'), ('home_affairs', 'Home Affairs reviewer (phòng Nội vụ)'), ('organisation_board', 'Organisation Board reviewer (Ban Tổ chức Quận ủy)'), ('administrator', 'Administrator')], max_length=30, verbose_name='role')),
                ('block', models.CharField(blank=True, choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], help_text="For a block office clerk: which office (People's Committee or Party).", max_length=20, verbose_name='block')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='role_assignments', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('unit', models.ForeignKey(help_text='The role applies to this unit and every unit under it.', on_delete=django.db.models.deletion.PROTECT, related_name='role_assignments', to='units.unit', verbose_name='scope')),
            ],
            options={
                'verbose_name': 'role assignment',
                'verbose_name_plural': 'role assignments',
                'ordering': ['role', 'unit__path'],
            },
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=255, verbose_name='full name')),
                ('staff_code', models.CharField(help_text='Unique code of the person, used by imports and as login name.', max_length=40, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]+$', "Use only letters without diacritics, digits, '-' and '_'.")], verbose_name='staff code')),
                ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('position_title', models.CharField(blank=True, max_length=255, verbose_name='position')),
                ('category', models.CharField(choices=[('leader', 'Leader or manager'), ('staff', 'Civil servant, public employee or worker')], default='staff', max_length=10, verbose_name='category')),
                ('is_unit_head', models.BooleanField(default=False, help_text="The head assesses the unit's people and signs off their results.", verbose_name='head of unit')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='person', to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'people',
                'ordering': ['unit__path', '-is_unit_head', 'full_name'],
                'permissions': [('import_person', 'Can import people'), ('export_person', 'Can export people')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalUnit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('code', models.CharField(db_index=True, help_text='Short unique code used by imports, e.g. BODE-UBND.', max_length=40, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]+$', "Use only letters without diacritics, digits, '-' and '_'.")], verbose_name='code')),
                ('kind', models.CharField(choices=[('district', 'District'), ('ward', 'Ward'), ('party_body', 'Party body'), ('government_body', 'Government body'), ('front_body', 'Fatherland Front'), ('mass_org', 'Mass organisation'), ('school', 'Public school')], max_length=20, verbose_name='kind')),
                ('block', models.CharField(blank=True, choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], help_text='Reporting line of the unit. Empty only for a district or ward.', max_length=20, verbose_name='block')),
                ('school_level', models.CharField(blank=True, choices=[('kindergarten', 'Kindergarten'), ('primary', 'Primary school'), ('lower_secondary', 'Lower-secondary school'), ('upper_secondary', 'Upper-secondary school')], max_length=20, verbose_name='school level')),
                ('path', models.CharField(db_index=True, editable=False, max_length=1000, verbose_name='path')),
                ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='parent unit')),
            ],
            options={
                'verbose_name': 'historical unit',
                'verbose_name_plural': 'historical units',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRoleAssignment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('role', models.CharField(choices=[('office_clerk', 'Block office clerk'), ('home_affairs', 'Home Affairs reviewer (phòng Nội vụ)'), ('organisation_board', 'Organisation Board reviewer (Ban Tổ chức Quận ủy)'), ('administrator', 'Administrator')], max_length=30, verbose_name='role')),
                ('block', models.CharField(blank=True, choices=[('government', 'Government block'), ('party_mass', 'Party and mass-organisation block')], help_text="For a block office clerk: which office (People's Committee or Party).", max_length=20, verbose_name='block')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, help_text='The role applies to this unit and every unit under it.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='scope')),
            ],
            options={
                'verbose_name': 'historical role assignment',
                'verbose_name_plural': 'historical role assignments',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPerson',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('full_name', models.CharField(max_length=255, verbose_name='full name')),
                ('staff_code', models.CharField(db_index=True, help_text='Unique code of the person, used by imports and as login name.', max_length=40, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]+$', "Use only letters without diacritics, digits, '-' and '_'.")], verbose_name='staff code')),
                ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('position_title', models.CharField(blank=True, max_length=255, verbose_name='position')),
                ('category', models.CharField(choices=[('leader', 'Leader or manager'), ('staff', 'Civil servant, public employee or worker')], default='staff', max_length=10, verbose_name='category')),
                ('is_unit_head', models.BooleanField(default=False, help_text="The head assesses the unit's people and signs off their results.", verbose_name='head of unit')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical person',
                'verbose_name_plural': 'historical people',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['district', 'ward']), models.Q(('block', ''), _negated=True), _connector='OR'), name='unit_block_required_for_bodies', violation_error_message='A body or school must belong to a block.'),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'school'), ('school_level', ''), _connector='OR'), name='unit_school_level_only_for_schools', violation_error_message='Only a school has a school level.'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.UniqueConstraint(fields=('user', 'role', 'unit', 'block'), name='role_assignment_unique'),
        ),
        migrations.AddConstraint(
            model_name='roleassignment',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'office_clerk'), _negated=True), models.Q(('block', ''), _negated=True), _connector='OR'), name='role_clerk_has_block', violation_error_message='A block office clerk needs a block.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('is_active', True), ('is_unit_head', True)), fields=('unit',), name='person_one_active_head_per_unit', violation_error_message='This unit already has an active head.'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.CheckConstraint(condition=models.Q(('is_unit_head', False), ('category', 'leader'), _connector='OR'), name='person_head_is_leader', violation_error_message='A unit head must be in the leader category.'),
        ),
        migrations.RunPython(normalise_text, migrations.RunPython.noop),
]
