"""Safeguarding referrals in the case's chronology: the referral made (to whom, which agency,
the day) and each outcome as it was recorded; never why it was made, nor the notes, which stay
on the Risk tab (as a MARAC referral's card gives its facts, not its narrative)."""

import datetime as dt
import html

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.audit.services import record_event
from haven.cases.services import chronology as chronology_services
from haven.risk import services
from haven.risk.models import SafeguardingOutcomeRecord, SafeguardingReferral
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client
from tests.support.processes import migrate_to_latest

pytestmark = pytest.mark.django_db

REFERRED = dt.date(2026, 10, 5)


def chronology_of(case, user) -> str:
    response = signed_in_client(user).get(reverse("cases:chronology", args=[case.reference]))
    return html.unescape(visible_text(response.content.decode()))


@pytest.fixture
def case(alice, cora):
    return make_case(created_by=cora, owner=alice, given_name="Chronicled")


def refer(case, alice):
    return services.record_safeguarding_referral(
        case,
        kind="children",
        agency="Derby children's services",
        referred_on=REFERRED,
        reason="Two children witnessed the assault on Saturday",
        reference="CS-4411",
        actor=alice,
    )


def test_the_referral_made_is_an_entry_dated_the_day_it_was_made(case, alice):
    referral = refer(case, alice)
    assert referral.entry.kind == "safeguard_referral" and referral.entry.case == case
    page = chronology_of(case, alice)
    assert "Safeguarding referral: 5 October 2026" in page
    assert "Children's social care" in page and "Derby children's services" in page
    # What was said, and the agency's reference, stay on the Risk tab.
    assert "witnessed the assault" not in page and "CS-4411" not in page


def test_each_outcome_recorded_is_an_entry_of_its_own(case, alice):
    referral = refer(case, alice)
    services.record_safeguarding_outcome(
        referral,
        outcome="signposted",
        outcome_on=REFERRED + dt.timedelta(days=6),
        outcome_notes="Signposted to the family hub; they will call the survivor",
        actor=alice,
    )
    services.record_safeguarding_outcome(
        referral,
        outcome="accepted",
        outcome_on=REFERRED + dt.timedelta(days=20),
        outcome_notes="",
        actor=alice,
    )
    records = list(SafeguardingOutcomeRecord.objects.order_by("outcome_on"))
    assert [r.outcome for r in records] == ["signposted", "accepted"]
    referral.refresh_from_db()
    assert referral.outcome == "accepted"  # the Risk tab shows the latest
    page = chronology_of(case, alice)
    assert "Safeguarding referral outcome: 11 October 2026" in page
    assert "Signposted to other support" in page
    assert "Safeguarding referral outcome: 25 October 2026" in page
    assert "Accepted: the agency is acting on it" in page
    assert "Children's social care, Derby children's services, made 5 October 2026" in page
    assert "family hub" not in page
    # The chronology's filter offers the new kinds.
    kinds = dict(chronology_services.kind_choices())
    assert kinds["safeguard_referral"] == "Safeguarding referral"
    assert kinds["safeguard_outcome"] == "Safeguarding referral outcome"


def test_a_correction_of_a_risk_entry_shows_what_it_says(case, alice):
    referral = refer(case, alice)
    chronology_services.correct_entry(
        referral.entry, actor=alice, text="The referral was made by phone, not online"
    )
    page = chronology_of(case, alice)
    assert "The referral was made by phone, not online" in page


def test_the_chronology_costs_the_same_queries_with_more_referrals(case, alice):
    client = signed_in_client(alice)
    url = reverse("cases:chronology", args=[case.reference])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        referral = refer(case, alice)
        services.record_safeguarding_outcome(
            referral, outcome="accepted", outcome_on=REFERRED, outcome_notes="", actor=alice
        )
        few = count()
        for _ in range(5):
            referral = refer(case, alice)
            services.record_safeguarding_outcome(
                referral, outcome="other", outcome_on=REFERRED, outcome_notes="", actor=alice
            )
        assert count() == few


# --- Referrals recorded before they had entries ------------------------------------------------


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def _fresh_model_caches():
    yield
    django_apps.clear_cache()


@pytest.mark.usefixtures("_fresh_model_caches")
@pytest.mark.django_db(transaction=True)
def test_referrals_recorded_before_get_their_entries_as_they_were_recorded(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    try:
        old = _migrate([("risk", "0003_marac_action_in_progress")])
        Referral = old.get_model("risk", "SafeguardingReferral")
        recorded = timezone.make_aware(dt.datetime(2026, 10, 6, 9, 30))
        common = {
            "case_id": case.pk,
            "kind": "children",
            "agency": "Derby children's services",
            "referred_on": REFERRED,
            "reason": "Synthetic",
            "recorded_by_id": alice.pk,
            "recorded_at": recorded,
        }
        waiting = Referral.objects.create(**common)
        answered = Referral.objects.create(
            **common, outcome="no_further_action", outcome_on=dt.date(2026, 10, 20)
        )
        record_event(
            "risk.safeguarding_outcome_recorded",
            actor=cora,
            target=case,
            detail={"referral": answered.pk, "outcome": "no_further_action"},
        )

        migrate_to_latest()
        waiting = SafeguardingReferral.objects.get(pk=waiting.pk)
        assert waiting.entry.kind == "safeguard_referral"
        assert waiting.entry.recorded_at == recorded and waiting.entry.recorded_by == alice
        assert timezone.localtime(waiting.entry.occurred_at).date() == REFERRED
        assert not waiting.outcome_records.exists()
        outcome = SafeguardingReferral.objects.get(pk=answered.pk).outcome_records.get()
        # Who recorded the outcome is what the access log says.
        assert (outcome.outcome, outcome.recorded_by) == ("no_further_action", cora)
        assert outcome.entry.kind == "safeguard_outcome"
        assert timezone.localtime(outcome.entry.occurred_at).date() == dt.date(2026, 10, 20)
    finally:
        migrate_to_latest()
