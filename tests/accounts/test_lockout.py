"""Lockout after repeated wrong passwords; an administrator unlocks; nothing typed is logged."""

import json

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from haven.audit.models import AuditEvent
from tests.support.accounts import password_step
from tests.support.personas import PASSWORD

WRONG = "wrong horse battery staple"


def all_logged_text() -> str:
    return json.dumps(
        list(AuditEvent.objects.values("actor_label", "object_id", "reason", "detail")), default=str
    )


def test_wrong_password_never_says_which_part_was_wrong(alice):
    client = Client()
    wrong_password = password_step(client, alice.email, WRONG).content.decode()
    unknown_address = password_step(client, "nobody@example.org", PASSWORD).content.decode()
    message = "The e-mail address or password is not right"
    assert message in wrong_password and message in unknown_address


def test_five_wrong_passwords_lock_the_account_until_an_administrator_unlocks_it(
    alice, ada, client_for
):
    client = Client()
    for attempt in range(4):
        response = password_step(client, alice.email, f"{WRONG} {attempt}")
        assert response.status_code == 200
    locked = password_step(client, alice.email, WRONG)
    assert locked.status_code == 403
    page = locked.content.decode()
    assert "Your account is locked" in page
    assert "Reset your password" in page and "ask an administrator" in page

    # Even the right password is refused while locked.
    assert password_step(Client(), alice.email, PASSWORD).status_code == 403
    assert AuditEvent.objects.filter(action="auth.account_locked").count() == 1
    failed = AuditEvent.objects.filter(action="auth.sign_in_failed")
    assert failed.count() == 6
    assert all(e.object_id == str(alice.pk) for e in failed)

    admin = client_for(ada)
    listing = admin.get(reverse("accounts:user-list")).content.decode()
    assert "Locked" in listing
    detail_url = reverse("accounts:user-detail", kwargs={"pk": alice.pk})
    assert "Unlock the account" in admin.get(detail_url).content.decode()
    unlock_url = reverse("accounts:user-unlock", kwargs={"pk": alice.pk})
    refused = admin.post(unlock_url, {"reason": ""}).content.decode()
    assert "Enter why you are doing this" in refused
    done = admin.post(unlock_url, {"reason": "Alice phoned; she had caps lock on"}, follow=True)
    assert "account is unlocked" in done.content.decode()
    event = AuditEvent.objects.get(action="users.unlocked")
    assert event.reason == "Alice phoned; she had caps lock on" and event.actor_id == ada.pk

    assert password_step(Client(), alice.email, PASSWORD)["Location"] == reverse(
        "accounts:two-factor"
    )


def test_changing_the_capitals_of_the_address_does_not_escape_the_lockout(alice):
    client = Client()
    for spelling in [
        "alice@example.org",
        "ALICE@example.org",
        "Alice@Example.org ",
        "alice@EXAMPLE.org",
        "aLiCe@example.org",
    ]:
        response = password_step(client, spelling, WRONG)
    assert response.status_code == 403


def test_failed_sign_ins_never_record_the_password_or_an_unknown_address(alice):
    client = Client()
    password_step(client, alice.email, "my-secret-guess-1")
    password_step(client, "someone.else@example.org", "my-secret-guess-2")
    password_step(client, PASSWORD, PASSWORD)  # a password typed into the address box

    logged = all_logged_text()
    assert "my-secret-guess" not in logged
    assert "someone.else" not in logged
    assert PASSWORD not in logged
    unknown = AuditEvent.objects.filter(action="auth.sign_in_failed", object_id="")
    assert unknown.count() == 1  # the malformed address never reached authenticate()
    assert unknown.get().detail == {"known_account": False, "account_locked": False}
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "my-secret-guess" not in stored


def test_successful_sign_in_clears_earlier_failures(alice):
    client = Client()
    for _ in range(4):
        password_step(client, alice.email, WRONG)
    password_step(client, alice.email, PASSWORD)
    client.post(reverse("accounts:sign-out"))
    for _ in range(4):
        assert password_step(Client(), alice.email, WRONG).status_code == 200
