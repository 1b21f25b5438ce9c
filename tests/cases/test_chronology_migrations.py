"""The migrations that moved each kind's link off the chronology entry table keep every link and
every incident fact, forwards and backwards (the suite's fresh database runs them forwards)."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.support.processes import migrate_to_latest

BEFORE = [("cases", "0003_contact_cancelled_status")]
AFTER = [("cases", "0006_drop_chronology_kind_columns")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(autouse=True)
def _fresh_model_caches():
    # Migrating back and forth renders historical models that share the app registry's relation
    # caches; a stale cache would hide reverse relations (User.restricted_cases_named_on) from
    # every test that runs after this one.
    yield
    django_apps.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_links_and_incident_facts_move_to_the_owning_models_and_back(alice):
    old = _migrate(BEFORE)
    try:
        Case = old.get_model("cases", "Case")
        Entry = old.get_model("cases", "ChronologyEntry")
        Contact = old.get_model("cases", "ContactRecord")
        Document = old.get_model("cases", "Document")
        now = timezone.now()
        case = Case.objects.create(
            reference="DA-2026-00999",
            channel="phone",
            received_at=now,
            first_contact_due_at=now,
            created_by_id=alice.pk,
            summary="Synthetic",
        )
        contact = Contact.objects.create(
            case=case,
            direction="outbound",
            channel="phone",
            status="done",
            when=now,
            outcome="spoke",
            recorded_by_id=alice.pk,
        )
        document = Document.objects.create(
            case=case,
            kind="pdf",
            content_type="application/pdf",
            original_name="Letter.pdf",
            stored_name="a" * 64,
            size_bytes=10,
            sha256="0" * 64,
            uploaded_by_id=alice.pk,
        )
        common = {"case": case, "occurred_at": now, "recorded_by_id": alice.pk}
        contact_entry = Entry.objects.create(kind="contact", contact=contact, **common)
        document_entry = Entry.objects.create(kind="document", document=document, **common)
        incident = Entry.objects.create(
            kind="incident",
            incident_date=dt.date(2026, 11, 1),
            reported_to_police="yes",
            crime_reference="CR/42/26",
            narrative="Synthetic incident",
            **common,
        )
        note = Entry.objects.create(kind="note", narrative="A note", **common)

        new = _migrate(AFTER)
        Incident = new.get_model("cases", "Incident")
        assert new.get_model("cases", "ContactRecord").objects.get().entry_id == contact_entry.pk
        assert new.get_model("cases", "Document").objects.get().entry_id == document_entry.pk
        facts = Incident.objects.get()
        assert (facts.entry_id, facts.incident_date) == (incident.pk, dt.date(2026, 11, 1))
        assert (facts.reported_to_police, facts.crime_reference) == ("yes", "CR/42/26")
        assert not Incident.objects.filter(entry_id=note.pk).exists()

        back = _migrate(BEFORE)
        Entry = back.get_model("cases", "ChronologyEntry")
        assert Entry.objects.get(pk=contact_entry.pk).contact_id == contact.pk
        assert Entry.objects.get(pk=document_entry.pk).document_id == document.pk
        restored = Entry.objects.get(pk=incident.pk)
        assert (restored.incident_date, restored.reported_to_police) == (
            dt.date(2026, 11, 1),
            "yes",
        )
        assert restored.crime_reference == "CR/42/26"
        assert Entry.objects.get(pk=note.pk).contact_id is None
    finally:
        migrate_to_latest()
