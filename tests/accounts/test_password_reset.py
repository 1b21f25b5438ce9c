"""Password reset by e-mail: never reveals an account; ends every session; second factor still needed."""

import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.audit.models import AuditEvent
from tests.support.accounts import lock_account, password_step
from tests.support.personas import PASSWORD

NEW_PASSWORD = "lantern orchard pebble violin"


def ask_for_link(client: Client, email: str):
    return client.post(reverse("accounts:password-reset"), {"email": email})


def link_in(message) -> str:
    return re.search(r"http://testserver(/account/password-reset/\S+/)", message.body).group(1)


def test_reset_by_email_ends_every_session_and_still_needs_the_second_factor(client_for, alice):
    signed_in_elsewhere = client_for(alice)
    client = Client()
    response = ask_for_link(client, "Alice@Example.org")
    assert response["Location"] == reverse("accounts:password-reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Alice Officer" in message.body

    link = link_in(message)
    # The token leaves the address bar straight away (it must not leak in a Referer header).
    form_url = client.get(link)["Location"]
    assert "set-password" in form_url
    page = client.get(form_url).content.decode()
    assert "Choose a new password" in page and 'id="id_new_password1"' in page

    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "The two passwords do not match" in mismatch.content.decode()
    short = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "too short" in short.content.decode()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert "Your password has been saved" in client.get(done["Location"]).content.decode()

    assert signed_in_elsewhere.get("/").status_code == 302
    assert password_step(Client(), alice.email, PASSWORD).status_code == 200  # old one refused
    fresh = Client()
    assert password_step(fresh, alice.email, NEW_PASSWORD)["Location"] == reverse(
        "accounts:two-factor"
    )
    assert fresh.get("/")["Location"] == reverse("accounts:two-factor")

    # The link works once.
    again = Client()
    assert "This link does not work" in again.get(link).content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.password_reset_requested", "auth.password_reset_completed"} <= actions


def test_an_unknown_address_gets_the_same_answer_and_no_email(db):
    client = Client()
    response = ask_for_link(client, "nobody@example.org")
    assert response["Location"] == reverse("accounts:password-reset-sent")
    page = client.get(response["Location"]).content.decode()
    assert "If there is an account for the address you entered" in page
    assert mail.outbox == []
    event = AuditEvent.objects.get(action="auth.password_reset_requested")
    assert event.detail == {"known_account": False}
    assert "nobody" not in str(event.detail) + event.object_id + event.actor_label


def test_a_deactivated_account_gets_no_link(alice):
    alice.is_active = False
    alice.save()
    ask_for_link(Client(), alice.email)
    assert mail.outbox == []


def test_resetting_the_password_unlocks_a_locked_account(alice):
    lock_account(alice.email)
    assert password_step(Client(), alice.email, PASSWORD).status_code == 403
    client = Client()
    ask_for_link(client, alice.email)
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert password_step(Client(), alice.email, NEW_PASSWORD).status_code == 302


def test_the_request_form_explains_mistakes(db):
    page = Client().post(reverse("accounts:password-reset"), {"email": "not an address"})
    html = page.content.decode()
    assert "Enter an e-mail address in the correct format" in html
    assert 'value="not an address"' in html


def test_a_made_up_link_is_explained_kindly(db):
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": "zz", "token": "abc-def"})
    page = Client().get(url)
    assert page.status_code == 200
    assert "This link does not work" in page.content.decode()


def test_reset_emails_to_one_account_are_limited_to_a_few_an_hour(alice, clock):
    client = Client()
    for _ in range(5):
        assert ask_for_link(client, alice.email)["Location"] == reverse(
            "accounts:password-reset-sent"
        )
    assert len(mail.outbox) == 3
    clock.shift(3601)
    ask_for_link(client, alice.email)
    assert len(mail.outbox) == 4


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
def test_known_and_unknown_addresses_do_the_same_work_and_the_worker_sends_the_email(
    alice, queued_tasks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    ask_for_link(Client(), "warm-up@example.org")  # the first request loads what later ones reuse
    DBTaskResult.objects.all().delete()
    counts = {}
    for label, address in (("known", alice.email), ("unknown", "nobody@example.org")):
        with CaptureQueriesContext(connection) as queries:
            response = ask_for_link(Client(), address)
        assert response["Location"] == reverse("accounts:password-reset-sent")
        counts[label] = len(queries)
    # Nothing is sent during the request: one task is queued whether or not the account exists.
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2
    assert counts["known"] == counts["unknown"]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "nobody" not in json.dumps(list(DBTaskResult.objects.values("args_kwargs")))
