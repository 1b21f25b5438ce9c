"""Helpers for account tests: codes computed the way an authenticator app computes them."""

import os
import time

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp_webauthn.models import WebAuthnCredential

from haven.accounts.models import AuthenticatorDevice, User
from tests.support.personas import PASSWORD


def code_for(device: AuthenticatorDevice, offset_steps: int = 0) -> str:
    """The code the user's app shows now (or `offset_steps` steps away)."""
    at = time.time() + offset_steps * device.step
    counter = int((at - device.t0) // device.step) + device.drift
    from django_otp.oath import hotp

    return str(hotp(device.bin_key, counter, device.digits)).zfill(device.digits)


def current_code(device: AuthenticatorDevice) -> str:
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(
        device.digits
    )


def password_step(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"email": email, "password": password})


def make_passkey(user: User, name: str = "Work laptop") -> WebAuthnCredential:
    """A stored passkey (not a usable one: its key is random bytes) for listing and removal."""
    credential_id = os.urandom(32)
    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        public_key=os.urandom(77),
        aaguid="00000000-0000-0000-0000-000000000000",
    )


def lock_account(email: str) -> AccessAttempt:
    """What django-axes stores after the failure limit is reached for this sign-in name."""
    return AccessAttempt.objects.create(
        username=email,
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/account/sign-in/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
