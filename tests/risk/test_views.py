"""Risk work's pages as an officer and the coordinator use them."""

import datetime as dt
import html
import re
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.services import record as record_services
from haven.risk import services
from haven.risk.models import DashAssessment, FormGeneration, MaracReferral
from tests.risk.factories import complete_dash, refer
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


@pytest.fixture
def case(alice, cora):
    return make_case(
        created_by=cora,
        owner=alice,
        given_name="Imani",
        family_name="Testcase",
        date_of_birth=dt.date(1990, 5, 17),
    )


def dash_data(yes: int, *, action: str = "submit", skip=(), **extra) -> dict:
    data = {"action": action}
    for number in range(1, 25):
        if number in skip:
            continue
        data[f"q{number}"] = "yes" if number <= yes else "no"
    today = timezone.localdate()
    data.update(
        {
            "assessed_on-day": today.day,
            "assessed_on-month": today.month,
            "assessed_on-year": today.year,
        }
    )
    data.update(extra)
    return data


def test_a_dash_with_14_yes_shows_high_risk_and_a_marac_prompt(case, alice):
    client = signed_in_client(alice)
    response = client.post(reverse("risk:dash-new", args=[case.reference]), dash_data(14))
    assert response.status_code == 302
    page = text_of(client.get(reverse("cases:detail", args=[case.reference])))
    assert "High risk (DASH)" in page
    assert "This case meets the criteria for a MARAC referral" in page
    assert "Visible high risk" in page


def test_an_incomplete_dash_is_refused_and_keeps_what_was_typed(case, alice):
    client = signed_in_client(alice)
    response = client.post(
        reverse("risk:dash-new", args=[case.reference]),
        dash_data(5, skip=(7, 20), q3_note="Afraid for the children"),
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Answer question 7 before submitting, or save a draft" in page
    assert "Answer question 20 before submitting" in page
    assert 'value="Afraid for the children"' in response.content.decode()
    assert not DashAssessment.objects.exists()


def test_a_draft_is_saved_and_resumed(case, alice):
    client = signed_in_client(alice)
    response = client.post(
        reverse("risk:dash-new", args=[case.reference]),
        {"action": "draft", "q1": "yes", "q2": "dont_know", "q2_source": "Her sister"},
    )
    assert response.status_code == 302
    draft = DashAssessment.objects.get()
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "Continue the draft DASH" in tab
    resumed = client.get(reverse("risk:dash-edit", args=[case.reference, draft.pk]))
    body = resumed.content.decode()
    assert re.search(r'value="yes" checked', body) or 'value="yes" checked' in body.replace(
        "\n", " "
    )
    assert 'value="Her sister"' in body
    done = client.post(reverse("risk:dash-edit", args=[case.reference, draft.pk]), dash_data(9))
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "completed" and draft.level == "standard"


def test_a_judgement_lower_than_the_score_is_refused_with_the_rule_named(case, alice):
    response = signed_in_client(alice).post(
        reverse("risk:dash-new", args=[case.reference]),
        dash_data(15, judgement_level="medium"),
    )
    assert response.status_code == 400
    assert "a score of 14 or more is always high risk" in text_of(response)


def test_another_agencys_dash_is_recorded(case, alice):
    client = signed_in_client(alice)
    today = timezone.localdate()
    response = client.post(
        reverse("risk:dash-other", args=[case.reference]),
        {
            "agency": "Derbyshire Constabulary",
            "assessed_on-day": today.day,
            "assessed_on-month": today.month,
            "assessed_on-year": today.year,
            "score": "26",
            "level": "high",
        },
    )
    assert response.status_code == 400
    assert "Enter a score from 0 to 24" in text_of(response)


def test_risk_over_time_is_a_chart_and_the_same_figures_in_a_table(case, alice):
    today = timezone.localdate()
    complete_dash(case, alice, yes=8, assessed_on=today - dt.timedelta(days=40))
    complete_dash(case, alice, yes=15, assessed_on=today)
    response = signed_in_client(alice).get(reverse("risk:case", args=[case.reference]))
    body = response.content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert "style=" not in svg and "<script" not in svg
    assert "score 8, standard risk" in svg and "score 15, high risk" in svg
    table = text_of(response)
    assert "Every DASH on this case" in table
    assert re.search(r"15 High risk \(DASH\)", table)


def test_the_case_list_shows_and_filters_by_dash_level(alice, cora):
    high = make_case(created_by=cora, owner=alice, given_name="Highcase")
    low = make_case(created_by=cora, owner=alice, given_name="Lowcase")
    make_case(created_by=cora, owner=alice, given_name="Unassessed")
    complete_dash(high, alice, yes=20)
    complete_dash(low, alice, yes=2)
    client = signed_in_client(alice)
    everything = text_of(client.get(reverse("cases:list")))
    assert "DASH risk" in everything and "Not assessed" in everything
    only_high = text_of(client.get(reverse("cases:list"), {"risk": "high"}))
    assert "Highcase" in only_high and "Lowcase" not in only_high
    assert "Unassessed" not in only_high
    none_yet = text_of(client.get(reverse("cases:list"), {"risk": "not_assessed"}))
    assert "Unassessed" in none_yet and "Highcase" not in none_yet
    # A value the list does not offer is ignored, never an error.
    assert client.get(reverse("cases:list"), {"risk": "'; drop"}).status_code == 200


def test_triage_urgency_and_dash_level_read_differently(alice, cora):
    case = make_case(created_by=cora, owner=alice, given_name="Words", urgency=2)
    complete_dash(case, alice, yes=14)
    page = text_of(signed_in_client(alice).get(reverse("cases:detail", args=[case.reference])))
    assert "High urgency" in page and "High risk (DASH)" in page
    body = signed_in_client(alice).get(reverse("cases:detail", args=[case.reference])).content
    assert b"govuk-tag--pink" in body and b"govuk-tag--yellow" in body


def test_an_officer_refers_to_marac_and_downloads_the_form(case, alice, tmp_path):
    record_services.add_perpetrator(
        case, {"name": "Darren Example", "relationship": "ex_partner"}, actor=alice
    )
    complete_dash(case, alice, yes=16)
    client = signed_in_client(alice)
    refer_page = client.get(reverse("risk:marac-refer", args=[case.reference]))
    assert 'value="visible_high_risk" checked' in refer_page.content.decode().replace("\n", " ")
    today = timezone.localdate()
    response = client.post(
        reverse("risk:marac-refer", args=[case.reference]),
        {
            "referred_on-day": today.day,
            "referred_on-month": today.month,
            "referred_on-year": today.year,
            "area": "Derby",
            "criteria": ["visible_high_risk"],
            "survivor_aware": "yes",
            "consent": "no",
        },
    )
    assert response.status_code == 400
    assert "Enter why the referral is made without the survivor's agreement" in text_of(response)
    data = {
        "referred_on-day": today.day,
        "referred_on-month": today.month,
        "referred_on-year": today.year,
        "area": "Derby",
        "criteria": ["visible_high_risk"],
        "survivor_aware": "yes",
        "consent": "yes",
    }
    response = client.post(reverse("risk:marac-refer", args=[case.reference]), data)
    referral = MaracReferral.objects.get()
    assert response.url == reverse("risk:marac-form", args=[case.reference, referral.pk])
    form = client.get(response.url)
    body = html.unescape(form.content.decode())
    assert 'value="Imani Testcase"' in body and "17 May 1990" in body
    assert "Darren Example" in body

    posted = {}
    for name in re.findall(r'name="([a-z_]+)"', body):
        if name != "csrfmiddlewaretoken":
            posted[name] = ""
    fields = {
        "referring_agency": "Haven Homes",
        "referrer": "Alice Officer",
        "referrer_contact": "alice@example.org",
        "victim_name": "Imani Testcase",
        "victim_dob": "17 May 1990",
        "perpetrator": "Darren Example, ex-partner",
        "criteria": "Visible high risk (14 or more Yes answers)",
        "fears_and_safe_people": "Fears Darren; her mother is safe to talk to",
    }
    posted.update(fields)
    pdf = client.post(reverse("risk:marac-form", args=[case.reference, referral.pk]), posted)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "no-store"
    assert FormGeneration.objects.filter(referral=referral).count() == 1
    assert AuditEvent.objects.filter(action="risk.marac_form_generated").count() == 1
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is installed by `make test`")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for fact in (
        "MARAC referral form",
        "Imani Testcase",
        "Darren Example",
        "Derby",
        "her mother is safe",
    ):
        assert fact in text


