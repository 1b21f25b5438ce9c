"""The service layer enforces the safe-contact plan, logs overrides and asks for reviews."""

import datetime as dt

import pytest
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.audit.versioning import EditConflict
from haven.cases.models import Case, CoordinatorReview
from haven.cases.models.case import CaseStatus, ReviewReason, ReviewStatus
from haven.cases.models.chronology import ChronologyEntry, Document, EntryKind, ImmutableEntryError
from haven.cases.models.contact import ContactRecord, ContactStatus
from haven.cases.services import chronology as chronology_services
from haven.cases.services import contact as contact_services
from haven.cases.services import lifecycle as lifecycle_services
from tests.support.contact import SAFE_NUMBER, recent_weekday_at

pytestmark = pytest.mark.django_db


def call(case, actor, **overrides):
    values = dict(
        direction="outbound",
        channel="phone",
        when=recent_weekday_at(11),
        outcome="spoke",
        destination=SAFE_NUMBER,
    )
    values.update(overrides)
    return contact_services.record_contact(case, actor=actor, **values)


def test_a_contact_on_a_channel_the_plan_forbids_is_refused_naming_the_rule(case, plan, alice):
    with pytest.raises(contact_services.ContactBreachesPlan) as refused:
        call(case, alice, channel="text")
    assert [b.message for b in refused.value.breaches] == [
        "Text messages are not a safe way to contact this survivor"
    ]
    assert not ContactRecord.objects.filter(case=case).exists()
    assert not ChronologyEntry.objects.filter(case=case, kind=EntryKind.CONTACT).exists()


def test_a_call_outside_safe_times_names_the_day_and_the_agreed_times(case, plan, alice):
    evening = recent_weekday_at(18, weekday=1)
    with pytest.raises(contact_services.ContactBreachesPlan) as refused:
        call(case, alice, when=evening)
    assert refused.value.breaches[0].message == (
        "Tuesday 6pm is outside the safe times agreed (weekdays 9am to 5pm)"
    )


def test_with_no_plan_outbound_contact_is_refused_until_one_is_agreed(case, alice):
    with pytest.raises(contact_services.ContactBreachesPlan) as refused:
        call(case, alice)
    assert "No safe-contact plan" in refused.value.breaches[0].message


def test_override_needs_a_real_reason(case, plan, alice):
    with pytest.raises(contact_services.ContactBreachesPlan) as blank:
        call(case, alice, channel="text", override_reason="   ")
    assert not blank.value.reason_too_short
    with pytest.raises(contact_services.ContactBreachesPlan) as short:
        call(case, alice, channel="text", override_reason="ok")
    assert short.value.reason_too_short
    assert not ContactRecord.objects.exists()


def test_an_override_with_a_reason_is_recorded_logged_and_listed_for_the_coordinator(
    case, plan, alice
):
    reason = "Police asked us to warn her urgently and her phone is switched off"
    contact = call(case, alice, channel="text", override_reason=reason, outcome="message_sent")
    contact.refresh_from_db()
    assert contact.plan_breaches == ["Text messages are not a safe way to contact this survivor"]
    assert contact.override_reason == reason
    assert contact.overridden_by == alice
    event = AuditEvent.objects.get(action="contact.plan_overridden")
    assert event.reason == reason
    assert event.actor_id == alice.pk
    assert event.detail["rules_broken"] == ["channel_not_allowed"]
    assert list(contact_services.overrides_for_coordinator()) == [contact]


def test_a_safe_contact_is_recorded_once_in_the_log_and_the_chronology(case, plan, alice):
    contact = call(case, alice, notes="Talked through options.")
    entry = ChronologyEntry.objects.get(contact_record=contact)
    assert contact.entry == entry
    assert entry.kind == EntryKind.CONTACT
    assert entry.narrative == "Talked through options."
    assert AuditEvent.objects.filter(action="contact.recorded").count() == 1
    assert not AuditEvent.objects.filter(action="contact.plan_overridden").exists()


def test_inbound_contact_is_recorded_without_the_plan_check(case, alice):
    # No plan at all, a channel and time no plan would allow: the survivor chose to call us.
    contact = call(
        case, alice, direction="inbound", channel="text", destination="", when=recent_weekday_at(23)
    )
    assert contact.status == ContactStatus.DONE
    assert contact.plan_breaches == []


