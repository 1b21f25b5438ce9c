"""Step 3 of 3: the entry table keeps no column for any one kind."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_move_chronology_links'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='chronologyentry',
            name='contact',
        ),
        migrations.RemoveField(
            model_name='chronologyentry',
            name='document',
        ),
        migrations.RemoveField(
            model_name='chronologyentry',
            name='incident_date',
        ),
        migrations.RemoveField(
            model_name='chronologyentry',
            name='reported_to_police',
        ),
        migrations.RemoveField(
            model_name='chronologyentry',
            name='crime_reference',
        ),
    ]
