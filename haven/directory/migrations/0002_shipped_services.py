"""The national services and the two example local areas from the landlords' policies, loaded
from haven/directory/data/services.json (Open Referral UK) by the same import an administrator
uses. Reversing removes only services nobody has signposted or referred to."""

import json

from django.db import migrations

from haven.directory.hsds import SHIPPED_SERVICES as DATA


def load(apps, schema_editor):
    from haven.directory.hsds import parse_document
    from haven.directory.services import load_services

    from django.utils import timezone

    services = parse_document(json.loads(DATA.read_text(encoding="utf-8")))
    Service = apps.get_model("directory", "Service")
    load_services(services, Service, apps.get_model("directory", "Area"))
    # A first history row for each, as a save through the application would make: two
    # administrators editing a shipped service at once are then compared field by field.
    History = apps.get_model("directory", "HistoricalService")
    now = timezone.now()
    copied = [f.attname for f in Service._meta.concrete_fields if f.attname != "updated_at"]
    History.objects.bulk_create(
        History(
            **{name: getattr(service, name) for name in copied},
            history_date=now,
            history_type="+",
            history_change_reason="Shipped with Haven",
        )
        for service in Service.objects.all()
    )


def unload(apps, schema_editor):
    from haven.directory.hsds import parse_document

    keys = [s.key for s in parse_document(json.loads(DATA.read_text(encoding="utf-8")))]
    Service = apps.get_model("directory", "Service")
    Signposting = apps.get_model("directory", "Signposting")
    Referral = apps.get_model("directory", "Referral")
    used = set(Signposting.objects.values_list("service_id", flat=True)) | set(
        Referral.objects.values_list("service_id", flat=True)
    )
    Service.objects.filter(key__in=keys).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