def test_a_form_missing_what_the_marac_needs_is_refused(case, alice):
    referral = refer(case, alice)
    response = signed_in_client(alice).post(
        reverse("risk:marac-form", args=[case.reference, referral.pk]), {"victim_name": ""}
    )
    assert response.status_code == 400
    assert "Enter survivor's name" in text_of(response)
    assert not FormGeneration.objects.exists()


def test_a_marac_action_is_due_then_done_on_the_officers_list(case, alice, cora):
    services.add_action(
        case,
        description="Fit a door viewer",
        owner=alice,
        due_on=timezone.localdate(),
        meeting=None,
        actor=cora,
    )
    client = signed_in_client(alice)
    listed = text_of(client.get(reverse("risk:overview")))
    assert case.reference in listed and "Due today" in listed
    action = case.marac_actions.get()
    empty = client.post(reverse("risk:action-done", args=[case.reference, action.pk]), {})
    assert empty.status_code == 400
    assert "Enter what was done" in text_of(empty)
    today = timezone.localdate()
    client.post(
        reverse("risk:action-done", args=[case.reference, action.pk]),
        {
            "completed_on-day": today.day,
            "completed_on-month": today.month,
            "completed_on-year": today.year,
            "evidence": "Viewer fitted",
        },
    )
    assert "No open MARAC actions" in text_of(client.get(reverse("risk:overview")))
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "Done" in tab and "Viewer fitted" in tab


