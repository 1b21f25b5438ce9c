"""Staff accounts. Every person who signs in to Haven is a member of staff with one role."""

import hmac
import os
import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from haven.lib.crypto import EncryptedCharField


class Role(models.TextChoices):
    STAFF = "staff", "Staff member"
    CASE_OFFICER = "case_officer", "Case officer"
    COORDINATOR = "coordinator", "Domestic abuse coordinator"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "administrator", "Administrator"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("Every account needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        # A "superuser" in Haven is an administrator: it manages accounts, never case content.
        extra.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username or "")


# The second-factor devices below use django-otp's untyped DeviceManager, so django-stubs cannot
# type User's reverse managers for them (nothing in Haven uses those managers).
class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    email = models.EmailField("E-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_title = models.CharField(max_length=150, blank=True)
    # Shown at allocation, where a survivor has asked for a particular gender or language.
    gender = models.CharField(max_length=40, blank=True)
    languages = models.CharField(
        max_length=200, blank=True, help_text="Languages spoken, besides English"
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session of this user at once ("sign out of all devices", deactivation).
    session_epoch = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering: ClassVar = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_staff(self) -> bool:
        # Django's admin site is not installed; nobody is "staff" in its sense.
        return False

    @property
    def role_label(self) -> str:
        return Role(self.role).label


# --- Second factors ------------------------------------------------------------------------------
#
# Haven's own django-otp devices rather than django-otp's TOTPDevice and StaticDevice, whose
# secrets are plain columns: a backup or a copied database file would hold every account's
# second factor. These keep the same behaviour (django-otp finds any Device subclass in an
# installed app, so OTPMiddleware, is_verified() and django_otp.verify_token's row lock work as
# before) with the secrets encrypted by the field keys; `rotate_field_keys` re-encrypts them
# because it finds every EncryptedTextField on every model.


def new_totp_key() -> str:
    """20 random bytes, hex-encoded: the secret an authenticator app is given by the QR code."""
    return random_hex(20)


def new_recovery_code() -> str:
    """Eight lower-case base32 characters (40 random bits), as django-otp's StaticToken makes."""
    return b32encode(os.urandom(5)).decode("ascii").lower()


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238), with its shared secret encrypted at rest.

    Verification is django-otp's TOTPDevice.verify_token (django-otp 1.7), kept line for line:
    a code is accepted within `tolerance` steps either side, adjusted by the learned `drift`;
    `last_t` refuses any code at or before the last accepted step, so a code works once; and
    failures back off exponentially (ThrottlingMixin).
    """

    # Hex, as django-otp stores it; never searched, so only the ciphertext is in the column.
    key = EncryptedCharField(max_length=80, default=new_totp_key)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator app"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            typed = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(typed, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        label = str(self.user.get_username())
        query = urlencode(
            {
                "secret": b32encode(self.bin_key),
                "algorithm": "SHA1",
                "digits": self.digits,
                "period": self.step,
            }
        )
        issuer = getattr(settings, "OTP_TOTP_ISSUER", "")
        if isinstance(issuer, str) and issuer:
            issuer = issuer.replace(":", "")
            label = f"{issuer}:{label}"
            query += f"&issuer={quote(issuer)}"
        return f"otpauth://totp/{quote(label)}?{query}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of one-time recovery codes, as one device (throttled as one)."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token: Any) -> bool:
        """Accept an unused code and delete it, so each works once (as django-otp's
        StaticDevice does). The caller holds this device's row lock (django_otp.verify_token
        selects it for update), so two requests with the same code cannot both succeed."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = str(token).encode()
        match = None
        # Every code is decrypted and compared, whatever matches first: a code cannot be
        # looked up by value (the column is ciphertext), and ten comparisons take no time.
        for code in self.codes.all():
            if hmac.compare_digest(code.code.encode(), typed) and match is None:
                match = code
        if match is None:
            self.throttle_increment(commit=True)
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One recovery code, encrypted with the field keys.

    Why encrypted rather than hashed: a code has only 40 bits of randomness, so a hash in a stolen
    backup is guessed offline unless it is keyed or slow. Keyed with SECRET_KEY, every code would
    silently stop working when SECRET_KEY is rotated; keyed with a field key, `rotate_field_keys`
    could never re-key it (the code itself is gone), so old keys could never be retired; slow
    (Argon2) would cost up to ten slow hashes at every attempt. Encrypted, a backup without the
    field keys holds nothing usable, SECRET_KEY rotation changes nothing, key rotation re-encrypts
    the codes like any other field, and someone who also holds the field keys has every TOTP
    secret anyway, so a hash would protect nothing more.
    """

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code = EncryptedCharField(max_length=16)

    class Meta:
        verbose_name = "recovery code"

    def __str__(self) -> str:
        return "Recovery code"  # never the code itself: a str() can end up in a log
