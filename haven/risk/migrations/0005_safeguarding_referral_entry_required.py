# Every safeguarding referral has its chronology entry (0004 wrote them for those recorded
# before): from now on the entry is required. A migration of its own, so that on PostgreSQL the
# rows 0004 changed are settled before the column's constraint changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('risk', '0004_safeguarding_in_the_chronology'),
    ]

    operations = [
        migrations.AlterField(
            model_name='safeguardingreferral',
            name='entry',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='safeguarding_referral', to='cases.chronologyentry'),
        ),
    ]
