"""The chronology becomes a bottom layer: owning models hold the link to their entries.

Step 1 of 3: the new links and the Incident table, beside the old columns (moved in 0005,
dropped in 0006). The old one-to-ones give up the reverse name `entry` first, so the new
`ContactRecord.entry` and `Document.entry` do not clash with them in between.
"""

import django.db.models.deletion
import haven.lib.crypto
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_contact_cancelled_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='chronologyentry',
            name='contact',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='cases.contactrecord'),
        ),
        migrations.AlterField(
            model_name='chronologyentry',
            name='document',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to='cases.document'),
        ),
        migrations.AlterField(
            model_name='chronologyentry',
            name='kind',
            field=models.CharField(max_length=20),
        ),
        migrations.AddField(
            model_name='contactrecord',
            name='entry',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='contact_record', to='cases.chronologyentry'),
        ),
        migrations.AddField(
            model_name='historicalcontactrecord',
            name='entry',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.chronologyentry'),
        ),
        migrations.AddField(
            model_name='document',
            name='entry',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='document_record', to='cases.chronologyentry'),
        ),
        migrations.CreateModel(
            name='Incident',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('incident_date', models.DateField()),
                ('reported_to_police', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('unknown', 'Not known')], default='unknown', max_length=10)),
                ('crime_reference', haven.lib.crypto.EncryptedCharField(blank=True, max_length=60)),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='incident', to='cases.chronologyentry')),
            ],
        ),
    ]
