"""The pages officers use: the banner, the plan, contacts, the chronology and documents."""

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models.chronology import ChronologyEntry, EntryKind
from haven.cases.models.contact import ContactRecord, SafeContactPlan
from haven.cases.services import chronology as chronology_services
from haven.cases.services import contact as contact_services
from tests.support.contact import SAFE_NUMBER, add_entries, make_case, recent_weekday_at

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def url(name, case, **kwargs):
    return reverse(f"cases:{name}", kwargs={"reference": case.reference, **kwargs})


def html(response) -> str:
    return response.content.decode()


# --- The banner ------------------------------------------------------------------------------------


def test_without_a_plan_every_case_page_warns_that_none_is_agreed(client_for, alice, case):
    page = html(client_for(alice).get(url("contact", case)))
    assert "No safe-contact plan has been agreed yet" in page
    assert url("safe-contact-plan", case) in page


def test_the_banner_says_how_when_and_what_must_never_happen(client_for, alice, case, plan):
    page = html(client_for(alice).get(url("chronology", case)))
    assert "Phone call to 07700 900123" in page
    assert "weekdays 9am to 5pm" in page
    assert "Do not leave voicemail" in page
    assert "Do not write to the home address" in page
    assert "Do not send text messages" in page
    # The code word is behind a disclosure, not on show.
    assert '<details class="govuk-details' in page
    assert "Show the code word" in page
    assert "bluebell" in page


def test_the_banner_costs_no_query_of_its_own(client_for, alice, case, plan):
    client = client_for(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("documents", case))
    assert response.status_code == 200
    plan_queries = [q["sql"] for q in queries if 'FROM "cases_safecontactplan"' in q["sql"]]
    assert plan_queries == []


# --- The plan --------------------------------------------------------------------------------------


def plan_post(**overrides):
    data = {
        "allowed_channels": ["phone", "email"],
        "phone_numbers": "07700 900555",
        "email_address": "jo.safe@example.org",
        "voicemail_allowed": "no",
        "code_word": "sunflower",
        "safe_1_days": "weekdays",
        "safe_1_start": "10am",
        "safe_1_end": "2pm",
        "unsafe_1_days": "every_day",
        "unsafe_1_start": "6pm",
        "unsafe_1_end": "midnight",
        "version": "",
    }
    data.update(overrides)
    return data


def test_recording_a_plan_shows_it_in_the_banner(client_for, alice, case):
    client = client_for(alice)
    response = client.post(url("safe-contact-plan", case), plan_post())
    assert response.status_code == 302
    page = html(client.get(response["Location"]))
    assert "Phone call to 07700 900555" in page
    assert "weekdays 10am to 2pm" in page
    assert "every day 6pm to midnight" in page
    assert SafeContactPlan.objects.get(survivor=case.survivor).version == 1
    assert AuditEvent.objects.filter(action="contact.plan_created").count() == 1


def test_a_plan_with_bad_input_keeps_what_was_typed_and_says_what_to_do(client_for, alice, case):
    response = client_for(alice).post(
        url("safe-contact-plan", case),
        plan_post(phone_numbers="", safe_1_start="teatime", code_word="sunflower <b>x</b>"),
    )
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the number the survivor agreed we may use" in page
    assert "Safe time 1: Enter a time like 10am, 2:30pm or 14:00" in page
    assert 'value="teatime"' in page
    assert "sunflower &lt;b&gt;x&lt;/b&gt;" in page
    assert not SafeContactPlan.objects.exists()


def test_a_plan_changed_by_someone_else_is_not_overwritten(client_for, alice, cora, case, plan):
    stale = plan_post(version=str(plan.version), code_word="daisy")
    values = {name: getattr(plan, name) for name in contact_services.PLAN_FIELDS}
    contact_services.save_safe_contact_plan(
        case, actor=cora, values={**values, "code_word": "tulip"}, expected_version=plan.version
    )
    response = client_for(alice).post(url("safe-contact-plan", case), stale)
    page = html(response)
    assert response.status_code == 200
    assert "Someone else changed this safe-contact plan since you opened it" in page
    assert "code word" in page
    plan.refresh_from_db()
    assert plan.code_word == "tulip"


# --- Contacts ----------------------------------------------------------------------------------------