def test_the_first_successful_contact_stops_the_clock_and_later_ones_do_not_move_it(
    case, plan, alice
):
    first = recent_weekday_at(10, weekday=None)
    call(case, alice, when=first)
    case.refresh_from_db()
    assert case.first_contact_at == first
    assert case.status == CaseStatus.OPEN
    call(case, alice, when=first + dt.timedelta(hours=2))
    case.refresh_from_db()
    assert case.first_contact_at == first


def test_a_failed_attempt_does_not_count_as_first_contact(case, plan, alice):
    call(case, alice, outcome="no_answer")
    case.refresh_from_db()
    assert case.first_contact_at is None
    assert ChronologyEntry.objects.get(case=case).kind == EntryKind.CONTACT_ATTEMPT


def test_failed_attempts_past_the_threshold_ask_the_coordinator_never_close(
    case, plan, alice, settings
):
    settings.HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD = 3
    base = recent_weekday_at(10)
    for hour in range(2):
        call(case, alice, outcome="no_answer", when=base + dt.timedelta(hours=hour))
    assert not CoordinatorReview.objects.filter(case=case).exists()
    call(case, alice, outcome="no_answer", when=base + dt.timedelta(hours=2))
    review = CoordinatorReview.objects.get(case=case)
    assert review.reason == ReviewReason.FAILED_CONTACT
    assert review.status == ReviewStatus.OPEN
    assert "3 contact attempts" in review.details
    # A fourth failure adds no second review, and the case is never closed by it.
    call(case, alice, outcome="no_answer", when=base + dt.timedelta(hours=3))
    assert CoordinatorReview.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED


def test_reaching_the_survivor_starts_the_count_of_failed_attempts_again(
    case, plan, alice, settings
):
    settings.HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD = 2
    base = recent_weekday_at(10)
    call(case, alice, outcome="no_answer", when=base)
    call(case, alice, outcome="spoke", when=base + dt.timedelta(hours=1))
    call(case, alice, outcome="no_answer", when=base + dt.timedelta(hours=2))
    assert contact_services.consecutive_failed_attempts(case) == 1
    assert not CoordinatorReview.objects.filter(case=case).exists()


def test_a_contact_in_the_future_must_be_scheduled_instead(case, plan, alice):
    with pytest.raises(contact_services.ContactError, match="schedule"):
        call(case, alice, when=timezone.now() + dt.timedelta(days=1))


def test_scheduling_checks_the_plan_and_only_accepts_future_times(case, plan, alice):
    with pytest.raises(contact_services.ContactError, match="future"):
        contact_services.schedule_contact(
            case, actor=alice, channel="phone", when=recent_weekday_at(11), destination=SAFE_NUMBER
        )
    next_week = recent_weekday_at(11) + dt.timedelta(days=7)
    with pytest.raises(contact_services.ContactBreachesPlan) as refused:
        contact_services.schedule_contact(
            case,
            actor=alice,
            channel="phone",
            when=next_week,
            destination=SAFE_NUMBER,
            leaves_voicemail=True,
        )
    assert [b.message for b in refused.value.breaches] == ["Voicemail must not be left"]
    planned = contact_services.schedule_contact(
        case, actor=alice, channel="phone", when=next_week, destination=SAFE_NUMBER
    )
    assert planned.status == ContactStatus.PLANNED
    assert not ChronologyEntry.objects.filter(case=case).exists()


def test_completing_a_planned_contact_checks_the_plan_as_it_is_now(case, plan, alice):
    next_week = recent_weekday_at(11) + dt.timedelta(days=7)
    planned = contact_services.schedule_contact(
        case, actor=alice, channel="phone", when=next_week, destination=SAFE_NUMBER
    )
    plan.allowed_channels = ["email"]
    plan.save()
    with pytest.raises(contact_services.ContactBreachesPlan):
        contact_services.complete_planned_contact(
            planned, actor=alice, outcome="spoke", when=recent_weekday_at(11)
        )
    plan.allowed_channels = ["phone"]
    plan.save()
    done = contact_services.complete_planned_contact(
        planned, actor=alice, outcome="spoke", when=recent_weekday_at(11)
    )
    assert done.status == ContactStatus.DONE
    assert ChronologyEntry.objects.get(contact_record=done).kind == EntryKind.CONTACT
    with pytest.raises(contact_services.ContactError, match="already"):
        contact_services.complete_planned_contact(
            planned, actor=alice, outcome="spoke", when=recent_weekday_at(11)
        )


