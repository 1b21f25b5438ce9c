"""Support's services: the lock-change clock and its breaches, plans and reviews by risk level,
what is due across a bank holiday, alerts that never reveal a case, and reminders."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.platform import registries
from haven.support import reminders, services
from haven.support.models import Property, SecurityRequest
from tests.support.factories import make_case

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY_MORNING = dt.datetime(2026, 8, 28, 9, 0, tzinfo=LONDON)  # before the August bank holiday


@pytest.fixture
def case(alice, cora):
    return make_case(created_by=cora, owner=alice, given_name="Jodie", family_name="Marsh")


def lock_change(case, officer, at):
    return services.request_security(case, kind="lock_change", requested_at=at, actor=officer)


# --- Securing the home ---------------------------------------------------------------------


def test_a_lock_change_is_due_on_the_configured_clock(case, alice, settings):
    settings.HAVEN_LOCK_CHANGE_HOURS = 48
    asked = timezone.now() - dt.timedelta(hours=1)

    item = lock_change(case, alice, asked)
    other = services.request_security(case, kind="alarm", requested_at=asked, actor=alice)

    assert item.due_at == asked + dt.timedelta(hours=48)
    assert other.due_at is None  # only a lock change runs against the clock


def test_completion_before_the_request_is_refused_and_nothing_is_saved(case, alice):
    asked = timezone.now() - dt.timedelta(hours=5)
    item = lock_change(case, alice, asked)

    with pytest.raises(services.SupportError, match="after it was asked for"):
        services.complete_security(
            item, completed_at=asked - dt.timedelta(hours=1), keys_recovered="yes", actor=alice
        )

    assert SecurityRequest.objects.get(pk=item.pk).completed_at is None


def test_a_completion_after_26_hours_is_a_breach_seen_by_the_coordinator(case, alice, cora):
    asked = timezone.now() - dt.timedelta(hours=30)
    item = lock_change(case, alice, asked)

    done = services.complete_security(
        item, completed_at=asked + dt.timedelta(hours=26), keys_recovered="no", actor=alice
    )

    assert done.breached
    event = AuditEvent.objects.filter(action="support.security_completed").get()
    assert event.detail == {"kind": "lock_change", "within_clock": False, "keys_recovered": "no"}
    breached = services.lock_changes(case.__class__.objects.all(), breached_only=True)
    assert [i.pk for i in breached] == [item.pk]


def test_a_lock_change_done_in_time_is_not_on_the_coordinators_list(case, alice):
    asked = timezone.now() - dt.timedelta(hours=10)
    item = lock_change(case, alice, asked)
    services.complete_security(
        item, completed_at=asked + dt.timedelta(hours=3), keys_recovered="yes", actor=alice
    )

    assert not services.lock_changes(case.__class__.objects.all()).exists()


def test_unfinished_security_work_blocks_closure_until_done(case, alice):
    asked = timezone.now() - dt.timedelta(hours=1)
    item = services.request_security(case, kind="letterbox", requested_at=asked, actor=alice)

    blocked = lifecycle_services.closure_blockers_found(case)
    services.complete_security(
        item, completed_at=timezone.now(), keys_recovered="unknown", actor=alice
    )
    cleared = lifecycle_services.closure_blockers_found(case)

    assert any("letterbox protection" in s for s in blocked[1])
    assert not any("letterbox" in s for s in cleared[0] + cleared[1])


# --- Action plans and reviews ----------------------------------------------------------------


def test_a_plan_with_no_risk_level_is_reviewed_on_the_default_interval(case, alice, settings):
    settings.HAVEN_REVIEW_WEEKS_UNKNOWN = 3

    plan = services.agree_plan(case, agreed_on=dt.date(2026, 9, 7), actor=alice)

    assert (plan.review_weeks, plan.risk_level) == (3, "")
    assert plan.next_review_on == dt.date(2026, 9, 28)


def test_a_plan_follows_the_risk_level_a_registered_source_knows(case, alice):
    source = registries.RiskLevelSource("test", lambda c: "high" if c.pk == case.pk else None)

    with registries.risk_levels.temporarily(source):
        plan = services.agree_plan(case, agreed_on=dt.date(2026, 9, 7), actor=alice)

    assert (plan.review_weeks, plan.risk_level) == (2, "high")
    assert plan.next_review_on == dt.date(2026, 9, 21)


def test_a_review_sets_the_next_one_from_the_level_known_now(case, alice):
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 9, 7), actor=alice)
    source = registries.RiskLevelSource("test", lambda c: "standard")

    with registries.risk_levels.temporarily(source):
        services.review_plan(
            plan, reviewed_on=dt.date(2026, 9, 21), with_survivor=True, notes="", actor=alice
        )

    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2026, 11, 16)  # 8 weeks on


@pytest.fixture
def due_across_the_bank_holiday(case, alice, bob, settings):
    """Plans and actions due either side of Monday 31 August 2026, a bank holiday."""
    settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS = 1
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 8, 3), actor=alice)
    plan.next_review_on = dt.date(2026, 9, 1)  # Tuesday, the first working day after it
    plan.save()
    due = {}
    for label, day in (
        ("thursday", dt.date(2026, 8, 27)),
        ("holiday", dt.date(2026, 8, 31)),
        ("tuesday", dt.date(2026, 9, 1)),
        ("wednesday", dt.date(2026, 9, 2)),
    ):
        due[label] = services.add_action(
            plan, what=f"Action {label}", owner_kind="officer", agency="", due_on=day, actor=alice
        )
    return plan, due


def test_on_the_friday_before_a_bank_holiday_my_lists_reach_tuesday(
    case, alice, due_across_the_bank_holiday
):
    plan, _due = due_across_the_bank_holiday
    mine = case.__class__.objects.filter(owner=alice)

    with time_machine.travel(FRIDAY_MORNING, tick=False):
        reviews = list(services.reviews_due(mine, timezone.localdate()))
        actions = list(services.actions_due(mine, timezone.localdate()))

    assert reviews == [plan]
    assert [a.what for a in actions] == ["Action thursday", "Action holiday", "Action tuesday"]


def test_on_an_ordinary_thursday_tuesday_is_not_yet_due(case, alice, due_across_the_bank_holiday):
    mine = case.__class__.objects.filter(owner=alice)

    with time_machine.travel(dt.datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        assert not services.reviews_due(mine, timezone.localdate()).exists()


def test_overdue_actions_and_a_late_review_block_closure(case, alice):
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 1, 5), actor=alice)
    services.add_action(
        plan,
        what="Referral",
        owner_kind="officer",
        agency="",
        due_on=dt.date(2026, 2, 1),
        actor=alice,
    )

    with time_machine.travel(dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), tick=False):
        _, unfinished = lifecycle_services.closure_blockers_found(case)

    assert "1 action on the plan is overdue" in unfinished
    assert any(s.startswith("the action plan was due a review") for s in unfinished)


def test_reminders_carry_only_the_reference_and_a_link(case, alice, settings):
    settings.HAVEN_SITE_URL = "https://haven.example.org"
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 8, 3), actor=alice)
    services.add_action(
        plan,
        what="Secret: collect the children's passports from Mark",
        owner_kind="officer",
        agency="",
        due_on=timezone.localdate(),
        actor=alice,
    )

    call_command("send_support_reminders", stdout=io.StringIO())

    [message] = mail.outbox
    assert message.to == [alice.email]
    assert f"https://haven.example.org/support/cases/{case.reference}/" in message.body
    for content in ("Jodie", "Marsh", "passports", "Mark", "abuse"):
        assert content not in message.body and content not in message.subject
    assert AuditEvent.objects.filter(action="support.reminders_sent").get().detail == {
        "officers": 1,
        "cases": 1,
    }


def test_no_reminder_for_someone_with_nothing_due(case, alice):
    services.agree_plan(case, agreed_on=timezone.localdate(), actor=alice)

    assert reminders.references_due(timezone.localdate()) == {}


# --- Alerts ---------------------------------------------------------------------------------


def _alert(case, officer, contact, reference="PR-100"):
    return services.add_alert(
        case,
        reference=reference,
        address="12 Elm Road, Derby",
        postcode="DE1 2AB",
        kind="contact_first",
        contact=contact,
        review_on=timezone.localdate() + dt.timedelta(days=30),
        actor=officer,
    )


@pytest.mark.parametrize(
    "contact",
    ["Jodie on 07700 900123", "Tenancy Services re domestic abuse", "Ask about {reference}"],
)
def test_an_alert_that_would_reveal_the_case_cannot_be_created(case, alice, contact):
    with pytest.raises(services.SupportError):
        _alert(case, alice, contact.format(reference=case.reference))

    assert not Property.objects.exists()


def test_a_property_is_found_by_reference_or_postcode_and_every_look_up_logged(case, alice, sam):
    _alert(case, alice, "Tenancy Services, 0345 000 0000")

    by_reference = services.look_up_property("pr-100", actor=sam)
    by_postcode = services.look_up_property("de12ab", actor=sam)
    nothing = services.look_up_property("PR-999", actor=sam)

    assert [p.reference for p in by_reference] == ["PR-100"]
    assert [p.reference for p in by_postcode] == ["PR-100"]
    assert nothing == []
    events = AuditEvent.objects.filter(action="support.property_looked_up", actor=sam)
    assert [e.detail for e in events.order_by("pk")] == [
        {"by": "reference", "found": 1},
        {"by": "postcode", "found": 1},
        {"by": "", "found": 0},
    ]


def test_a_property_whose_alerts_ended_answers_like_any_other(case, alice, sam):
    alert = _alert(case, alice, "Tenancy Services, 0345 000 0000")
    services.end_alert(alert, ended_on=timezone.localdate(), actor=alice)

    assert services.look_up_property("PR-100", actor=sam) == []


def test_the_address_is_encrypted_at_rest(case, alice):
    from django.db import connection

    _alert(case, alice, "Tenancy Services, 0345 000 0000")

    with connection.cursor() as cursor:
        cursor.execute("SELECT address, postcode, reference FROM support_property")
        row = cursor.fetchone()
    assert "Elm Road" not in row[0] and "DE1" not in row[1] and "PR-100" not in row[2]


# --- Perpetrators -----------------------------------------------------------------------------


def test_an_action_against_a_perpetrator_needs_the_survivors_wishes(case, alice):
    with pytest.raises(services.SupportError, match="wishes"):
        services.start_perpetrator_action(
            case,
            kind="injunction",
            ground="",
            survivor_wishes="  ",
            wishes_recorded_on=timezone.localdate(),
            started_on=None,
            court_date=None,
            notes="",
            actor=alice,
        )

    assert not case.perpetrator_actions.exists()


def test_an_alert_may_not_name_the_perpetrator(case, alice):
    record_services.add_perpetrator(case, {"name": "Mark Bellamy"}, actor=alice)

    with pytest.raises(services.SupportError, match="name"):
        _alert(case, alice, "Tenancy Services; beware of Bellamy")


def test_the_coordinator_is_reminded_of_a_lock_change_past_the_clock(case, alice, cora):
    lock_change(case, alice, timezone.now() - dt.timedelta(hours=30))

    due = reminders.references_due(timezone.localdate())

    assert due == {cora.pk: [case.reference]}
    body = reminders.reminder_body(cora, due[cora.pk])
    assert case.reference in body and "Jodie" not in body


def test_an_officer_is_reminded_of_a_court_date_coming_up(case, alice):
    services.start_perpetrator_action(
        case,
        kind="injunction",
        ground="",
        survivor_wishes="She wants an injunction to keep him away.",
        wishes_recorded_on=timezone.localdate(),
        started_on=timezone.localdate(),
        court_date=timezone.localdate(),
        notes="",
        actor=alice,
    )

    assert reminders.references_due(timezone.localdate()) == {alice.pk: [case.reference]}


def test_a_look_up_of_nothing_that_counts_finds_nothing(case, alice, sam):
    services.add_alert(
        case,
        reference="PR-NOPOST",
        address="Flat 2, Yew Court, Derby",
        postcode="",
        kind="do_not_disclose",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=60),
        actor=alice,
    )

    assert services.look_up_property("- -", actor=sam) == []
    assert [p.reference for p in services.look_up_property("pr nopost", actor=sam)] == ["PR-NOPOST"]
