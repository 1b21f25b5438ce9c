"""Support in the case chronology: every step (work to secure the home asked for and done, the
clock's breach, the plan agreed and reviewed, actions, alerts, rehousing, action against a
perpetrator) is an entry, worded with kinds and dates only, and the new address after a move
never appears there."""

import datetime as dt
import html
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.models import ChronologyEntry
from haven.cases.services import chronology as chronology_services
from haven.cases.services import record as record_services
from haven.lib.dates import format_date, format_datetime
from haven.support import chronology, services
from haven.support.models import (
    PerpetratorAction,
    PerpetratorBreach,
    RehousingOption,
    RehousingPlan,
    RehousingProgress,
    SecurityRequest,
    SupportEntry,
)
from tests.support.factories import make_case
from tests.support.html import visible_text

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_ADDRESS = "Flat 4, 17 Larch Close, Belper DE56 1QT"


def steps(case) -> list[tuple[str, str, str]]:
    """(kind, event, what) of the case's support entries, in the order they were written."""
    return [
        (e.kind, e.support_entry.event, e.support_entry.what)
        for e in ChronologyEntry.objects.filter(case=case, support_entry__isnull=False).order_by(
            "pk"
        )
    ]


def facts_of(case, event: str) -> dict[str, str]:
    return dict(SupportEntry.objects.get(entry__case=case, event=event).facts)


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


# --- The wording, as pure functions ----------------------------------------------------------


@given(
    asked=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
        timezones=st.just(LONDON),
    ),
    clock_hours=st.integers(min_value=1, max_value=72),
    minutes_taken=st.integers(min_value=0, max_value=7 * 24 * 60),
)
def test_a_lock_change_done_says_whether_it_beat_the_clock_and_when_it_was_due(
    asked, clock_hours, minutes_taken
):
    due = asked + dt.timedelta(hours=clock_hours)
    item = SecurityRequest(
        kind="lock_change",
        requested_at=asked,
        due_at=due,
        completed_at=asked + dt.timedelta(minutes=minutes_taken),
    )

    step = chronology.security_completed(item)

    clock = dict(step.facts)["Clock"]
    in_time = minutes_taken <= clock_hours * 60
    assert clock.startswith("Done in time" if in_time else "Done after the clock ran out")
    assert clock.endswith(format_datetime(due))
    assert step.occurred_at == item.completed_at and step.what == "Lock change done"


def test_other_work_has_no_clock():
    asked = dt.datetime(2026, 9, 1, 10, 0, tzinfo=LONDON)
    item = SecurityRequest(kind="alarm", requested_at=asked, completed_at=asked)

    assert "Clock" not in dict(chronology.security_completed(item).facts)
    assert chronology.security_requested(item).facts == ()


addresses = st.from_regex(
    r"[1-9][0-9]{0,2} [A-Z][a-z]{3,9} (Road|Close|Way), [A-Z]{2}[0-9]{1,2} [0-9][A-Z]{2}",
    fullmatch=True,
)
progress = st.sampled_from(RehousingProgress.values)
options = st.lists(st.sampled_from(RehousingOption.values), unique=True)


@given(
    address=addresses,
    avoid=addresses,
    before_progress=progress,
    after_progress=progress,
    before_options=options,
    after_options=options,
    chosen=st.sampled_from(["", *RehousingOption.values]),
    moved_on=st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), dt.date(2030, 1, 1))),
)
def test_no_rehousing_step_ever_carries_the_new_address_or_the_areas_to_avoid(
    address, avoid, before_progress, after_progress, before_options, after_options, chosen, moved_on
):
    before = {"options_considered": before_options, "chosen": "", "progress": before_progress}
    plan = RehousingPlan(
        options_considered=after_options,
        chosen=chosen,
        progress=after_progress,
        new_address=address,
        areas_to_avoid=avoid,
        reasons_notes=f"Near {avoid}",
        moved_on=moved_on,
    )

    found = chronology.rehousing_changed(before, plan, timezone.now())

    words = " ".join(s.what + " " + " ".join(v for fact in s.facts for v in fact) for s in found)
    assert address not in words and avoid not in words
    assert ("rehousing_choice" in [s.event for s in found]) == bool(chosen)
    assert ("rehousing_options" in [s.event for s in found]) == bool(
        set(after_options) - set(before_options)
    )


