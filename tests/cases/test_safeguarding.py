"""Safeguarding prompts and decisions, as an officer meets them: the warning on the case pages
and in triage, recording a decision, revisiting it, and what the access log says."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import SafeguardingDecision
from haven.cases.rules.safeguarding import Kind
from haven.cases.services import record as record_services
from haven.cases.services import safeguarding as safeguarding_services
from tests.support.factories import make_case

CHILDREN_WARNING = "Children&#39;s safeguarding decision needed"
ADULT_WARNING = "Adult safeguarding decision needed"


def decision_url(case, kind="children"):
    return reverse("cases:safeguarding-decision", args=[case.reference, kind])


def page(client, name, case):
    response = client.get(reverse(name, args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def triage(client):
    response = client.get(reverse("cases:triage") + "?show=all")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def case_with_child(alice, cora):
    case = make_case(created_by=cora, owner=alice, given_name="Rosa")
    record_services.add_household_member(case, {"name": "Mia", "age_years": 6}, actor=alice)
    return case


def not_needed(reason="Children's services already hold a plan for Mia.", replaces=""):
    return {"outcome": "not_needed", "reason": reason, "replaces": replaces}


def test_a_case_without_children_or_needs_shows_no_prompt(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    assert "safeguarding decision needed" not in page(client, "cases:detail", case)


def test_a_child_in_the_household_prompts_on_every_case_tab_and_in_triage(
    case_with_child, alice, client_for
):
    client = client_for(alice)
    for name in ("cases:detail", "cases:manage", "cases:contact", "cases:chronology"):
        html = page(client, name, case_with_child)
        assert CHILDREN_WARNING in html, name
        assert "1 child in the household." in html
        assert decision_url(case_with_child) in html
    row = triage(client)
    assert CHILDREN_WARNING in row


def test_recording_the_decision_clears_the_prompt_and_logs_it(case_with_child, alice, client_for):
    client = client_for(alice)
    response = client.post(decision_url(case_with_child), not_needed())
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case_with_child.reference])

    html = page(client, "cases:detail", case_with_child)
    assert CHILDREN_WARNING not in html
    assert "Referral not needed: Children&#39;s services already hold a plan for Mia." in html
    assert "Decided by Alice Officer" in html
    assert CHILDREN_WARNING not in triage(client)

    decision = SafeguardingDecision.objects.get(case=case_with_child)
    assert decision.decided_by == alice
    event = AuditEvent.objects.get(action="case.safeguarding_decided")
    assert event.object_id == str(case_with_child.pk)
    assert event.detail == {
        "kind": "children",
        "outcome": "not_needed",
        "decision": decision.pk,
        "supersedes": None,
    }
    # The reason is case content: never in the log.
    assert "Mia" not in str(event.detail) + event.reason


def test_a_referral_needs_its_date_and_who_it_went_to(case_with_child, alice, client_for):
    client = client_for(alice)
    response = client.post(
        decision_url(case_with_child),
        {"outcome": "referral_made", "referral_reference": "MASH-1234", "replaces": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the date the referral was made" in html
    assert "Enter who the referral was made to" in html
    assert 'value="MASH-1234"' in html, "what was typed is kept"
    assert not SafeguardingDecision.objects.exists()

    today = timezone.localdate()
    response = client.post(
        decision_url(case_with_child),
        {
            "outcome": "referral_made",
            "referred_on-day": today.day,
            "referred_on-month": today.month,
            "referred_on-year": today.year,
            "referred_to": "Northshire children's services (MASH)",
            "referral_reference": "MASH-1234",
            "replaces": "",
        },
    )
    assert response.status_code == 302
    decision = SafeguardingDecision.objects.get()
    assert decision.referral_made
    assert decision.referred_on == today
    assert decision.referred_to == "Northshire children's services (MASH)"
    assert decision.reason == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select whether a referral has been made"),
        ({"outcome": "not_needed", "reason": "   "}, "Enter why a referral is not needed"),
        ({"outcome": "maybe"}, "Select a valid choice"),
        (
            {
                "outcome": "referral_made",
                "referred_to": "X",
                "referred_on-day": "1",
                "referred_on-month": "1",
                "referred_on-year": "2147483648",
            },
            "Year must include 4 numbers",
        ),
        (
            {
                "outcome": "referral_made",
                "referred_to": "X",
                "referred_on-day": "2147483648",
                "referred_on-month": "1",
                "referred_on-year": "2026",
            },
            "Date the referral was made must be a real date",
        ),
        (
            {
                "outcome": "referral_made",
                "referred_to": "X",
                "referred_on-day": "1",
                "referred_on-month": "1",
                "referred_on-year": str(timezone.localdate().year + 1),
            },
            "Date the referral was made must be today or in the past",
        ),
        ({"outcome": "not_needed", "reason": "x", "replaces": "abc"}, "Open the safeguarding"),
    ],
)
def test_bad_answers_get_a_specific_message_and_nothing_is_saved(
    data, message, case_with_child, alice, client_for
):
    response = client_for(alice).post(decision_url(case_with_child), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SafeguardingDecision.objects.exists()


def test_a_new_decision_supersedes_the_last_and_the_history_is_kept(
    case_with_child, alice, cora, client_for
):
    client_for(alice).post(decision_url(case_with_child), not_needed("First look: not needed."))
    first = SafeguardingDecision.objects.get()
    client = client_for(cora)
    form = client.get(decision_url(case_with_child)).content.decode()
    assert f'name="replaces" type="hidden" value="{first.pk}"' in form or (
        f'value="{first.pk}"' in form
    )
    assert "First look: not needed." in form, "the decision in force is shown"

    today = timezone.localdate()
    response = client.post(
        decision_url(case_with_child),
        {
            "outcome": "referral_made",
            "referred_on-day": today.day,
            "referred_on-month": today.month,
            "referred_on-year": today.year,
            "referred_to": "Northshire MASH",
            "replaces": str(first.pk),
        },
    )
    assert response.status_code == 302
    second = SafeguardingDecision.objects.exclude(pk=first.pk).get()
    assert second.supersedes == first
    assert safeguarding_services.current_decisions(case_with_child)["children"] == second

    html = page(client, "cases:detail", case_with_child)
    assert "Referral made on" in html and "Northshire MASH" in html
    assert "It replaced 1 earlier decision." in html
    history = client.get(decision_url(case_with_child)).content.decode()
    assert "Earlier decisions" in history
    assert "First look: not needed." in history
    event = AuditEvent.objects.filter(action="case.safeguarding_decided").last()
    assert event.detail["supersedes"] == first.pk


def test_a_decision_recorded_meanwhile_is_shown_not_overwritten(
    case_with_child, alice, cora, client_for
):
    # Both open the form with no decision recorded; Cora saves first.
    client_for(cora).post(decision_url(case_with_child), not_needed("Cora's reason."))
    response = client_for(alice).post(decision_url(case_with_child), not_needed("Alice's reason."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else recorded a decision since you opened this page" in html
    assert "Cora&#39;s reason." in html, "their decision is shown"
    assert "Alice&#39;s reason." in html, "what she typed is kept"
    assert SafeguardingDecision.objects.count() == 1

    # Saving again, having seen it, replaces it.
    current = SafeguardingDecision.objects.get()
    response = client_for(alice).post(
        decision_url(case_with_child), not_needed("Alice's reason.", replaces=str(current.pk))
    )
    assert response.status_code == 302
    assert SafeguardingDecision.objects.count() == 2


def test_the_service_refuses_a_stale_decision(case_with_child, alice):
    decision = safeguarding_services.Decision(Kind.CHILDREN, "not_needed", reason="Checked.")
    safeguarding_services.record_decision(case_with_child, decision, replaces=None, actor=alice)
    with pytest.raises(safeguarding_services.DecisionChanged):
        safeguarding_services.record_decision(case_with_child, decision, replaces=None, actor=alice)
    with pytest.raises(ValueError, match="why a referral is not needed"):
        safeguarding_services.record_decision(
            case_with_child,
            safeguarding_services.Decision(Kind.CHILDREN, "not_needed"),
            replaces=None,
            actor=alice,
        )


def test_care_and_support_needs_prompt_for_adult_safeguarding(alice, cora, client_for):
    case = make_case(
        created_by=cora, owner=alice, date_of_birth=dt.date(1950, 5, 1), given_name="Edna"
    )
    client = client_for(alice)
    assert ADULT_WARNING not in page(client, "cases:detail", case)
    survivor = case.survivor
    record_services.update_record(
        survivor,
        {"eq_disability": "yes"},
        expected_version=survivor.version,
        actor=alice,
        case=case,
        action="case.equality_updated",
    )
    html = page(client, "cases:detail", case)
    assert ADULT_WARNING in html
    assert "and has a disability recorded." in html
    assert ADULT_WARNING in triage(client)
    response = client.post(
        decision_url(case, "adult"),
        not_needed("Edna has capacity and asked us not to refer; support in place."),
    )
    assert response.status_code == 302
    assert ADULT_WARNING not in page(client, "cases:detail", case)


def test_an_unknown_kind_is_not_found(case_with_child, alice, client_for):
    response = client_for(alice).get(decision_url(case_with_child, "pets"))
    assert response.status_code == 404


def test_an_officer_outside_the_case_cannot_record_a_decision(case_with_child, bob, client_for):
    response = client_for(bob).post(decision_url(case_with_child), not_needed())
    assert response.status_code == 404
    assert not SafeguardingDecision.objects.exists()


def test_a_case_with_decisions_can_still_be_deleted_whole(case_with_child, alice):
    # Retention deletes a case with everything on it; the chain of decisions must not stop it.
    decision = safeguarding_services.Decision(Kind.CHILDREN, "not_needed", reason="Checked.")
    first = safeguarding_services.record_decision(
        case_with_child, decision, replaces=None, actor=alice
    )
    safeguarding_services.record_decision(case_with_child, decision, replaces=first.pk, actor=alice)
    case_with_child.delete()
    assert not SafeguardingDecision.objects.exists()
