"""Support reminders go out at most once a person a day: the nightly command run again the same
day (by hand, or a timer catching up) e-mails nobody twice, even when both runs' e-mails are
still queued for the worker; a reminder that failed to send is not counted as sent."""

import datetime as dt
import io
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.support import reminders, services
from haven.support.models import ReminderSent
from haven.support.tasks import send_support_reminder
from tests.support.factories import make_case

LONDON = zoneinfo.ZoneInfo("Europe/London")
TUESDAY_NIGHT = dt.datetime(2026, 9, 1, 2, 30, tzinfo=LONDON)


@pytest.fixture
def action_due(alice, cora):
    """Alice holds a case with an action on its plan due today (whenever today is)."""
    case = make_case(created_by=cora, owner=alice, given_name="Jodie", family_name="Marsh")
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 8, 3), actor=alice)
    return services.add_action(
        plan,
        what="Collect the passports",
        owner_kind="officer",
        agency="",
        due_on=dt.date(2026, 9, 1),
        actor=alice,
    )


def run_reminders() -> str:
    out = io.StringIO()
    call_command("send_support_reminders", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_run_twice_in_a_day_it_emails_once_and_says_who_was_already_reminded(alice, action_due):
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        run_reminders()
        again = run_reminders()

    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert "1 already reminded today" in again
    assert list(ReminderSent.objects.values_list("user_id", "sent_on")) == [
        (alice.pk, dt.date(2026, 9, 1))
    ]
    runs = AuditEvent.objects.filter(action="support.reminders_sent").order_by("sequence")
    assert [run.detail for run in runs] == [
        {"officers": 1, "cases": 1},
        {"officers": 0, "cases": 0},
    ]


@pytest.mark.django_db
def test_the_next_day_brings_the_next_reminder(alice, action_due):
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        run_reminders()
    with time_machine.travel(TUESDAY_NIGHT + dt.timedelta(days=1), tick=False):
        run_reminders()

    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_reminder_that_failed_to_send_is_not_counted_and_the_next_run_sends_it(
    alice, action_due, monkeypatch
):
    def mail_server_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        with monkeypatch.context() as patched:
            patched.setattr(reminders, "send_mail", mail_server_down)
            with pytest.raises(smtplib.SMTPException):
                send_support_reminder.call(alice.pk, ["DA-1"], "2026-09-01")
            run_reminders()  # the worker records the task as failed; the command carries on
        assert not ReminderSent.objects.exists()

        run_reminders()

    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert ReminderSent.objects.count() == 1


@pytest.mark.django_db
def test_a_reminder_counts_against_the_day_the_command_ran_even_sent_after_midnight(alice):
    with time_machine.travel(TUESDAY_NIGHT + dt.timedelta(hours=22), tick=False):  # 00:30 Wed
        send_support_reminder.call(alice.pk, ["DA-1"], "2026-09-01")
        send_support_reminder.call(alice.pk, ["DA-1"], "2026-09-01")

    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().sent_on == dt.date(2026, 9, 1)


@pytest.mark.django_db
def test_the_record_allows_one_reminder_a_person_a_day(alice):
    ReminderSent.objects.create(user=alice, sent_on=dt.date(2026, 9, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(user=alice, sent_on=dt.date(2026, 9, 1))
    assert not reminders.send_once(alice, ["DA-1"], dt.date(2026, 9, 1))
    assert mail.outbox == []


@pytest.mark.django_db
def test_records_older_than_a_month_are_forgotten(alice):
    today = dt.date(2026, 9, 30)
    ReminderSent.objects.create(user=alice, sent_on=today - dt.timedelta(days=31))
    ReminderSent.objects.create(user=alice, sent_on=today - dt.timedelta(days=30))

    assert reminders.forget_old(today) == 1
    assert list(ReminderSent.objects.values_list("sent_on", flat=True)) == [dt.date(2026, 8, 31)]


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue, as in production, until `db_worker` runs them."""
    from asgiref.local import Local
    from django.tasks import task_backends

    def forget_backends():
        task_backends.__dict__.pop("settings", None)
        task_backends._settings = None
        task_backends._connections = Local(task_backends.thread_critical)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    forget_backends()
    yield
    forget_backends()


# Transactional: the worker closes its database connection when it finishes, as a worker should.
@pytest.mark.django_db(transaction=True)
def test_two_runs_queued_before_the_worker_starts_still_send_one_email(
    alice, action_due, queued_tasks
):
    from django_tasks_db.models import DBTaskResult

    run_reminders()
    run_reminders()
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2  # neither had been sent when the second run looked

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [message.to for message in mail.outbox] == [[alice.email]]
    assert ReminderSent.objects.filter(user=alice, sent_on=timezone.localdate()).count() == 1
    assert "passports" not in mail.outbox[0].body and "Jodie" not in mail.outbox[0].body
