"""Haven's authenticator device checks codes exactly as django-otp's TOTPDevice does: one step
either side, learning the phone's clock drift, never the same step twice, slower after failures."""

import django_otp

from haven.accounts.models import AuthenticatorDevice
from haven.core.demo import base32_secret
from tests.support.accounts import code_for


def test_a_phone_a_step_ahead_is_accepted_and_its_drift_learned(clock, alice):
    device = AuthenticatorDevice.objects.get(user=alice)
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device, 1)) == device
    device.refresh_from_db()
    assert device.drift == 1
    # Two steps ahead of the server is outside the tolerance, even allowing for the drift now.
    clock.shift(30)
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device, 2)) is None


def test_a_code_is_never_accepted_twice_nor_an_earlier_one_after_it(clock, alice):
    device = AuthenticatorDevice.objects.get(user=alice)
    code = code_for(device)
    assert django_otp.verify_token(alice, device.persistent_id, code) == device
    clock.shift(5)
    assert django_otp.verify_token(alice, device.persistent_id, code) is None
    clock.shift(5)
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device, -1)) is None
    clock.shift(30)
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device)) == device


def test_after_a_wrong_code_even_the_right_one_waits(clock, alice):
    device = AuthenticatorDevice.objects.get(user=alice)
    assert django_otp.verify_token(alice, device.persistent_id, "not a code") is None
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device)) is None
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    clock.shift(1)
    assert django_otp.verify_token(alice, device.persistent_id, code_for(device)) == device
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_qr_code_address_names_the_landlord_and_carries_the_secret(alice, settings):
    settings.OTP_TOTP_ISSUER = "Northside Homes: Safer"
    device = AuthenticatorDevice.objects.get(user=alice)
    url = device.config_url
    assert url.startswith("otpauth://totp/Northside%20Homes%20Safer%3Aalice%40example.org?")
    assert "issuer=Northside%20Homes%20Safer" in url
    assert f"secret={base32_secret(device.bin_key)}" in url
    assert "digits=6" in url and "period=30" in url and "algorithm=SHA1" in url
