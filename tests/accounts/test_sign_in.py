"""Signing in: password, then a second factor; enrolment on first sign-in; wrong codes."""

import re

from django.test import Client
from django.urls import reverse

from haven.accounts import services
from haven.accounts.models import AuthenticatorDevice, RecoveryCode
from haven.audit.models import AuditEvent
from tests.support.accounts import code_for, password_step
from tests.support.personas import PASSWORD


def actions_for(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    ) + list(AuditEvent.objects.filter(actor=user).values_list("action", flat=True))


def test_first_sign_in_enrols_an_authenticator_shows_recovery_codes_then_signs_in_again(
    clock, newcomer
):
    client = Client()
    assert client.get("/")["Location"] == reverse("accounts:sign-in") + "?next=/"

    response = client.post(
        reverse("accounts:sign-in") + "?next=/",
        {"email": "Nia@Example.org ", "password": PASSWORD, "next": "/"},
    )
    assert response["Location"] == reverse("accounts:two-factor")
    # No second factor yet: the two-factor page sends them on to set one up, and nothing else
    # can be reached in the meantime.
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse(
        "accounts:two-factor-set-up"
    )
    assert client.get("/")["Location"] == reverse("accounts:two-factor")
    assert client.get(reverse("accounts:account"))["Location"] == reverse("accounts:two-factor")

    page = client.get(reverse("accounts:two-factor-set-up"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = AuthenticatorDevice.objects.get(user=newcomer, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    # Reloading the page keeps the same secret, so a code from an already-scanned QR still works.
    client.get(reverse("accounts:two-factor-set-up"))
    assert AuthenticatorDevice.objects.filter(user=newcomer).count() == 1

    wrong = client.post(reverse("accounts:two-factor-set-up"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert 'id="id_code"' in wrong.content.decode()

    clock.shift(5)
    done = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    assert done["Location"] == reverse("accounts:recovery-codes")

    codes_page = client.get(reverse("accounts:recovery-codes")).content.decode()
    codes = list(RecoveryCode.objects.filter(device__user=newcomer).values_list("code", flat=True))
    assert len(codes) == 10
    for code in codes:
        assert f"{code[:4]} {code[4:]}" in codes_page

    unticked = client.post(reverse("accounts:recovery-codes"), {})
    assert "Confirm that you have saved your recovery codes" in unticked.content.decode()
    saved = client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert saved["Location"] == "/"  # where they were going before signing in
    # Shown once: afterwards the page sends them to their account instead.
    assert client.get(reverse("accounts:recovery-codes"))["Location"] == reverse("accounts:account")
    assert client.get("/").status_code == 200

    client.post(reverse("accounts:sign-out"))
    assert client.get("/").status_code == 302

    clock.shift(60)
    again = Client()
    assert password_step(again, "nia@example.org")["Location"] == reverse("accounts:two-factor")
    form = again.get(reverse("accounts:two-factor")).content.decode()
    assert 'id="id_code"' in form and "Use a recovery code" in form
    signed_in = again.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert signed_in["Location"] == reverse("core:home")
    assert again.get("/").status_code == 200

    actions = actions_for(newcomer)
    for expected in (
        "auth.sign_in",
        "auth.second_factor_enrolled",
        "auth.sign_out",
        "auth.second_factor_passed",
    ):
        assert expected in actions


def test_passing_the_second_factor_gives_the_session_a_new_key(clock, alice):
    client = Client()
    password_step(client, alice.email)
    key_after_password = client.cookies["haven-session"].value
    client.post(
        reverse("accounts:two-factor"), {"code": code_for(alice.authenticatordevice_set.get())}
    )
    assert client.cookies["haven-session"].value != key_after_password
    assert client.get("/").status_code == 200


def test_codes_can_be_typed_with_a_space(clock, alice):
    client = Client()
    password_step(client, alice.email)
    code = code_for(alice.authenticatordevice_set.get())
    response = client.post(reverse("accounts:two-factor"), {"code": f"{code[:3]} {code[3:]}"})
    assert response["Location"] == reverse("core:home")


def test_wrong_code_messages_are_specific(clock, alice):
    device = alice.authenticatordevice_set.get()
    client = Client()
    password_step(client, alice.email)
    url = reverse("accounts:two-factor")

    empty = client.post(url, {"code": ""}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in empty
    assert "There is a problem" in empty
    assert "The code must be 6 numbers" in client.post(url, {"code": "12ab56"}).content.decode()

    wrong = client.post(url, {"code": "000000"}).content.decode()
    assert "That code is not right" in wrong

    clock.shift(10)
    expired = client.post(url, {"code": code_for(device, offset_steps=-6)}).content.decode()
    assert "That code has expired" in expired

    problems = list(
        AuditEvent.objects.filter(action="auth.second_factor_failed").values_list(
            "detail", flat=True
        )
    )
    assert [p["problem"] for p in problems] == ["wrong", "expired"]


def test_a_code_cannot_be_used_twice(clock, alice):
    device = alice.authenticatordevice_set.get()
    code = code_for(device)
    first = Client()
    password_step(first, alice.email)
    assert first.post(reverse("accounts:two-factor"), {"code": code}).status_code == 302

    second = Client()
    password_step(second, alice.email)
    again = second.post(reverse("accounts:two-factor"), {"code": code}).content.decode()
    assert "That code has already been used" in again


def test_guessing_codes_is_slowed_down_and_every_failure_counts(clock, alice):
    device = alice.authenticatordevice_set.get()
    client = Client()
    password_step(client, alice.email)
    url = reverse("accounts:two-factor")

    client.post(url, {"code": "000000"})
    client.post(url, {"code": "111111"})  # straight away: refused without being checked
    throttled = client.post(url, {"code": code_for(device)}).content.decode()
    assert "You have entered too many wrong codes. Wait 1 second, then try again" in throttled
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    clock.shift(1)
    client.post(url, {"code": "222222"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    assert "Wait 2 seconds" in client.post(url, {"code": code_for(device)}).content.decode()

    clock.shift(2)
    assert client.post(url, {"code": code_for(device)})["Location"] == reverse("core:home")
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_recovery_codes_work_once_each(clock, alice):
    codes = services._replace_recovery_codes(alice)
    client = Client()
    password_step(client, alice.email)
    url = reverse("accounts:two-factor-recovery")

    used = client.post(url, {"code": f" {codes[0][:4].upper()} {codes[0][4:]}"}, follow=True)
    assert used.redirect_chain[0][0] == reverse("core:home")
    assert "You have 9 recovery codes left" in used.content.decode()
    assert services.recovery_codes_left(alice) == 9
    assert AuditEvent.objects.filter(action="auth.recovery_code_used").count() == 1

    client.post(reverse("accounts:sign-out"))
    clock.shift(60)
    again = Client()
    password_step(again, alice.email)
    refused = again.post(url, {"code": codes[0]}).content.decode()
    assert "That recovery code is not right, or it has been used already" in refused
    assert "Recovery codes are 8 letters" in again.post(url, {"code": "12"}).content.decode()

    clock.shift(5)
    assert again.post(url, {"code": codes[1]})["Location"] == reverse("core:home")


def test_someone_with_only_a_password_reaches_nothing_but_the_second_factor(clock, alice, ada):
    client = Client()
    password_step(client, alice.email)
    for url in (
        "/",
        reverse("accounts:account"),
        reverse("accounts:password-change"),
        reverse("accounts:sign-out-everywhere"),
        reverse("accounts:recovery-codes-new"),
        reverse("accounts:user-list"),
        reverse("accounts:user-detail", kwargs={"pk": ada.pk}),
    ):
        assert client.get(url)["Location"] == reverse("accounts:two-factor"), url
    refused = client.post(reverse("accounts:sign-out-everywhere"))
    assert refused["Location"] == reverse("accounts:two-factor")
    alice.refresh_from_db()
    assert alice.session_epoch == 0


def test_someone_signed_in_is_not_asked_to_sign_in_again(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("accounts:sign-in"))["Location"] == reverse("core:home")
    assert client.get(reverse("accounts:two-factor"))["Location"] == reverse("core:home")


def test_next_must_stay_on_this_site(clock, alice):
    client = Client()
    client.post(
        reverse("accounts:sign-in"),
        {"email": alice.email, "password": PASSWORD, "next": "https://evil.example.com/"},
    )
    response = client.post(
        reverse("accounts:two-factor"), {"code": code_for(alice.authenticatordevice_set.get())}
    )
    assert response["Location"] == reverse("core:home")


def test_sign_in_form_errors_keep_the_typed_address_and_never_the_password(db):
    client = Client()
    empty = client.post(reverse("accounts:sign-in"), {"email": "", "password": ""}).content.decode()
    assert "Enter your e-mail address" in empty and "Enter your password" in empty
    assert 'href="#id_email"' in empty

    typed = client.post(
        reverse("accounts:sign-in"), {"email": "not-an-address", "password": "secret words here"}
    ).content.decode()
    assert "Enter an e-mail address in the correct format" in typed
    assert 'value="not-an-address"' in typed
    assert "secret words here" not in typed


def test_hostile_input_is_shown_safely(db):
    client = Client()
    script = '<script>alert("x")</script>@example.org'
    page = client.post(reverse("accounts:sign-in"), {"email": script, "password": "x"})
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()
    nul = client.post(
        reverse("accounts:sign-in"), {"email": "a\x00@example.org", "password": "x\x00"}
    )
    assert nul.status_code == 200
    long = client.post(reverse("accounts:sign-in"), {"email": "a" * 5000, "password": "p" * 5000})
    assert long.status_code == 200
