"""Sessions end when idle, when too old, and when ended elsewhere; the sign-in page says why, once."""

from django.test import Client
from django.urls import reverse

from haven.audit.models import AuditEvent
from tests.support.accounts import code_for, password_step

MINUTE = 60


def sign_in_page(client: Client) -> str:
    return client.get(reverse("accounts:sign-in")).content.decode()


def test_idle_session_ends_after_thirty_minutes_and_says_so_once(clock, client_for, alice):
    client = client_for(alice)
    assert client.get("/").status_code == 200
    clock.shift(29 * MINUTE)
    assert client.get("/").status_code == 200  # activity keeps the session going
    clock.shift(29 * MINUTE)
    assert client.get("/").status_code == 200

    clock.shift(31 * MINUTE)
    assert client.get("/")["Location"] == reverse("accounts:sign-in")
    message = "For your security we signed you out after 30 minutes without activity"
    assert message in sign_in_page(client)
    assert message not in sign_in_page(client)
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="auth.session_ended")
    assert event.detail == {"why": "idle"} and event.actor_id == alice.pk


def test_idle_limit_comes_from_settings(clock, client_for, alice, settings):
    settings.HAVEN_IDLE_TIMEOUT_MINUTES = 10
    client = client_for(alice)
    clock.shift(11 * MINUTE)
    client.get("/")
    assert "after 10 minutes without activity" in sign_in_page(client)


def test_a_session_ends_after_its_absolute_lifetime_however_busy(clock, alice):
    client = Client()
    password_step(client, alice.email)
    client.post(
        reverse("accounts:two-factor"), {"code": code_for(alice.authenticatordevice_set.get())}
    )
    for _ in range(29):  # 9 hours 40 minutes of steady work
        clock.shift(20 * MINUTE)
        assert client.get("/").status_code == 200
    clock.shift(21 * MINUTE)
    assert client.get("/")["Location"] == reverse("accounts:sign-in")
    assert "you had been signed in for 10 hours" in sign_in_page(client)


def test_sign_out_of_all_devices_ends_other_sessions_but_not_this_one(clock, client_for, alice):
    here = client_for(alice)
    elsewhere = client_for(alice)
    assert elsewhere.get("/").status_code == 200

    confirm = here.get(reverse("accounts:sign-out-everywhere"))
    assert "Sign out of all devices" in confirm.content.decode()
    done = here.post(reverse("accounts:sign-out-everywhere"), follow=True)
    assert "You are still signed in here" in done.content.decode()
    assert here.get("/").status_code == 200

    assert elsewhere.get("/")["Location"] == reverse("accounts:sign-in")
    assert "your account was signed out of all devices" in sign_in_page(elsewhere)
    alice.refresh_from_db()
    assert alice.session_epoch == 1
    assert AuditEvent.objects.filter(action="auth.signed_out_everywhere", actor=alice).count() == 1


def test_signing_out_ends_the_session(client_for, alice):
    client = client_for(alice)
    assert (
        "You will need your password" in client.get(reverse("accounts:sign-out")).content.decode()
    )
    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:sign-in")
    assert "You have signed out" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=alice).exists()


def test_signing_out_when_already_signed_out_just_shows_sign_in(db):
    assert Client().post(reverse("accounts:sign-out"))["Location"] == reverse("accounts:sign-in")


def test_pages_warn_before_an_idle_sign_out_once_fully_signed_in(client_for, alice):
    page = client_for(alice).get("/").content.decode()
    assert 'src="/static/accounts/session-timeout.js" nonce="' in page
    half = Client()
    password_step(half, alice.email)
    assert "session-timeout.js" not in half.get(reverse("accounts:two-factor")).content.decode()


def test_asking_how_long_is_left_is_not_activity(clock, client_for, alice):
    client = client_for(alice)
    clock.shift(20 * MINUTE)
    status = client.get(reverse("accounts:session-status")).json()
    assert status["seconds_left"] == 10 * MINUTE
    assert status["warning_seconds"] == 2 * MINUTE
    clock.shift(11 * MINUTE)
    assert client.get("/")["Location"] == reverse("accounts:sign-in")


def test_staying_signed_in_resets_the_idle_clock(clock, client_for, alice):
    client = client_for(alice)
    clock.shift(29 * MINUTE)
    assert client.post(reverse("accounts:keep-alive")).status_code == 204
    clock.shift(29 * MINUTE)
    assert client.get(reverse("accounts:session-status")).json()["seconds_left"] == MINUTE
    assert client.get("/").status_code == 200


def test_a_one_minute_limit_is_described_in_good_english(clock, client_for, alice, settings):
    settings.HAVEN_IDLE_TIMEOUT_MINUTES = 1
    client = client_for(alice)
    clock.shift(2 * MINUTE)
    client.get("/")
    assert "signed you out after 1 minute without activity" in sign_in_page(client)
