"""The safe call-back request: it reaches the triage queue with the plan the person gave, and
asks for nothing they did not choose to give."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.cases.models import Case, Channel, Urgency
from haven.cases.rules.safe_contact import TimeWindow
from haven.public import rules
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

URL = "/get-help/call-back/"


def answers(**overrides):
    data = {
        "in_danger_now": "no",
        "name": "Jo",
        "contact_ways": ["phone", "text"],
        "phone": "07700 900 982",
        "email": "",
        "safe_times": ["weekday_morning"],
        "voicemail_allowed": "no",
        "may_say_who_we_are": "no",
        "message": "My ex has a key.",
        "website": "",
    }
    data.update(overrides)
    return data


def send(data, client=None):
    return (client or Client()).post(URL, data)


@pytest.mark.django_db
def test_a_request_arrives_in_triage_with_the_plan_the_person_gave(cora):
    response = send(answers())
    assert response.status_code == 200
    assert "Request sent" in visible_text(response.content.decode())

    case = Case.objects.get()
    assert case.channel == Channel.WEB_CALLBACK and case.created_by is None
    assert case.survivor.given_name == "Jo" and case.summary == "My ex has a key."
    plan = case.survivor.safe_contact_plan
    assert plan.allowed_channels == ["phone", "text"]
    assert plan.phone_numbers == "07700900982"
    assert plan.voicemail_allowed is False
    assert [TimeWindow.from_dict(w) for w in plan.safe_times] == [
        rules.SAFE_TIME_CHOICES["weekday_morning"][1]
    ]
    assert "Do not say who we are" in plan.notes

    triage = signed_in_client(cora).get(reverse("cases:triage") + "?show=all")
    assert case.reference in triage.content.decode()
    event = AuditEvent.objects.get(action="case.created")
    assert event.actor is None and event.detail["channel"] == "web_callback"


@pytest.mark.django_db
def test_nothing_typed_is_echoed_back():
    html = send(answers(name="Unusualname", message="Private words")).content.decode()
    assert "Unusualname" not in html and "Private words" not in html and "07700" not in html


@pytest.mark.django_db
def test_someone_in_danger_is_told_to_call_999_and_the_case_is_urgent():
    html = send(answers(in_danger_now="yes")).content.decode()
    assert "If you are in danger now, call 999" in visible_text(html)
    case = Case.objects.get()
    assert case.immediate_danger and case.urgency == Urgency.URGENT


@pytest.mark.django_db
def test_no_safe_way_to_contact_is_refused_kindly_and_keeps_what_was_typed():
    response = send(answers(contact_ways=[], message="Please help"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one safe way for us to contact you" in html
    assert "Please help" in html and 'value="Jo"' in html
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "call me"}, "Enter a UK phone number, like 07700 900 982"),
        ({"phone": ""}, "Enter the phone number we can safely call or text"),
        (
            {"contact_ways": ["email"], "email": "jo@"},
            "Enter an e-mail address in the correct format, like name@example.com",
        ),
        (
            {"safe_times": ["any", "weekend"]},
            "Choose &#34;Any time&#34; or the times that are safe",
        ),
        ({"safe_times": []}, "Choose when it is safe for us to contact you"),
        ({"voicemail_allowed": ""}, "Tell us whether we can leave a voicemail"),
        ({"message": "x" * 1001}, "Keep this to 1000 characters or fewer"),
    ],
)
def test_each_mistake_gets_its_own_message_and_keeps_the_rest(overrides, message):
    response = send(answers(**overrides))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "My ex has a key." in html or "message" in overrides
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_only_the_ways_chosen_are_kept():
    send(answers(contact_ways=["email"], email="jo@example.org", phone="07700 900 982"))
    plan = Case.objects.get().survivor.safe_contact_plan
    assert plan.allowed_channels == ["email"] and plan.phone_numbers == ""
    assert plan.email_address == "jo@example.org"


@pytest.mark.django_db
def test_any_time_means_no_time_limit():
    send(answers(safe_times=["any"]))
    assert Case.objects.get().survivor.safe_contact_plan.safe_times == []


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_saved():
    response = send(answers(website="http://spam.example"))
    assert response.status_code == 200 and "Request sent" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_requests_past_the_hourly_limit_are_refused_with_the_helpline(settings):
    settings.HAVEN_PUBLIC_CALL_BACKS_PER_HOUR = 2
    client = Client()
    assert send(answers(message="One"), client).status_code == 200
    assert send(answers(message="Two"), client).status_code == 200
    refused = send(answers(message="Three"), client)
    assert refused.status_code == 429
    assert "0808 2000 247" in refused.content.decode()
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_it_is_read():
    response = Client().post(
        URL, data="x=" + "y" * 30_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_first_call_must_follow_the_plan_the_person_gave(alice):
    from haven.cases.services import contact as contact_services

    send(answers())
    case = Case.objects.get()
    case.owner = alice
    case.save()
    saturday_evening = dt.datetime(2026, 11, 28, 19, 0, tzinfo=dt.UTC)
    with pytest.raises(contact_services.ContactBreachesPlan):
        contact_services.record_contact(
            case,
            actor=alice,
            direction="outbound",
            channel="phone",
            destination="07700900982",
            when=saturday_evening,
            outcome="no_answer",
            notes="",
        )


@pytest.mark.django_db
def test_the_same_request_sent_twice_makes_one_case_and_both_answers_say_sent():
    # A refresh of the confirmation page, or a second press of Send without JavaScript, posts
    # the same answers again: the officer must not find the survivor twice in the queue.
    client = Client()
    first, again = send(answers(), client), send(answers(), client)

    assert first.status_code == again.status_code == 200
    assert "Request sent" in visible_text(again.content.decode())
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_different_request_from_the_same_connection_is_still_taken():
    client = Client()
    send(answers(), client)
    send(answers(message="I forgot: evenings are safe too."), client)

    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_the_hourly_limit_counts_a_whole_ipv6_network_not_each_address(settings):
    # One home connection gets a whole /64 of IPv6 addresses: changing the last part of the
    # address for each request must not get round the limit.
    settings.HAVEN_PUBLIC_CALL_BACKS_PER_HOUR = 2
    statuses = [
        send(answers(message=f"Request {n}"), Client(REMOTE_ADDR=f"2001:db8:1:2::{n}")).status_code
        for n in range(1, 4)
    ]

    assert statuses == [200, 200, 429]
    assert Case.objects.count() == 2
    other_network = send(answers(), Client(REMOTE_ADDR="2001:db8:1:3::1"))
    assert other_network.status_code == 200


@pytest.mark.django_db
def test_the_plan_warns_that_anyone_could_have_sent_the_request():
    # Someone who knows her number (the abuser, say) can send the form with "say who you are"
    # and "any time": the officer is told to check who they are speaking to before saying why.
    send(answers(may_say_who_we_are="yes", safe_times=["any"]))
    notes = Case.objects.get().survivor.safe_contact_plan.notes

    assert "Anyone can send this form" in notes
    assert "check you are speaking to the person who asked" in notes


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://spam.example"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
def test_a_request_another_website_makes_the_visitors_browser_send_is_refused(headers):
    # The form has no CSRF token (it would need a cookie), so another site could make every
    # visitor's browser post it: each from a different address, past the hourly limit.
    response = Client(**headers).post(URL, answers())

    assert response.status_code == 403
    assert "Ask us to contact you" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        # What a browser sends from our own form, since these pages ask for no referrer.
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {},
    ],
)
def test_a_request_from_this_sites_own_form_is_taken(headers):
    assert send(answers(), Client(**headers)).status_code == 200
    assert Case.objects.count() == 1
