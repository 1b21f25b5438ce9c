"""Failed sign-ins keep nothing typed for longer than the lockout needs, and one client address
cannot try many accounts (issue 7, defect 8)."""

import datetime as dt

import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from haven.accounts import services
from haven.audit.models import AuditEvent
from tests.support.accounts import password_step
from tests.support.personas import PASSWORD

WRONG = "wrong horse battery staple"


def test_a_failure_stores_no_form_data(alice):
    password_step(Client(), alice.email, "my-secret-guess")
    password_step(Client(), alice.email, "my-second-guess")
    password_step(Client(), "someone.else@example.org", WRONG)
    for attempt in AccessAttempt.objects.all():
        assert attempt.post_data == ""
        assert attempt.get_data == ""
    assert "csrfmiddlewaretoken" not in str(list(AccessAttempt.objects.values()))


def test_a_lockout_ends_after_its_cool_off_and_the_records_go(alice, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=60)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            password_step(Client(), alice.email, f"{WRONG} {attempt}")
        password_step(Client(), "unknown.person@example.org", WRONG)
        assert password_step(Client(), alice.email, PASSWORD).status_code == 403
        assert services.is_locked(alice)
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert not services.is_locked(alice)
        call_command("clear_expired_lockouts", verbosity=0)
        assert not AccessAttempt.objects.exists()  # the unknown address is gone too
        assert password_step(Client(), alice.email, PASSWORD).status_code == 302


def test_the_cleanup_keeps_failures_still_in_their_cool_off(alice):
    password_step(Client(), "unknown.person@example.org", WRONG)
    call_command("clear_expired_lockouts", verbosity=0)
    assert AccessAttempt.objects.count() == 1


def test_a_successful_sign_in_is_not_kept_by_axes(alice):
    from axes.models import AccessLog

    password_step(Client(), alice.email, PASSWORD)
    assert not AccessLog.objects.exists()  # Haven's access log records it instead
    assert AuditEvent.objects.filter(action="auth.sign_in").exists()


def test_many_accounts_tried_from_one_address_pause_sign_in_from_it(alice, bob, settings):
    settings.HAVEN_SIGN_IN_FAILURES_PER_ADDRESS = 6
    for number in range(6):
        # Never the same account twice: no account lockout would ever catch this.
        response = password_step(Client(), f"guess{number}@example.org", WRONG)
        assert response.status_code == 200
    paused = password_step(Client(), alice.email, PASSWORD)
    assert paused.status_code == 429
    page = paused.content.decode()
    assert "a lot of unsuccessful sign-ins from your network" in page
    assert "Try again in an hour" in page
    assert not services.is_locked(alice)  # the account itself is not locked
    assert AuditEvent.objects.filter(action="auth.sign_in_paused").count() == 1
    # Another address is not affected.
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    assert password_step(elsewhere, bob.email, PASSWORD).status_code == 302


def test_the_address_pause_ends_after_an_hour(alice, settings):
    settings.HAVEN_SIGN_IN_FAILURES_PER_ADDRESS = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(2):
            password_step(Client(), f"guess{number}@example.org", WRONG)
        assert password_step(Client(), alice.email, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert password_step(Client(), alice.email, PASSWORD).status_code == 302
