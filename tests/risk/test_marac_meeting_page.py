"""One MARAC meeting's page: when and where, the cases heard that the reader may see, and the
actions it gave us on them. Of cases the reader may not see it says nothing at all."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent, AuditEventLink
from haven.risk import services
from tests.risk.factories import complete_dash
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2026, 11, 10)


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


def main_of(response) -> str:
    body = html.unescape(response.content.decode())
    return body[body.index("<main") : body.index("</main>")]


def meeting_with(cases, cora, *, area="Derby"):
    return services.record_meeting(area=area, held_on=HELD_ON, cases=cases, actor=cora)


def action_on(case, meeting, owner, actor, description):
    return services.add_action(
        case,
        description=description,
        owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=14),
        meeting=meeting,
        actor=actor,
    )


@pytest.fixture
def heard(alice, bob, cora):
    """A meeting that heard one of Alice's cases, one of Bob's and a restricted case of Bob's,
    with an action on each."""
    mine = make_case(created_by=cora, owner=alice, given_name="Alicescase")
    theirs = make_case(created_by=cora, owner=bob, given_name="Bobscase")
    hidden = make_case(created_by=cora, owner=bob, given_name="Hiddencase", restricted_to=[bob])
    complete_dash(mine, alice, yes=16)
    meeting = meeting_with([mine, theirs, hidden], cora)
    action_on(mine, meeting, alice, cora, "Fit a door viewer")
    action_on(theirs, meeting, bob, cora, "Share the tenancy history")
    action_on(hidden, meeting, bob, cora, "Flag the address for joint visits")
    return meeting, mine, theirs, hidden


def test_the_coordinator_sees_every_case_heard_and_every_action(heard, cora):
    meeting, mine, theirs, hidden = heard
    page = text_of(signed_in_client(cora).get(reverse("risk:meeting", args=[meeting.pk])))
    assert "Derby, 10 November 2026" in page
    for case in (mine, theirs, hidden):
        assert case.reference in page
    for words in ("Fit a door viewer", "Share the tenancy history", "Flag the address"):
        assert words in page
    assert "Alicescase Testcase" in page and "High risk (DASH)" in page
    assert "Restricted" in page


def test_an_officer_sees_only_her_cases_and_nothing_of_the_others(heard, alice, cora):
    meeting, mine, theirs, hidden = heard
    response = signed_in_client(alice).get(reverse("risk:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert mine.reference in page and "Fit a door viewer" in page
    for case in (theirs, hidden):
        assert case.reference not in response.content.decode()
    for words in ("Bobscase", "Hiddencase", "Share the tenancy", "Flag the address", "other case"):
        assert words not in page
    # Not a count either: her page is the page of a meeting that heard her case alone.
    alone = meeting_with([mine], cora)
    action_on(mine, alone, alice, cora, "Fit a door viewer")
    other = signed_in_client(alice).get(reverse("risk:meeting", args=[alone.pk]))
    assert main_of(other) == main_of(response)


def test_someone_who_may_see_none_of_its_cases_is_told_it_is_not_there(heard, alice, cora):
    meeting, *_ = heard
    none_of_hers = meeting_with([make_case(created_by=cora)], cora)
    make_case(created_by=cora)  # nothing to do with anything
    none_of_hers.cases.set([heard[2]])  # only Bob's restricted case
    client = signed_in_client(alice)
    assert client.get(reverse("risk:meeting", args=[none_of_hers.pk])).status_code == 404
    assert client.get(reverse("risk:meeting", args=[meeting.pk + 1000])).status_code == 404
    assert (
        signed_in_client(cora).get(reverse("risk:meeting", args=[none_of_hers.pk])).status_code
        == 200
    )


def test_linked_from_the_marac_overview_and_the_risk_tab_of_each_case_heard(heard, alice, cora):
    meeting, mine, *_ = heard
    href = f'href="{reverse("risk:meeting", args=[meeting.pk])}"'
    overview = signed_in_client(cora).get(reverse("risk:marac")).content.decode()
    assert href in overview
    tab = signed_in_client(alice).get(reverse("risk:case", args=[mine.reference]))
    assert href in tab.content.decode()
    assert "Derby, 10 November 2026" in text_of(tab)
    unheard = make_case(created_by=cora, owner=alice)
    tab = text_of(signed_in_client(alice).get(reverse("risk:case", args=[unheard.reference])))
    assert "No MARAC meeting has been recorded as hearing this case." in tab


def test_each_case_shown_has_the_view_in_its_access_history(heard, alice):
    meeting, mine, *_others = heard
    signed_in_client(alice).get(reverse("risk:meeting", args=[meeting.pk]))
    event = AuditEvent.objects.get(action="risk.marac_meeting_viewed")
    assert event.detail == {"cases": 1, "actions": 1}
    linked = set(AuditEventLink.objects.filter(event=event).values_list("object_id", "relation"))
    assert linked == {(str(mine.pk), "shown")}


def test_the_page_costs_the_same_queries_with_more_cases_and_actions(alice, cora):
    client = signed_in_client(cora)

    def count(meeting) -> int:
        url = reverse("risk:meeting", args=[meeting.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        small = meeting_with([make_case(created_by=cora, owner=alice)], cora)
        action_on(small.cases.get(), small, alice, cora, "One")
        cases = [make_case(created_by=cora, owner=alice) for _ in range(8)]
        for index, case in enumerate(cases):
            if index % 2:
                complete_dash(case, alice, yes=index)
        big = meeting_with(cases, cora)
        for case in cases:
            action_on(case, big, alice, cora, "Another")
        assert count(big) == count(small)


def test_the_coordinator_records_a_meeting_and_finds_its_page(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    client = signed_in_client(cora)
    response = client.post(
        reverse("risk:meeting-add"),
        {
            "area": "High Peak",
            "held_on-day": HELD_ON.day,
            "held_on-month": HELD_ON.month,
            "held_on-year": HELD_ON.year,
            "references": case.reference,
        },
        follow=True,
    )
    page = html.unescape(response.content.decode())
    link = re.search(r'href="(/risk/marac/meetings/\d+/)"', page)
    assert link
    assert case.reference in text_of(client.get(link.group(1)))