def test_a_plan_saved_from_an_old_version_keeps_what_the_other_officer_changed(
    case, plan, alice, bob
):
    values = {name: getattr(plan, name) for name in contact_services.PLAN_FIELDS}
    contact_services.save_safe_contact_plan(
        case, actor=alice, values={**values, "code_word": "tulip"}, expected_version=plan.version
    )
    # Bob opened the plan before Alice saved; he changes only voicemail.
    saved = contact_services.save_safe_contact_plan(
        case, actor=bob, values={**values, "voicemail_allowed": True}, expected_version=plan.version
    )
    plan.refresh_from_db()
    assert plan.code_word == "tulip"
    assert plan.voicemail_allowed is True
    assert saved.kept_from_others == ["Code word"]


def test_the_same_plan_field_changed_twice_is_a_conflict_and_nothing_is_lost(
    case, plan, alice, bob
):
    values = {name: getattr(plan, name) for name in contact_services.PLAN_FIELDS}
    contact_services.save_safe_contact_plan(
        case, actor=alice, values={**values, "code_word": "tulip"}, expected_version=plan.version
    )
    with pytest.raises(EditConflict) as clash:
        contact_services.save_safe_contact_plan(
            case,
            actor=bob,
            values={**values, "code_word": "daisy", "voicemail_allowed": True},
            expected_version=plan.version,
        )
    [conflict] = clash.value.conflicts
    assert (conflict.label, conflict.theirs, conflict.yours) == ("Code word", "tulip", "daisy")
    assert conflict.by == "Alice Officer"
    plan.refresh_from_db()
    assert plan.code_word == "tulip" and plan.voicemail_allowed is False
    # Saving again from the version now shown is Bob's deliberate choice: it wins, nothing else.
    contact_services.save_safe_contact_plan(
        case,
        actor=bob,
        values={**values, "code_word": "daisy", "voicemail_allowed": True},
        expected_version=clash.value.current_version,
    )
    plan.refresh_from_db()
    assert plan.code_word == "daisy" and plan.voicemail_allowed is True
    assert plan.history.count() == 3


def test_plan_details_are_encrypted_at_rest(case, plan):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone_numbers, code_word FROM cases_safecontactplan WHERE id = %s", [plan.pk]
        )
        stored = cursor.fetchone()
    assert "900123" not in stored[0]
    assert "bluebell" not in stored[1]


def test_incidents_keep_date_police_and_crime_reference(case, alice):
    entry = chronology_services.record_incident(
        case,
        actor=alice,
        occurred_on=timezone.localdate(),
        summary="Ex-partner came to the door.",
        reported_to_police=True,
        crime_reference="CR/12345/26",
    )
    assert entry.kind == EntryKind.INCIDENT
    assert entry.incident.reported_to_police == "yes"
    assert entry.incident.crime_reference == "CR/12345/26"
    assert entry.incident.incident_date == timezone.localdate()
    with pytest.raises(ValueError):
        chronology_services.record_incident(
            case,
            actor=alice,
            occurred_on=timezone.localdate() + dt.timedelta(days=1),
            summary="x",
            reported_to_police=False,
        )


def test_reopening_a_case_records_the_new_incident_through_this_service(case, alice):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    case.refresh_from_db()
    lifecycle_services.reopen_case(
        case,
        actor=alice,
        occurred_on=timezone.localdate(),
        summary="Threatening messages again.",
        reported_to_police=False,
    )
    entry = ChronologyEntry.objects.get(case=case, kind=EntryKind.INCIDENT)
    assert entry.incident.reported_to_police == "no"


