"""A contact that already happened and broke the safe-contact plan is recorded honestly: saved,
marked as a breach, logged, and put in front of the coordinator to follow up. It is not refused
(that would only keep it out of the record), and it is not an override (a decision to go ahead,
with a reason): the two stay different, in the record and on the page."""

import datetime as dt

import pytest
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.cases.models.chronology import ChronologyEntry
from haven.cases.models.contact import ContactRecord
from haven.cases.services import contact as contact_services
from tests.support.contact import SAFE_NUMBER, recent_weekday_at
from tests.support.html import visible_text

pytestmark = pytest.mark.django_db

WHAT_HAPPENED = "Texted by mistake from the old template; she replied that it was fine."


def record(case, actor, **overrides):
    values = dict(
        direction="outbound",
        channel="text",
        when=recent_weekday_at(11),
        outcome="message_sent",
        destination=SAFE_NUMBER,
        notes=WHAT_HAPPENED,
        already_happened=True,
    )
    values.update(overrides)
    return contact_services.record_contact(case, actor=actor, **values)


def form_post(when, **overrides):
    from django.utils import timezone

    local = timezone.localtime(when)
    data = {
        "direction": "outbound",
        "channel": "text",
        "date-day": str(local.day),
        "date-month": str(local.month),
        "date-year": str(local.year),
        "time": f"{local.hour}:{local.minute:02d}",
        "destination": SAFE_NUMBER,
        "outcome": "message_sent",
        "notes": WHAT_HAPPENED,
    }
    data.update(overrides)
    return data


def page_of(response) -> str:
    return response.content.decode()


# --- The service ------------------------------------------------------------------------------------


def test_a_breach_that_already_happened_is_saved_marked_and_logged(case, plan, alice):
    contact = record(case, alice)

    contact.refresh_from_db()
    assert contact.plan_breaches == ["Text messages are not a safe way to contact this survivor"]
    assert contact.breach_already_happened
    assert contact.override_reason == ""
    assert contact.awaiting_follow_up
    assert ChronologyEntry.objects.get(pk=contact.entry_id).narrative == WHAT_HAPPENED
    event = AuditEvent.objects.get(action="contact.plan_breach_recorded")
    assert event.detail["rules_broken"] == ["channel_not_allowed"]
    assert WHAT_HAPPENED not in str(event.detail)
    # Not an override: nobody decided to go against the plan.
    assert not AuditEvent.objects.filter(action="contact.plan_overridden").exists()


def test_a_breach_must_say_what_happened(case, plan, alice):
    with pytest.raises(contact_services.ContactError, match="Say what happened"):
        record(case, alice, notes="  ")
    assert not ContactRecord.objects.exists()


def test_without_saying_it_already_happened_the_breach_is_still_refused(case, plan, alice):
    with pytest.raises(contact_services.ContactBreachesPlan):
        record(case, alice, already_happened=False)
    assert not ContactRecord.objects.exists()


def test_already_happened_changes_nothing_for_a_contact_that_keeps_to_the_plan(case, plan, alice):
    contact = record(case, alice, channel="phone", outcome="spoke")
    assert contact.plan_breaches == []
    assert not contact.breach_already_happened
    assert AuditEvent.objects.filter(action="contact.recorded").exists()


def test_a_planned_contact_that_broke_a_changed_plan_can_be_recorded_as_it_happened(
    case, plan, alice
):
    planned = contact_services.schedule_contact(
        case,
        actor=alice,
        channel="phone",
        when=recent_weekday_at(11) + dt.timedelta(days=7),
        destination=SAFE_NUMBER,
        notes="Check in about the lock change",
    )
    # The survivor asked for no more calls after it was planned.
    plan.allowed_channels = ["email"]
    plan.save()
    done = contact_services.complete_planned_contact(
        planned, actor=alice, outcome="spoke", when=recent_weekday_at(11), already_happened=True
    )
    assert done.breach_already_happened
    assert done.plan_breaches == ["Phone calls are not a safe way to contact this survivor"]


def test_the_coordinator_follows_a_breach_up_once(case, plan, alice, cora):
    contact = record(case, alice)
    contact_services.follow_up_plan_breach(contact, actor=cora)
    contact_services.follow_up_plan_breach(contact, actor=cora)
    contact.refresh_from_db()
    assert contact.breach_followed_up_by == cora
    assert not contact.awaiting_follow_up
    assert AuditEvent.objects.filter(action="contact.breach_followed_up").count() == 1
    assert contact not in contact_services.overrides_for_coordinator(awaiting_follow_up=True)


