"""Step 2 of 3: move the links and the incident facts off the entry table.

Set-based (one UPDATE per table, incidents inserted in batches), so it stays quick on a large
chronology. Reversible: going back puts every link and fact back on its entry.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

BATCH = 2000


def forwards(apps, schema_editor):
    ChronologyEntry = apps.get_model('cases', 'ChronologyEntry')
    ContactRecord = apps.get_model('cases', 'ContactRecord')
    Document = apps.get_model('cases', 'Document')
    Incident = apps.get_model('cases', 'Incident')

    ContactRecord.objects.filter(
        pk__in=ChronologyEntry.objects.filter(contact__isnull=False).values('contact_id')
    ).update(
        entry_id=Subquery(
            ChronologyEntry.objects.filter(contact_id=OuterRef('pk')).values('pk')[:1]
        )
    )
    Document.objects.filter(
        pk__in=ChronologyEntry.objects.filter(document__isnull=False).values('document_id')
    ).update(
        entry_id=Subquery(
            ChronologyEntry.objects.filter(document_id=OuterRef('pk')).values('pk')[:1]
        )
    )
    batch = []
    incidents = ChronologyEntry.objects.filter(kind='incident').values_list(
        'pk', 'occurred_at', 'incident_date', 'reported_to_police', 'crime_reference'
    )
    for pk, occurred_at, incident_date, police, crime_reference in incidents.iterator(
        chunk_size=BATCH
    ):
        batch.append(
            Incident(
                entry_id=pk,
                incident_date=incident_date or timezone.localdate(occurred_at),
                reported_to_police=police or 'unknown',
                crime_reference=crime_reference or '',
            )
        )
        if len(batch) >= BATCH:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    ChronologyEntry = apps.get_model('cases', 'ChronologyEntry')
    ContactRecord = apps.get_model('cases', 'ContactRecord')
    Document = apps.get_model('cases', 'Document')
    Incident = apps.get_model('cases', 'Incident')

    ChronologyEntry.objects.filter(
        pk__in=ContactRecord.objects.filter(entry__isnull=False).values('entry_id')
    ).update(
        contact_id=Subquery(ContactRecord.objects.filter(entry_id=OuterRef('pk')).values('pk')[:1])
    )
    ChronologyEntry.objects.filter(
        pk__in=Document.objects.filter(entry__isnull=False).values('entry_id')
    ).update(
        document_id=Subquery(Document.objects.filter(entry_id=OuterRef('pk')).values('pk')[:1])
    )
    # The encrypted crime reference is copied as stored: the same field, the same keys.
    facts = Incident.objects.filter(entry_id=OuterRef('pk'))
    ChronologyEntry.objects.filter(
        pk__in=Incident.objects.values('entry_id')
    ).update(
        incident_date=Subquery(facts.values('incident_date')[:1]),
        reported_to_police=Subquery(facts.values('reported_to_police')[:1]),
        crime_reference=Subquery(facts.values('crime_reference')[:1]),
    )
    ContactRecord.objects.update(entry_id=None)
    Document.objects.update(entry_id=None)
    Incident.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_chronology_links_on_owning_models'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