def test_entries_are_immutable_and_a_correction_links_to_the_original(case, alice, bob):
    original = chronology_services.record_note(case, actor=alice, text="Survivor moved on 3 May.")
    with pytest.raises(ImmutableEntryError):
        original.narrative = "rewritten"
        original.save()
    with pytest.raises(ImmutableEntryError):
        original.delete()
    correction = chronology_services.correct_entry(
        original, actor=bob, text="It was 5 May, not 3 May."
    )
    original.refresh_from_db()
    assert original.narrative == "Survivor moved on 3 May."
    assert correction.corrects == original
    assert list(original.corrections.all()) == [correction]
    assert AuditEvent.objects.filter(action="chronology.entry_corrected").count() == 1


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_documents_are_encrypted_on_disk_with_a_random_name_and_every_read_is_logged(
    case, alice, settings
):
    document = chronology_services.store_document(
        case,
        actor=alice,
        filename="Police letter.pdf",
        content=PDF_BYTES,
        description="Letter from the police",
    )
    path = settings.MEDIA_ROOT / "documents" / document.stored_name
    on_disk = path.read_bytes()
    assert b"%PDF" not in on_disk
    assert "Police" not in document.stored_name
    assert ChronologyEntry.objects.get(document_record=document).kind == EntryKind.DOCUMENT
    assert chronology_services.read_document(document, actor=alice) == PDF_BYTES
    assert chronology_services.read_document(document, actor=alice) == PDF_BYTES
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 2


def test_a_document_that_cannot_be_saved_leaves_no_file_behind(case, alice, settings, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(Document.objects, "create", fail)
    with pytest.raises(RuntimeError):
        chronology_services.store_document(case, actor=alice, filename="a.pdf", content=PDF_BYTES)
    assert list((settings.MEDIA_ROOT / "documents").iterdir()) == []


def test_uploads_can_be_moved_to_a_new_key_before_the_old_one_is_retired(case, alice, settings):
    from cryptography.fernet import Fernet

    document = chronology_services.store_document(
        case, actor=alice, filename="a.pdf", content=PDF_BYTES
    )
    old_keys = list(settings.HAVEN_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [new_key, *old_keys]
    assert chronology_services.rotate_document_files() == 1
    settings.HAVEN_FIELD_KEYS = [new_key]
    assert chronology_services.read_document(document, actor=alice) == PDF_BYTES


def test_the_key_rotation_command_moves_uploads_to_the_new_key_too(case, alice, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    document = chronology_services.store_document(
        case, actor=alice, filename="a.pdf", content=PDF_BYTES
    )
    new_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [new_key, *settings.HAVEN_FIELD_KEYS]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "Uploaded documents: 1 re-encrypted" in out.getvalue()
    settings.HAVEN_FIELD_KEYS = [new_key]
    assert chronology_services.read_document(document, actor=alice) == PDF_BYTES


def test_a_second_rotation_leaves_uploads_already_under_the_newest_key_alone(case, alice, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    document = chronology_services.store_document(
        case, actor=alice, filename="a.pdf", content=PDF_BYTES
    )
    path = settings.MEDIA_ROOT / "documents" / document.stored_name
    settings.HAVEN_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.HAVEN_FIELD_KEYS]
    call_command("rotate_field_keys", stdout=StringIO())
    after_first = path.read_bytes()

    out = StringIO()
    call_command("rotate_field_keys", stdout=out)

    assert "Uploaded documents: 0 re-encrypted" in out.getvalue()
    assert path.read_bytes() == after_first  # not rewritten: same ciphertext, same file


def test_each_key_rotation_is_in_the_access_log_with_counts_only(case, alice, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    chronology_services.store_document(
        case, actor=alice, filename="a.pdf", content=PDF_BYTES, description="Letter"
    )
    settings.HAVEN_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.HAVEN_FIELD_KEYS]
    call_command("rotate_field_keys", stdout=StringIO())
    call_command("rotate_field_keys", stdout=StringIO())

    first, second = AuditEvent.objects.filter(action="keys.field_keys_rotated").order_by("sequence")
    assert first.detail["rotated"] > 0 and first.detail["files_rotated"] == 1
    assert second.detail["rotated"] == 0 and second.detail["files_rotated"] == 0
    assert second.detail["current"] == first.detail["rotated"] + first.detail["current"]
    assert set(first.detail) == {
        "fields",
        "rotated",
        "current",
        "encrypted",
        "empty",
        "unreadable",
        "files_rotated",
    }
    assert all(isinstance(value, int) for value in first.detail.values())
