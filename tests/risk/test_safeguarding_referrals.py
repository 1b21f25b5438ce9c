"""Safeguarding referrals on the Risk tab: recorded (linked to the case's "referral made"
decision where there is one), their outcome recorded later, each written once to the access log
with no case content, and refused with a specific message when something is missing."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.rules.safeguarding import Kind
from haven.cases.services import safeguarding as safeguarding_services
from haven.risk import services
from haven.risk.models import SafeguardingReferral
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db

AGENCY = "Derby City Council children's services"


@pytest.fixture
def case(alice, cora):
    return make_case(created_by=cora, owner=alice, given_name="Safe")


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


def referral_made(case, actor, kind=Kind.CHILDREN):
    return safeguarding_services.record_decision(
        case,
        safeguarding_services.Decision(
            kind=kind,
            outcome="referral_made",
            referred_on=timezone.localdate() - dt.timedelta(days=2),
            referred_to=AGENCY,
            referral_reference="CS-123",
        ),
        replaces=None,
        actor=actor,
    )


def record(case, actor, **overrides):
    values = {
        "kind": "children",
        "agency": AGENCY,
        "referred_on": timezone.localdate(),
        "reason": "Two children live with the survivor; the perpetrator visits.",
        "reference": "",
    }
    values.update(overrides)
    return services.record_safeguarding_referral(case, actor=actor, **values)


def day(prefix: str, value: dt.date) -> dict:
    return {
        f"{prefix}-day": value.day,
        f"{prefix}-month": value.month,
        f"{prefix}-year": value.year,
    }


# --- Services -------------------------------------------------------------------------------------


def test_a_referral_links_the_referral_made_decision_it_answers(case, alice):
    decision = referral_made(case, alice)
    referral = record(case, alice)
    assert referral.decision == decision
    # Only once: a second referral of the kind is a new one, not the decided one.
    assert record(case, alice).decision is None


def test_a_referral_without_a_referral_made_decision_links_nothing(case, alice):
    safeguarding_services.record_decision(
        case,
        safeguarding_services.Decision(kind=Kind.ADULT, outcome="not_needed", reason="No needs."),
        replaces=None,
        actor=alice,
    )
    referral_made(case, alice)  # children's: not the kind recorded below
    assert record(case, alice, kind="adult").decision is None


def test_recording_a_referral_and_its_outcome_each_log_once_without_content(case, alice):
    before = AuditEvent.objects.count()
    referral = record(case, alice, reference="REF-9")
    services.record_safeguarding_outcome(
        referral,
        outcome="accepted",
        outcome_on=timezone.localdate(),
        outcome_notes="Social worker allocated",
        actor=alice,
    )
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [event.action for event in events] == [
        "risk.safeguarding_referred",
        "risk.safeguarding_outcome_recorded",
    ]
    logged = repr([event.detail for event in events])
    assert "Derby" not in logged and "REF-9" not in logged and "Social worker" not in logged
    referral.refresh_from_db()
    assert referral.outcome == "accepted" and referral.outcome_notes == "Social worker allocated"


def test_an_outcome_before_the_referral_is_refused(case, alice):
    referral = record(case, alice)
    with pytest.raises(ValueError):
        services.record_safeguarding_outcome(
            referral,
            outcome="accepted",
            outcome_on=referral.referred_on - dt.timedelta(days=1),
            outcome_notes="",
            actor=alice,
        )
    referral.refresh_from_db()
    assert referral.outcome == ""


# --- Pages ----------------------------------------------------------------------------------------


def test_the_officer_records_a_referral_and_its_outcome_on_the_risk_tab(case, alice):
    client = signed_in_client(alice)
    today = timezone.localdate()
    response = client.post(
        reverse("risk:safeguarding-add", args=[case.reference]),
        {
            "kind": "adult",
            "agency": "Adult social care",
            "reason": "Care and support needs; cannot protect herself.",
            "reference": "AS-42",
            **day("referred_on", today),
        },
    )
    assert response.status_code == 302
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "Adult social care (reference AS-42)" in tab and "Waiting to hear" in tab
    referral = case.safeguarding_referrals.get()
    client.post(
        reverse("risk:safeguarding-outcome", args=[case.reference, referral.pk]),
        {"outcome": "no_further_action", **day("outcome_on", today)},
    )
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "No further action" in tab and "Waiting to hear" not in tab


def test_a_referral_made_decision_is_offered_prefilled_from_the_case_record(case, alice):
    decision = referral_made(case, alice)
    client = signed_in_client(alice)
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "The case record says a children's safeguarding referral was made" in tab
    form = client.get(reverse("risk:safeguarding-add", args=[case.reference]) + "?kind=children")
    page = html.unescape(form.content.decode())
    assert AGENCY in page and "CS-123" in page
    record(case, alice)
    assert SafeguardingReferral.objects.get().decision == decision
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "The case record says" not in tab


def test_a_referral_missing_the_agency_and_reason_is_refused_and_keeps_what_was_typed(case, alice):
    response = signed_in_client(alice).post(
        reverse("risk:safeguarding-add", args=[case.reference]),
        {"kind": "children", "reference": "KEEP-1", **day("referred_on", timezone.localdate())},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Enter the agency or team the referral was made to" in page
    assert "Enter why the referral was made" in page
    assert 'value="KEEP-1"' in response.content.decode()
    assert not SafeguardingReferral.objects.exists()


def test_an_outcome_dated_before_the_referral_gets_a_specific_error(case, alice):
    referral = record(case, alice, referred_on=timezone.localdate())
    response = signed_in_client(alice).post(
        reverse("risk:safeguarding-outcome", args=[case.reference, referral.pk]),
        {"outcome": "accepted", **day("outcome_on", timezone.localdate() - dt.timedelta(days=3))},
    )
    assert response.status_code == 400
    assert "must be on or after the date of the referral" in text_of(response)


def test_an_officer_outside_the_case_gets_a_404(case, alice, bob):
    referral = record(case, alice)
    client = signed_in_client(bob)
    for url in (
        reverse("risk:safeguarding-add", args=[case.reference]),
        reverse("risk:safeguarding-outcome", args=[case.reference, referral.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"outcome": "accepted"}).status_code == 404
    referral.refresh_from_db()
    assert referral.outcome == ""