def test_a_move_is_dated_by_the_day_of_the_move():
    before = {"options_considered": [], "chosen": "", "progress": "offered"}
    plan = RehousingPlan(progress="moved", moved_on=dt.date(2026, 10, 5), new_address=NEW_ADDRESS)

    [outcome] = chronology.rehousing_changed(before, plan, timezone.now())

    assert (outcome.event, outcome.what, outcome.by_day) == (
        "rehousing_outcome",
        "Outcome: Moved",
        True,
    )
    assert timezone.localdate(outcome.occurred_at) == dt.date(2026, 10, 5)


def test_a_breach_is_dated_by_the_day_it_happened_and_says_if_the_police_were_told():
    action = PerpetratorAction(kind="injunction")
    breach = PerpetratorBreach(
        action=action, occurred_on=dt.date(2026, 9, 3), reported_to_police=True, notes="He came"
    )

    step = chronology.breach_logged(breach)

    assert step.by_day and timezone.localdate(step.occurred_at) == dt.date(2026, 9, 3)
    assert dict(step.facts)["Reported to the police"] == "Yes"
    assert "He came" not in str(step)


# --- Written by the services ----------------------------------------------------------------


@pytest.fixture
def case(alice, cora):
    case = make_case(created_by=cora, owner=alice, given_name="Jodie", family_name="Marsh")
    record_services.add_perpetrator(case, {"name": "Mark Bellamy"}, actor=alice)
    return case


@pytest.mark.django_db
def test_a_lock_change_done_26_hours_on_is_in_the_chronology_as_a_breach(case, alice):
    asked = timezone.now() - dt.timedelta(hours=30)
    item = services.request_security(
        case, kind="lock_change", requested_at=asked, actor=alice, notes="Back door too"
    )
    services.complete_security(
        item, completed_at=asked + dt.timedelta(hours=26), keys_recovered="no", actor=alice
    )

    assert steps(case) == [
        ("support_security", "security_requested", "Lock change asked for"),
        ("support_security", "security_completed", "Lock change done"),
    ]
    assert facts_of(case, "security_requested") == {"To be done by": format_datetime(item.due_at)}
    assert facts_of(case, "security_completed")["Clock"].startswith("Done after the clock ran out")
    assert not SupportEntry.objects.filter(what__contains="Back door").exists()


@pytest.mark.django_db
def test_a_refused_completion_puts_nothing_in_the_chronology(case, alice):
    asked = timezone.now() - dt.timedelta(hours=2)
    item = services.request_security(case, kind="lock_change", requested_at=asked, actor=alice)

    with pytest.raises(services.SupportError):
        services.complete_security(
            item, completed_at=asked - dt.timedelta(hours=1), keys_recovered="yes", actor=alice
        )

    assert [event for _, event, _ in steps(case)] == ["security_requested"]


