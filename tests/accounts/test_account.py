"""Your account: devices, recovery codes, passkeys, password."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from haven.accounts import services
from haven.accounts.models import AuthenticatorDevice, RecoveryCode
from haven.audit.models import AuditEvent
from tests.support.accounts import code_for, make_passkey, password_step
from tests.support.personas import PASSWORD

NEW_PASSWORD = "lantern orchard pebble violin"


def test_account_page_shows_how_you_sign_in(client_for, alice):
    services._replace_recovery_codes(alice)
    make_passkey(alice, name="Work laptop")
    page = client_for(alice).get(reverse("accounts:account")).content.decode()
    assert "Alice Officer" in page and "Case officer" in page and "North" in page
    assert "Authenticator app" in page
    assert "10 of 10 left" in page
    assert "Work laptop" in page
    # Passkeys need JavaScript: without it the page says so, and the scripts carry the nonce.
    assert "Adding a passkey needs JavaScript" in page
    assert 'id="passkey-registration-available-template"' in page
    assert 'id="otp_webauthn_config"' in page
    assert 'src="/static/django_otp_webauthn/otp_webauthn_register.js" nonce="' in page


def test_new_recovery_codes_replace_the_old_ones(client_for, alice):
    old = set(services._replace_recovery_codes(alice))
    client = client_for(alice)
    assert (
        "Your old recovery codes will stop working"
        in client.get(reverse("accounts:recovery-codes-new")).content.decode()
    )
    response = client.post(reverse("accounts:recovery-codes-new"))
    assert response["Location"] == reverse("accounts:recovery-codes")
    new = set(RecoveryCode.objects.filter(device__user=alice).values_list("code", flat=True))
    assert len(new) == 10 and not (new & old)
    page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert all(f"{c[:4]} {c[4:]}" in page for c in new)
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert AuditEvent.objects.filter(action="auth.recovery_codes_generated").count() == 1


def test_removing_a_passkey(client_for, alice, bob):
    passkey = make_passkey(alice)
    url = reverse("accounts:passkey-remove", kwargs={"pk": passkey.pk})
    assert client_for(bob).get(url).status_code == 404  # not yours: it does not exist
    assert client_for(bob).post(url).status_code == 404
    client = client_for(alice)
    assert "Remove this passkey?" in client.get(url).content.decode()
    done = client.post(url, follow=True)
    assert "Passkey removed" in done.content.decode()
    assert not services.passkeys_for(alice).exists()
    assert AuditEvent.objects.filter(action="auth.passkey_removed", actor=alice).count() == 1


def test_changing_your_password_signs_out_other_devices_and_tells_you_by_email(client_for, alice):
    client = client_for(alice)
    other = client_for(alice)
    url = reverse("accounts:password-change")

    wrong = client.post(
        url,
        {"current_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ).content.decode()
    assert "Your current password is not right" in wrong
    common = client.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password1": "password123",
            "new_password2": "password123",
        },
    ).content.decode()
    assert "There is a problem" in common

    done = client.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert mail.outbox[0].subject == "Your Haven password has changed"
    assert password_step(Client(), alice.email, NEW_PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_changed", actor=alice).count() == 1


def test_moving_to_a_new_authenticator_app_stops_the_old_one(client_for, alice, clock):
    old_device = alice.authenticatordevice_set.get()
    old_code = code_for(old_device)
    client = client_for(alice)
    page = client.get(reverse("accounts:authenticator-replace")).content.decode()
    assert (
        "Set up a new authenticator app" in page and "codes from the old one stop working" in page
    )
    new_device = AuthenticatorDevice.objects.get(user=alice, confirmed=False)

    wrong = client.post(reverse("accounts:authenticator-replace"), {"code": old_code})
    assert "That code is not right" in wrong.content.decode()
    clock.shift(2)
    done = client.post(
        reverse("accounts:authenticator-replace"), {"code": code_for(new_device)}, follow=True
    )
    assert "Your new authenticator app is set up" in done.content.decode()
    assert client.get("/").status_code == 200  # still signed in here
    assert list(AuthenticatorDevice.objects.filter(user=alice).values_list("pk", "confirmed")) == [
        (new_device.pk, True)
    ]

    clock.shift(60)
    again = Client()
    password_step(again, alice.email)
    refused = again.post(reverse("accounts:two-factor"), {"code": code_for(old_device)})
    assert "That code is not right" in refused.content.decode()
    clock.shift(2)
    accepted = again.post(reverse("accounts:two-factor"), {"code": code_for(new_device)})
    assert accepted["Location"] == reverse("core:home")