def test_overdue_actions_are_in_the_coordinators_marac_overview(case, alice, cora):
    services.add_action(
        case,
        description="Share the CCTV",
        owner=alice,
        due_on=timezone.localdate() - dt.timedelta(days=3),
        meeting=None,
        actor=cora,
    )
    services.add_action(
        case,
        description="Check the letterbox guard",
        owner=alice,
        due_on=timezone.localdate() + dt.timedelta(days=3),
        meeting=None,
        actor=cora,
    )
    client = signed_in_client(cora)
    page = text_of(client.get(reverse("risk:marac")))
    everything = text_of(client.get(reverse("risk:marac") + "?show=all"))

    assert "2 MARAC actions are open on the cases, 1 of them overdue." in page
    assert case.reference in page and "Overdue: due" in page
    assert page.count(case.reference) == 1  # the one not due yet is under "All open"
    assert everything.count(case.reference) == 2


def test_the_marac_overview_comes_in_pages(case, alice, cora):
    for days in range(1, 28):
        services.add_action(
            case,
            description=f"Action {days}",
            owner=alice,
            due_on=timezone.localdate() - dt.timedelta(days=days),
            meeting=None,
            actor=cora,
        )
    client = signed_in_client(cora)

    first = client.get(reverse("risk:marac")).content.decode()
    second = text_of(client.get(reverse("risk:marac") + "?page=2"))

    assert 'href="/risk/marac/?page=2"' in first
    assert "27 MARAC actions are open on the cases, 27 of them overdue." in html.unescape(
        visible_text(first)
    )
    assert second.count(case.reference) == 2


def test_the_coordinator_records_a_meeting_with_the_cases_heard(case, alice, cora):
    client = signed_in_client(cora)
    today = timezone.localdate()
    base = {
        "area": "Derby",
        "held_on-day": today.day,
        "held_on-month": today.month,
        "held_on-year": today.year,
    }
    wrong = client.post(reverse("risk:meeting-add"), {**base, "references": "DA-1999-00001"})
    assert wrong.status_code == 400 and "DA-1999-00001" in text_of(wrong)
    client.post(reverse("risk:meeting-add"), {**base, "references": case.reference.lower()})
    assert list(case.marac_meetings.values_list("area", flat=True)) == ["Derby"]


def test_an_officer_outside_the_case_gets_a_404_on_every_risk_page(case, bob, alice):
    referral = refer(case, alice)
    client = signed_in_client(bob)
    for url in (
        reverse("risk:case", args=[case.reference]),
        reverse("risk:marac-form", args=[case.reference, referral.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("risk:marac-form", args=[case.reference, referral.pk]), {}).status_code
        == 404
    )
    assert not FormGeneration.objects.exists()


def test_the_high_risk_list_shows_only_high_risk_cases_in_scope(alice, bob, cora):
    mine = make_case(created_by=cora, owner=alice, given_name="Mine")
    theirs = make_case(created_by=cora, owner=bob, given_name="Theirs")
    complete_dash(mine, alice, yes=14)
    complete_dash(theirs, bob, yes=18)
    page = text_of(signed_in_client(alice).get(reverse("risk:high-risk")))
    assert mine.reference in page and theirs.reference not in page


def test_dvds_decision_due_and_recorded(case, alice):
    client = signed_in_client(alice)
    today = timezone.localdate()
    client.post(
        reverse("risk:dvds-add", args=[case.reference]),
        {
            "route": "right_to_ask",
            "applied_on-day": today.day,
            "applied_on-month": today.month,
            "applied_on-year": today.year,
        },
    )
    application = case.dvds_applications.get()
    assert application.decision_due_on == today + dt.timedelta(days=28)
    refused = client.post(
        reverse("risk:dvds-decision", args=[case.reference, application.pk]),
        {
            "status": "decided",
            "decided_on-day": today.day,
            "decided_on-month": today.month,
            "decided_on-year": today.year,
        },
    )
    assert refused.status_code == 400 and "Select the decision" in text_of(refused)


def test_assessments_and_referrals_are_in_the_chronology(case, alice):
    complete_dash(case, alice, yes=4, judgement_level="high", reasons="Stalking at work")
    refer(case, alice, criteria=("professional_judgement",))
    page = text_of(signed_in_client(alice).get(reverse("cases:chronology", args=[case.reference])))
    assert "DASH risk assessment" in page and "raised by professional judgement" in page
    assert "MARAC referral" in page and "Professional judgement" in page


def test_the_risk_tab_costs_the_same_queries_with_more_records(case, alice, cora):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(alice)
    url = reverse("risk:case", args=[case.reference])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_some() -> None:
        complete_dash(case, alice, yes=15)
        referral = refer(case, alice)
        services.record_form_generation(referral, {}, actor=alice)
        services.add_action(
            case,
            description="x",
            owner=alice,
            due_on=timezone.localdate(),
            meeting=None,
            actor=cora,
        )

    # A frozen clock keeps the session's "last seen" write out of the counts.
    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        add_some()
        few = count()
        for _ in range(4):
            add_some()
        assert count() == few