@pytest.mark.django_db
def test_the_plan_its_actions_and_reviews_are_in_the_chronology_by_the_day(case, alice):
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 9, 7), actor=alice)
    action = services.add_action(
        plan,
        what="Collect the children's passports",
        owner_kind="officer",
        agency="",
        due_on=dt.date(2026, 9, 14),
        actor=alice,
    )
    services.update_action(
        action, status="open", outcome="Asked", completed_on=None, actor=alice
    )  # no step: still to do
    services.update_action(
        action, status="done", outcome="Done", completed_on=dt.date(2026, 9, 10), actor=alice
    )
    services.review_plan(
        plan, reviewed_on=dt.date(2026, 9, 21), with_survivor=True, notes="Fine", actor=alice
    )

    assert [(event, what) for _, event, what in steps(case)] == [
        ("plan_agreed", "Action plan agreed with the survivor"),
        ("action_added", "Action added to the plan"),
        ("action_done", "Action on the plan done"),
        ("plan_reviewed", "Action plan reviewed with the survivor"),
    ]
    done = SupportEntry.objects.get(event="action_done")
    assert done.by_day and timezone.localdate(done.entry.occurred_at) == dt.date(2026, 9, 10)
    assert facts_of(case, "plan_agreed") == {"First review due by": "21 September 2026"}
    assert facts_of(case, "action_added") == {"Due": "14 September 2026"}
    assert facts_of(case, "plan_reviewed") == {"Next review due by": "5 October 2026"}
    assert not SupportEntry.objects.filter(what__icontains="passports").exists()


@pytest.mark.django_db
def test_an_alert_is_in_the_chronology_without_the_address_contact_or_reference(case, alice):
    alert = services.add_alert(
        case,
        reference="PR-4471",
        address="12 Elm Road, Derby",
        postcode="DE1 2AB",
        kind="do_not_disclose",
        contact="Tenancy Services, 0345 000 0000",
        review_on=dt.date(2026, 12, 1),
        actor=alice,
    )
    services.end_alert(alert, ended_on=timezone.localdate(), actor=alice)

    assert [event for _, event, _ in steps(case)] == ["alert_added", "alert_ended"]
    assert facts_of(case, "alert_added") == {
        "Alert": "Do not disclose this address to anyone",
        "Review by": "1 December 2026",
    }
    written = str(list(SupportEntry.objects.values_list("what", "facts")))
    for secret in ("Elm Road", "DE1", "PR-4471", "0345"):
        assert secret not in written


def rehousing(**values):
    return {
        "options_considered": [],
        "chosen": "",
        "reasons": [],
        "reasons_notes": "",
        "areas_to_avoid": "",
        "progress": "considering",
        "outcome_notes": "",
        "new_address": "",
        "moved_on": None,
        **values,
    }


@pytest.mark.django_db
def test_rehousing_options_choice_and_move_are_in_the_chronology_never_the_address(
    case, alice, client_for
):
    services.save_rehousing(
        case,
        rehousing(options_considered=["management_transfer", "out_of_area"]),
        actor=alice,
    )
    services.save_rehousing(
        case,
        rehousing(
            options_considered=["management_transfer", "out_of_area"],
            chosen="management_transfer",
            reasons=["school", "work"],
            reasons_notes="Her son's school is on Elm Road",
            areas_to_avoid="Allenton, where he works",
        ),
        actor=alice,
    )
    services.save_rehousing(
        case,
        rehousing(
            options_considered=["management_transfer", "out_of_area"],
            chosen="management_transfer",
            progress="moved",
            new_address=NEW_ADDRESS,
            moved_on=timezone.localdate(),
        ),
        actor=alice,
    )

    assert [(event, what) for _, event, what in steps(case)] == [
        ("rehousing_options", "Rehousing options considered"),
        ("rehousing_choice", "The survivor's choice recorded"),
        ("rehousing_outcome", "Outcome: Moved"),
    ]
    assert facts_of(case, "rehousing_choice") == {"Choice": "Management transfer"}
    page = text_of(client_for(alice).get(reverse("cases:chronology", args=[case.reference])))
    assert "Outcome: Moved" in page and "Management transfer" in page
    for secret in ("Larch Close", "DE56", "Allenton", "Elm Road"):
        assert secret not in page
        assert secret not in str(list(SupportEntry.objects.values_list("what", "facts")))


