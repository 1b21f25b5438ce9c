"""Second factors at rest: a backup of the database holds no TOTP secret and no recovery code
that can be read without the field keys, and rotating those keys keeps everyone able to sign in."""

import base64
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from haven.accounts import services
from haven.accounts.models import AuthenticatorDevice, RecoveryCode
from haven.accounts.rules import format_recovery_code, format_secret_for_typing
from haven.lib.crypto import TOKEN_PREFIX
from tests.support.accounts import code_for, password_step
from tests.support.database_dump import dump_database


def readable_forms_of(hex_key: str) -> list[str]:
    """Every way the secret is written down: as stored by django-otp (hex), as an authenticator
    app takes it (base32, with and without padding), and as Haven shows it for typing."""
    base32 = base64.b32encode(bytes.fromhex(hex_key)).decode()
    return [
        hex_key.lower(),
        hex_key.upper(),
        base32,
        base32.rstrip("="),
        base32.rstrip("=").lower(),
        format_secret_for_typing(hex_key),
    ]


def raw_column(model, field: str, pk: int) -> str:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(field)} FROM {quote(model._meta.db_table)} WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_totp_secret_and_no_recovery_code(newcomer):
    # Set up the way a person does: scan the QR code, confirm a code, get recovery codes.
    client = Client()
    password_step(client, newcomer.email)
    client.get(reverse("accounts:two-factor-set-up"))
    device = AuthenticatorDevice.objects.get(user=newcomer)
    done = client.post(reverse("accounts:two-factor-set-up"), {"code": code_for(device)})
    assert done["Location"] == reverse("accounts:recovery-codes")
    codes = list(RecoveryCode.objects.filter(device__user=newcomer).values_list("code", flat=True))
    assert len(codes) == services.RECOVERY_CODE_COUNT

    dump = dump_database()
    # The session (stored in the database, or in Redis) keeps the new codes until the person
    # says they have saved them; its data is only encoded, so look at it decoded too.
    session = str(dict(client.session.items()))

    # A real dump, with the account and its second factors in it...
    assert newcomer.email in dump
    assert raw_column(AuthenticatorDevice, "key", device.pk) in dump
    assert dump.count(TOKEN_PREFIX) >= 1 + len(codes)
    # ...but only as ciphertext.
    for secret in readable_forms_of(device.key):
        assert secret not in dump
        assert secret not in session
    for code in codes:
        for form in (code, code.upper(), format_recovery_code(code)):
            assert form not in dump
            assert form not in session

    # They are still shown once, in full, and then no more.
    page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert all(format_recovery_code(code) in page for code in codes)
    client.post(reverse("accounts:recovery-codes"), {"saved": "on"})
    assert client.get(reverse("accounts:recovery-codes"))["Location"] == reverse("accounts:account")


@pytest.mark.django_db
def test_rotating_the_field_keys_re_encrypts_second_factors_and_sign_in_still_works(
    clock, alice, settings
):
    device = alice.authenticatordevice_set.get()
    codes = services._replace_recovery_codes(alice)
    stored_before = raw_column(AuthenticatorDevice, "key", device.pk)
    new_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [new_key, *settings.HAVEN_FIELD_KEYS]

    output = StringIO()
    call_command("rotate_field_keys", stdout=output)
    assert "accounts.AuthenticatorDevice.key: 1 re-encrypted" in output.getvalue()
    assert (
        f"accounts.RecoveryCode.code: {services.RECOVERY_CODE_COUNT} re-encrypted"
        in output.getvalue()
    )

    # The old keys are retired: only the new one is left, and it alone reads the secret.
    settings.HAVEN_FIELD_KEYS = [new_key]
    stored_after = raw_column(AuthenticatorDevice, "key", device.pk)
    assert stored_after != stored_before
    assert Fernet(new_key).decrypt(stored_after.removeprefix(TOKEN_PREFIX)).decode() == device.key

    client = Client()
    password_step(client, alice.email)
    signed_in = client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert signed_in["Location"] == reverse("core:home")

    clock.shift(60)
    other = Client()
    password_step(other, alice.email)
    recovered = other.post(reverse("accounts:two-factor-recovery"), {"code": codes[0]})
    assert recovered["Location"] == reverse("core:home")
    assert services.recovery_codes_left(alice) == services.RECOVERY_CODE_COUNT - 1
