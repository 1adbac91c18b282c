"""The seal of a signed commitment (v2, core.seals, docs/seals.md), for the commitments
signed before it existed: computed from the data as it is now, for each commitment whose
text still hashes to its ``text_sha256`` (the only seal it had). One whose text no longer
does gets none, so that ``manage.py verify_seals`` reports it.
"""

import hashlib

from django.db import migrations, models

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


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='commitment',
            name='seal_sha256',
            field=models.CharField(blank=True, help_text="Covers the text's SHA-256, who signed, when and how (docs/seals.md).", max_length=64, verbose_name='seal (SHA-256 of the signed record)'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='seal_sha256',
            field=models.CharField(blank=True, help_text="Covers the text's SHA-256, who signed, when and how (docs/seals.md).", max_length=64, verbose_name='seal (SHA-256 of the signed record)'),
        ),
        migrations.RunPython(seals_v2, migrations.RunPython.noop, elidable=False),
    ]