@pytest.mark.django_db
def test_action_against_a_perpetrator_court_dates_and_breaches_are_in_the_chronology(case, alice):
    action = services.start_perpetrator_action(
        case,
        kind="injunction",
        ground="",
        survivor_wishes="She wants him kept away from the school",
        wishes_recorded_on=dt.date(2026, 9, 1),
        started_on=None,
        court_date=None,
        notes="",
        actor=alice,
    )
    services.update_perpetrator_action(
        action, status="in_court", court_date=dt.date(2026, 10, 12), actor=alice
    )
    services.log_breach(
        action, occurred_on=dt.date(2026, 10, 20), reported_to_police=False, notes="", actor=alice
    )

    events = [event for _, event, _ in steps(case)]
    assert events == [
        "perpetrator_planned",
        "perpetrator_started",
        "perpetrator_status",
        "court_date",
        "breach",
    ]
    assert facts_of(case, "court_date") == {
        "Action": "Civil injunction (Anti-social Behaviour, Crime and Policing Act 2014)",
        "Court date": "12 October 2026",
    }
    assert facts_of(case, "perpetrator_planned")["Survivor's wishes recorded"] == "1 September 2026"
    assert SupportEntry.objects.get(event="perpetrator_status").what == "Now in court"
    assert not SupportEntry.objects.filter(what__icontains="school").exists()
    # Saving it again unchanged adds nothing.
    services.update_perpetrator_action(
        PerpetratorAction.objects.get(pk=action.pk),
        status="in_court",
        court_date=dt.date(2026, 10, 12),
        actor=alice,
    )
    assert len(steps(case)) == len(events)


# --- On the chronology page -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_chronology_shows_the_breach_and_filters_to_securing_the_home(case, alice, client_for):
    asked = timezone.now() - dt.timedelta(hours=30)
    item = services.request_security(case, kind="lock_change", requested_at=asked, actor=alice)
    services.complete_security(
        item, completed_at=asked + dt.timedelta(hours=26), keys_recovered="no", actor=alice
    )
    services.agree_plan(case, agreed_on=timezone.localdate(), actor=alice)
    client = client_for(alice)
    chronology_url = reverse("cases:chronology", args=[case.reference])

    everything = text_of(client.get(chronology_url))
    security = text_of(client.get(chronology_url, {"kind": "support_security"}))

    assert "Securing the home:" in everything and "Action plan:" in everything
    assert "Done after the clock ran out" in security
    assert "Action plan agreed" not in security
    # Dated by the day: the plan's card shows the date alone.
    assert f"Action plan: {format_date(timezone.localdate())} " in everything


@pytest.mark.django_db
def test_a_support_entry_can_be_corrected_and_shows_the_correction(case, alice, client_for):
    services.agree_plan(case, agreed_on=timezone.localdate(), actor=alice)
    entry = ChronologyEntry.objects.get(case=case, kind="support_plan")

    chronology_services.correct_entry(
        entry, actor=alice, text="The plan was agreed by phone", request=None
    )

    page = text_of(client_for(alice).get(reverse("cases:chronology", args=[case.reference])))
    assert "The plan was agreed by phone" in page and "Corrected" in page


@pytest.mark.django_db
def test_support_entries_cost_no_query_each_on_the_chronology(case, alice, client_for, cora):
    other = make_case(created_by=cora, owner=alice)
    client = client_for(alice)

    def fill(target, times: int) -> None:
        for _ in range(times):
            item = services.request_security(
                target, kind="alarm", requested_at=timezone.now(), actor=alice
            )
            services.complete_security(
                item, completed_at=timezone.now(), keys_recovered="unknown", actor=alice
            )

    fill(case, 1)
    fill(other, 10)
    for each in (case, other):  # the session, and the officer's first opening of each case
        client.get(reverse("cases:chronology", args=[each.reference]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:chronology", args=[case.reference]))
    with CaptureQueriesContext(connection) as many:
        page = text_of(client.get(reverse("cases:chronology", args=[other.reference])))

    assert page.count("Alarm done") == 10
    assert len(many) <= len(few)