def contact_post(when, **overrides):
    local = timezone.localtime(when)
    data = {
        "direction": "outbound",
        "channel": "phone",
        "date-day": str(local.day),
        "date-month": str(local.month),
        "date-year": str(local.year),
        "time": f"{local.hour}:{local.minute:02d}",
        "destination": SAFE_NUMBER,
        "outcome": "spoke",
        "notes": "",
        "override_reason": "",
    }
    data.update(overrides)
    return data


def test_a_contact_against_the_plan_is_refused_with_the_rule_named_and_input_kept(
    client_for, alice, case, plan
):
    response = client_for(alice).post(
        url("contact-record", case),
        contact_post(
            recent_weekday_at(11),
            channel="text",
            destination="07700 900999",
            notes="Typed notes stay",
        ),
    )
    page = html(response)
    assert response.status_code == 200
    assert "Text messages are not a safe way to contact this survivor" in page
    assert "give a reason for going ahead anyway" in page
    # The summary links to the answer that breaks the plan.
    assert 'href="#id_channel_0">Text messages are not a safe way' in page
    assert 'value="07700 900999"' in page
    assert "Typed notes stay" in page
    assert not ContactRecord.objects.exists()


def test_an_officer_may_go_ahead_with_a_reason_which_the_coordinator_sees(
    client_for, alice, cora, case, plan
):
    reason = "Police asked us to pass on an urgent warning today"
    response = client_for(alice).post(
        url("contact-record", case),
        contact_post(
            recent_weekday_at(11), channel="text", outcome="message_sent", override_reason=reason
        ),
    )
    assert response.status_code == 302
    overrides_page = html(client_for(cora).get(reverse("cases:contact-overrides")))
    assert case.reference in overrides_page
    assert "Text messages are not a safe way to contact this survivor" in overrides_page
    assert reason in overrides_page
    assert AuditEvent.objects.get(action="contact.plan_overridden").reason == reason


def test_only_the_coordinator_sees_the_list_of_overrides(client_for, alice):
    assert client_for(alice).get(reverse("cases:contact-overrides")).status_code == 403


def test_impossible_dates_and_times_are_refused_kindly(client_for, alice, case, plan):
    response = client_for(alice).post(
        url("contact-record", case),
        contact_post(
            recent_weekday_at(11), **{"date-day": "31", "date-month": "2", "time": "25:00"}
        ),
    )
    page = html(response)
    assert "Date of the contact must be a real date" in page
    assert "Enter a time like 10am" in page or "hours go up to 23" in page


def test_planning_a_contact_and_recording_how_it_went(client_for, alice, case, plan):
    client = client_for(alice)
    next_week = recent_weekday_at(11) + dt.timedelta(days=7)
    data = contact_post(next_week)
    data.pop("direction")
    data.pop("outcome")
    assert client.post(url("contact-schedule", case), data).status_code == 302
    planned = ContactRecord.objects.get()
    page = html(client.get(url("contact", case)))
    assert "Record how it went" in page
    done = contact_post(recent_weekday_at(11))
    response = client.post(url("contact-outcome", case, contact_id=planned.pk), done)
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "done"


# --- Chronology ------------------------------------------------------------------------------------