# --- The page ---------------------------------------------------------------------------------------


def test_a_contact_against_the_plan_asks_which_is_true_in_kind_words(client_for, alice, case, plan):
    response = client_for(alice).post(
        reverse("cases:contact-record", kwargs={"reference": case.reference}),
        form_post(recent_weekday_at(11)),
    )
    text = visible_text(page_of(response))
    assert "Text messages are not a safe way to contact this survivor" in text
    assert "This has already happened" in text
    assert "I decided to go ahead despite the plan" in text
    assert "Nobody is blamed" in text
    assert WHAT_HAPPENED in page_of(response)  # what was typed is kept
    assert not ContactRecord.objects.exists()


def test_the_officer_records_it_as_it_happened_and_the_coordinator_sees_it(
    client_for, alice, cora, case, plan
):
    response = client_for(alice).post(
        reverse("cases:contact-record", kwargs={"reference": case.reference}),
        form_post(recent_weekday_at(11), breach_response="already_happened"),
        follow=True,
    )
    assert "the coordinator has been told" in visible_text(page_of(response))
    contact = ContactRecord.objects.get()
    assert contact.breach_already_happened
    assert contact.override_reason == ""

    overrides = visible_text(page_of(client_for(cora).get(reverse("cases:contact-overrides"))))
    assert case.reference in overrides
    assert "Already happened" in overrides
    assert "Recorded after it happened" in overrides
    assert "To follow up" in overrides

    chronology = visible_text(
        page_of(client_for(alice).get(reverse("cases:chronology", args=[case.reference])))
    )
    assert "Did not keep to the plan" in chronology
    assert "Went ahead against the plan" not in chronology


def test_already_happened_with_no_word_of_what_happened_is_asked_for_kindly(
    client_for, alice, case, plan
):
    response = client_for(alice).post(
        reverse("cases:contact-record", kwargs={"reference": case.reference}),
        form_post(recent_weekday_at(11), breach_response="already_happened", notes=""),
    )
    assert "Say what happened and what was said" in visible_text(page_of(response))
    assert not ContactRecord.objects.exists()


def test_choosing_to_go_ahead_still_needs_a_reason_and_is_an_override(
    client_for, alice, cora, case, plan
):
    url = reverse("cases:contact-record", kwargs={"reference": case.reference})
    client = client_for(alice)
    refused = client.post(url, form_post(recent_weekday_at(11), breach_response="override"))
    assert "give a reason for going ahead anyway" in visible_text(page_of(refused))
    assert not ContactRecord.objects.exists()

    reason = "Police asked us to pass on an urgent warning today"
    client.post(
        url, form_post(recent_weekday_at(11), breach_response="override", override_reason=reason)
    )
    contact = ContactRecord.objects.get()
    assert contact.is_override and not contact.breach_already_happened
    assert contact.override_reason == reason
    overrides = visible_text(page_of(client_for(cora).get(reverse("cases:contact-overrides"))))
    assert "Override" in overrides and reason in overrides


def test_the_coordinator_marks_it_followed_up_and_an_officer_cannot(
    client_for, alice, cora, case, plan
):
    contact = record(case, alice)
    url = reverse("cases:contact-override-follow-up", kwargs={"contact_id": contact.pk})
    assert client_for(alice).post(url).status_code == 403
    contact.refresh_from_db()
    assert contact.awaiting_follow_up

    client = client_for(cora)
    assert client.post(url).status_code == 302
    waiting = visible_text(page_of(client.get(reverse("cases:contact-overrides"))))
    assert "Nothing is waiting to be followed up" in waiting
    everything = visible_text(page_of(client.get(reverse("cases:contact-overrides") + "?show=all")))
    assert case.reference in everything and "Followed up" in everything


def test_a_contact_that_kept_to_the_plan_cannot_be_followed_up(client_for, alice, cora, case, plan):
    contact = record(case, alice, channel="phone", outcome="spoke")
    url = reverse("cases:contact-override-follow-up", kwargs={"contact_id": contact.pk})
    assert client_for(cora).post(url).status_code == 404