def test_notes_incidents_and_corrections_in_the_chronology(client_for, alice, bob, case):
    client = client_for(alice)
    assert (
        client.post(url("chronology-note", case), {"text": "<script>alert(1)</script>"}).status_code
        == 302
    )
    today = timezone.localdate()
    response = client.post(
        url("chronology-incident", case),
        {
            "occurred_on-day": today.day,
            "occurred_on-month": today.month,
            "occurred_on-year": today.year,
            "summary": "Threats by text.",
            "reported_to_police": "yes",
            "crime_reference": "CR/55/26",
        },
    )
    assert response.status_code == 302
    note = ChronologyEntry.objects.get(kind=EntryKind.NOTE)
    assert (
        client.post(
            url("chronology-correct", case, entry_id=note.pk),
            {"text": "The note should have said: spoke about the injunction."},
        ).status_code
        == 302
    )
    page = html(client.get(url("chronology", case)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert "CR/55/26" in page
    assert "Corrected" in page
    assert "Correction" in page
    # The original is still there, word for word.
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 1


def test_an_incident_form_with_bad_input_keeps_what_was_typed(client_for, alice, case):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(alice).post(
        url("chronology-incident", case),
        {
            "occurred_on-day": tomorrow.day,
            "occurred_on-month": tomorrow.month,
            "occurred_on-year": tomorrow.year,
            "summary": "Kept text",
            "reported_to_police": "no",
            "crime_reference": "CR/1",
        },
    )
    page = html(response)
    assert "The date of the incident must be today or in the past" in page
    assert "Remove the crime reference" in page
    assert "Kept text" in page


def test_the_chronology_filters_by_type_without_javascript(client_for, alice, case):
    chronology_services.record_note(case, actor=alice, text="A plain note")
    chronology_services.record_incident(
        case,
        actor=alice,
        occurred_on=timezone.localdate(),
        summary="An incident summary",
        reported_to_police=None,
    )
    page = html(client_for(alice).get(url("chronology", case), {"kind": "incident"}))
    assert "An incident summary" in page
    assert "A plain note" not in page
    assert '<form method="get"' in page


def test_nonsense_in_the_filter_shows_everything_rather_than_failing(client_for, alice, case):
    chronology_services.record_note(case, actor=alice, text="A plain note")
    response = client_for(alice).get(url("chronology", case), {"kind": "<x>", "page": "zz"})
    assert response.status_code == 200
    assert "A plain note" in html(response)


@pytest.mark.parametrize("name", ["chronology", "contact"])
def test_queries_per_page_do_not_grow_with_the_chronology(
    client_for, alice, name, django_assert_max_num_queries
):
    small = make_case(owner=alice)
    large = make_case(owner=alice)
    for target, count in ((small, 5), (large, 500)):
        add_entries(target, count, by=alice)
        chronology_services.record_note(target, actor=alice, text="corrected note")
        note = ChronologyEntry.objects.filter(case=target, kind=EntryKind.NOTE).first()
        chronology_services.correct_entry(note, actor=alice, text="correction")
    client = client_for(alice)
    client.get(url(name, small))  # warm the session
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url(name, small)).status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(url(name, large))
    assert response.status_code == 200


# --- Documents ---------------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, case, name, content, description="A synthetic file"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(url("documents", case), {"file": file, "description": description})


def test_uploading_and_downloading_a_document_logs_every_download(client_for, alice, case):
    client = client_for(alice)
    assert upload(client, case, "letter.pdf", PDF_BYTES).status_code == 302
    document = case.documents.get()
    download = url("document-download", case, document_id=document.pk)
    for _ in range(2):
        response = client.get(download)
        assert response.status_code == 200
        assert response.content == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    events = AuditEvent.objects.filter(action="document.downloaded", actor_id=alice.pk)
    assert events.count() == 2
    assert events.first().detail["document"] == document.pk


def test_word_documents_and_text_files_are_accepted(client_for, alice, case):
    client = client_for(alice)
    assert upload(client, case, "statement.docx", docx_bytes()).status_code == 302
    assert upload(client, case, "notes.txt", "Plain notes, £ and é\n".encode()).status_code == 302
    assert case.documents.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", "must be a PDF, an image"),
        ("letter.pdf", b"<html><script>alert(1)</script></html>\x00", "must be a PDF, an image"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "does not match what it contains"),
        ("archive.docx", b"PK\x03\x04 not really a zip", "must be a PDF, an image"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused_naming_what_is_allowed(
    client_for, alice, case, name, content, message
):
    response = upload(client_for(alice), case, name, content, description="kept description")
    page = html(response)
    assert response.status_code == 200
    assert message in page
    assert "kept description" in page
    assert not case.documents.exists()


def test_an_upload_over_the_size_limit_is_refused_with_the_limit_named(
    client_for, alice, case, settings
):
    settings.HAVEN_UPLOAD_MAX_MB = 1
    response = upload(client_for(alice), case, "big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    assert "The selected file must be smaller than 1MB" in html(response)
    assert not case.documents.exists()


def test_someone_without_access_to_the_case_gets_404_for_its_documents(
    client_for, alice, bob, case
):
    chronology_services.store_document(case, actor=alice, filename="a.pdf", content=PDF_BYTES)
    document = case.documents.get()
    client = client_for(bob)
    assert client.get(url("document-download", case, document_id=document.pk)).status_code == 404
    assert client.get(url("documents", case)).status_code == 404
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()
    assert AuditEvent.objects.filter(action="case.access_refused", actor_id=bob.pk).exists()


def test_a_document_of_another_case_is_not_found_through_this_one(client_for, alice, case):
    other = make_case(owner=alice)
    chronology_services.store_document(other, actor=alice, filename="a.pdf", content=PDF_BYTES)
    document = other.documents.get()
    response = client_for(alice).get(url("document-download", case, document_id=document.pk))
    assert response.status_code == 404


def test_a_manager_cannot_open_the_contact_pages(client_for, max_manager, case):
    assert client_for(max_manager).get(url("contact", case)).status_code == 403


def test_a_planned_contact_can_be_cancelled_with_a_reason_and_stays_on_record(
    client_for, alice, case, plan
):
    planned = contact_services.schedule_contact(
        case,
        actor=alice,
        channel="phone",
        when=recent_weekday_at(11) + dt.timedelta(days=7),
        destination=SAFE_NUMBER,
    )
    client = client_for(alice)
    cancel = url("contact-cancel", case, contact_id=planned.pk)
    page = html(client.post(cancel, {"reason": ""}))
    assert "Enter why the planned contact is cancelled" in page
    # The cancel page sits under the contact tab, and says so to screen readers too.
    assert 'aria-current="page">Contact and safe-contact plan</a>' in " ".join(page.split())
    assert (
        client.post(cancel, {"reason": "Survivor asked us not to call this week"}).status_code
        == 302
    )
    planned.refresh_from_db()
    assert planned.status == "cancelled"
    assert "Survivor asked us not to call this week" in html(client.get(url("chronology", case)))
    # Cancelled once: the page for it has gone.
    assert client.get(cancel).status_code == 404


def test_the_case_record_page_shows_the_banner_without_a_query_for_the_plan(
    client_for, alice, case, plan
):
    client = client_for(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:detail", kwargs={"reference": case.reference}))
    assert response.status_code == 200
    assert "Do not leave voicemail" in html(response)
    assert [q["sql"] for q in queries if 'FROM "cases_safecontactplan"' in q["sql"]] == []


@pytest.mark.parametrize(
    "name",
    [
        "contact",
        "safe-contact-plan",
        "contact-record",
        "contact-schedule",
        "chronology",
        "chronology-note",
        "chronology-incident",
        "documents",
    ],
)
def test_every_case_page_here_writes_one_view_event(client_for, alice, case, name):
    before = AuditEvent.objects.filter(action="case.viewed").count()
    assert client_for(alice).get(url(name, case)).status_code == 200
    events = AuditEvent.objects.filter(action="case.viewed").order_by("-sequence")
    assert events.count() == before + 1
    assert events.first().object_id == str(case.pk)


def test_whatever_is_typed_into_a_plan_is_shown_as_text_never_run(client_for, alice, case):
    from tests.support.contact import make_plan

    make_plan(
        case,
        by=alice,
        allowed_channels=["phone", "third_party"],
        third_party='<script>alert("x")</script> Aunt',
        code_word="<img src=x onerror=alert(1)>",
        notes="<b>bold</b>",
    )
    page = html(client_for(alice).get(url("contact", case)))
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Aunt" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_override_reason_that_says_nothing_is_refused_kindly(client_for, alice, case, plan):
    response = client_for(alice).post(
        url("contact-record", case),
        contact_post(recent_weekday_at(11), channel="text", override_reason="ok"),
    )
    page = html(response)
    assert "Explain in a sentence why you must go ahead" in page
    assert not ContactRecord.objects.exists()


def test_a_planned_contact_whose_time_has_passed_is_marked_overdue(client_for, alice, case, plan):
    planned = contact_services.schedule_contact(
        case,
        actor=alice,
        channel="phone",
        when=recent_weekday_at(11) + dt.timedelta(days=7),
        destination=SAFE_NUMBER,
    )
    client = client_for(alice)
    assert "Overdue" not in html(client.get(url("contact", case)))
    ContactRecord.objects.filter(pk=planned.pk).update(when=recent_weekday_at(11))
    assert "Overdue" in html(client.get(url("contact", case)))
