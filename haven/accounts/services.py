"""Every change to accounts, sign-in state and second factors. One transaction, one access event.

Events written here (sign-in success and failure come from signals.py):
auth.second_factor_passed / _failed, auth.second_factor_enrolled, auth.recovery_code_used,
auth.recovery_codes_generated, auth.passkey_added / _removed, auth.sign_out,
auth.signed_out_everywhere, auth.password_changed, auth.password_reset_requested / _completed,
users.created / updated / deactivated / reactivated / unlocked / second_factor_reset /
set_password_email_sent.
"""

import time
from dataclasses import dataclass, field
from typing import Any

import django_otp
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.db import transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp_webauthn.models import WebAuthnCredential

from haven.accounts import emails
from haven.accounts.middleware import SESSION_EPOCH, mark_session_fresh
from haven.accounts.models import (
    AuthenticatorDevice,
    RecoveryCode,
    RecoveryCodeDevice,
    Team,
    User,
    new_recovery_code,
)
from haven.accounts.policies import signed_in_user
from haven.accounts.rules import CodeProblem, account_is_locked, seconds_until, why_code_failed
from haven.accounts.tasks import send_password_reset_email
from haven.audit.services import client_address, record_event
from haven.lib import rate_limits
from haven.lib.crypto import decrypt_text, encrypt_text

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
AUTHENTICATOR_DEVICE_NAME = "Authenticator app"
# Session key holding freshly made recovery codes until the user says they have saved them.
SESSION_NEW_RECOVERY_CODES = "haven_new_recovery_codes"
# Session key holding where to go once signing in is finished (checked as safe when stored).
SESSION_NEXT = "haven_next"

THROTTLED = "throttled"
PASSWORD_RESET_EMAILS_PER_HOUR = 3

METHOD_AUTHENTICATOR = "authenticator_app"
METHOD_RECOVERY_CODE = "recovery_code"
METHOD_PASSKEY = "passkey"


@dataclass
class CodeOutcome:
    """What happened to a code someone typed."""

    accepted: bool
    problem: str = ""
    wait_seconds: int = 0
    detail: dict[str, Any] = field(default_factory=dict)


# --- Second factors: what a user has ------------------------------------------------------------


def authenticator_for(user: User) -> AuthenticatorDevice | None:
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def passkeys_for(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user: User) -> bool:
    """Recovery codes alone do not count: they back up a factor, they are not one."""
    return (
        AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
        or passkeys_for(user).exists()
    )


def users_with_second_factor(users: list[User]) -> set[int]:
    ids = [u.pk for u in users]
    with_totp = AuthenticatorDevice.objects.filter(user_id__in=ids, confirmed=True).values_list(
        "user_id", flat=True
    )
    with_passkey = WebAuthnCredential.objects.filter(user_id__in=ids, confirmed=True).values_list(
        "user_id", flat=True
    )
    return set(with_totp) | set(with_passkey)


def locked_emails(emails_: list[str]) -> set[str]:
    """Which of these sign-in names are locked by repeated wrong passwords (django-axes)."""
    cool_off_started = timezone.now() - settings.AXES_COOLOFF_TIME
    totals = (
        AccessAttempt.objects.filter(username__in=emails_, attempt_time__gt=cool_off_started)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
    )
    return {
        row["username"]
        for row in totals
        if account_is_locked(row["failures"] or 0, settings.AXES_FAILURE_LIMIT)
    }


def is_locked(user: User) -> bool:
    return user.email in locked_emails([user.email])


def clear_expired_lockouts() -> int:
    """Delete failure records whose cool-off has ended (they hold typed sign-in names)."""
    cool_off_started = timezone.now() - settings.AXES_COOLOFF_TIME
    removed, _ = AccessAttempt.objects.filter(attempt_time__lte=cool_off_started).delete()
    removed += AccessLog.objects.filter(attempt_time__lte=cool_off_started).delete()[0]
    removed += AccessFailureLog.objects.filter(attempt_time__lte=cool_off_started).delete()[0]
    return removed


# --- Failed sign-ins per client address --------------------------------------------------------

SIGN_IN_FAILURES = "sign-in-failures"


def sign_in_paused_for_address(request: HttpRequest) -> bool:
    """Whether the client's address had too many failed sign-ins in the last hour, whatever
    accounts they were for (guessing one password against many accounts)."""
    paused = rate_limits.exhausted(
        SIGN_IN_FAILURES,
        client_address(request.META),
        limit=settings.HAVEN_SIGN_IN_FAILURES_PER_ADDRESS,
    )
    if paused:
        record_event(
            "auth.sign_in_paused",
            request=request,
            detail={"failures_per_hour": settings.HAVEN_SIGN_IN_FAILURES_PER_ADDRESS},
        )
    return paused


def count_failed_sign_in(request: HttpRequest) -> None:
    rate_limits.take(
        SIGN_IN_FAILURES,
        client_address(request.META),
        limit=settings.HAVEN_SIGN_IN_FAILURES_PER_ADDRESS,
        window_seconds=3600,
    )


# --- Finishing sign-in -------------------------------------------------------------------------


def _finish_sign_in(request: HttpRequest, device: Device) -> None:
    """The second factor is passed: mark the session verified, current, and under a new key."""
    otp_login(request, device)
    # A new session key once fully signed in: a key seen before this point (on a shared
    # computer, say) is worthless afterwards.
    request.session.cycle_key()
    mark_session_fresh(request, request.user)


def _record_failure(request: HttpRequest, method: str, problem: str) -> None:
    record_event(
        "auth.second_factor_failed",
        request=request,
        target=signed_in_user(request),
        detail={"method": method, "problem": problem},
    )


def _throttle(device: Device) -> int:
    """Seconds the user must wait before this device will check another code (0: no wait)."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return seconds_until(info["locked_until"].timestamp(), time.time())


def verify_authenticator_code(request: HttpRequest, code: str) -> CodeOutcome:
    user = signed_in_user(request)
    device = authenticator_for(user)
    if device is None:
        return CodeOutcome(False, CodeProblem.WRONG)
    wait = _throttle(device)
    if wait:
        _record_failure(request, METHOD_AUTHENTICATOR, THROTTLED)
        return CodeOutcome(False, THROTTLED, wait)
    # django_otp.verify_token locks the device row, so two guesses at once cannot both be
    # checked against the same throttle count, and every failure counts.
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is not None:
        with transaction.atomic():
            _finish_sign_in(request, verified)
            record_event(
                "auth.second_factor_passed",
                request=request,
                detail={"method": METHOD_AUTHENTICATOR},
            )
        return CodeOutcome(True)
    device.refresh_from_db()
    problem = why_code_failed(
        device.bin_key,
        code,
        time.time(),
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift,
        tolerance=device.tolerance,
        last_used_step=device.last_t,
    )
    _record_failure(request, METHOD_AUTHENTICATOR, problem)
    return CodeOutcome(False, problem)


def verify_recovery_code(request: HttpRequest, code: str) -> CodeOutcome:
    user = signed_in_user(request)
    device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        _record_failure(request, METHOD_RECOVERY_CODE, CodeProblem.WRONG)
        return CodeOutcome(False, CodeProblem.WRONG)
    wait = _throttle(device)
    if wait:
        _record_failure(request, METHOD_RECOVERY_CODE, THROTTLED)
        return CodeOutcome(False, THROTTLED, wait)
    # The device deletes the code it matches: each recovery code works once.
    verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        _record_failure(request, METHOD_RECOVERY_CODE, CodeProblem.WRONG)
        return CodeOutcome(False, CodeProblem.WRONG)
    remaining = recovery_codes_left(user)
    with transaction.atomic():
        _finish_sign_in(request, verified)
        record_event(
            "auth.recovery_code_used",
            request=request,
            detail={"method": METHOD_RECOVERY_CODE, "codes_left": remaining},
        )
    return CodeOutcome(True, detail={"codes_left": remaining})


def passkey_passed(request: HttpRequest, credential: WebAuthnCredential) -> None:
    """Called once django-otp-webauthn has checked a passkey for the signed-in user."""
    with transaction.atomic():
        _finish_sign_in(request, credential)
        record_event(
            "auth.second_factor_passed", request=request, detail={"method": METHOD_PASSKEY}
        )


def passkey_failed(request: HttpRequest, problem: str) -> None:
    if request.user.is_authenticated:
        _record_failure(request, METHOD_PASSKEY, problem)


# --- Enrolment and recovery codes -------------------------------------------------------------


def authenticator_for_enrolment(user: User) -> AuthenticatorDevice:
    """The unconfirmed authenticator being set up: the same one across page reloads, so the QR
    code a person has already scanned stays right."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = AuthenticatorDevice.objects.create(
            user=user, name=AUTHENTICATOR_DEVICE_NAME, confirmed=False
        )
    return device


def _replace_recovery_codes(user: User) -> list[str]:
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.codes.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(new_recovery_code())
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code=code) for code in codes)
    return sorted(codes)


def _check_new_authenticator_code(device: AuthenticatorDevice, code: str) -> CodeOutcome:
    wait = _throttle(device)
    if wait:
        return CodeOutcome(False, THROTTLED, wait)
    if device.verify_token(code):
        return CodeOutcome(True)
    device.refresh_from_db()
    problem = why_code_failed(
        device.bin_key,
        code,
        time.time(),
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift,
        tolerance=device.tolerance,
        last_used_step=device.last_t,
    )
    return CodeOutcome(False, problem)


def confirm_authenticator(
    request: HttpRequest, device: AuthenticatorDevice, code: str
) -> CodeOutcome:
    """Finish setting up a first authenticator app with a code from it; make recovery codes."""
    outcome = _check_new_authenticator_code(device, code)
    if not outcome.accepted:
        return outcome
    user = signed_in_user(request)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AuthenticatorDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _replace_recovery_codes(user)
        _finish_sign_in(request, device)
        _keep_to_show(request, codes)
        record_event(
            "auth.second_factor_enrolled",
            request=request,
            detail={"method": METHOD_AUTHENTICATOR, "recovery_codes": len(codes)},
        )
    return outcome


def replace_authenticator(
    request: HttpRequest, device: AuthenticatorDevice, code: str
) -> CodeOutcome:
    """Move to a new authenticator app (a new phone, say): the old one stops working at once."""
    outcome = _check_new_authenticator_code(device, code)
    if not outcome.accepted:
        return outcome
    user = signed_in_user(request)
    with transaction.atomic():
        AuthenticatorDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # This session carries on, now verified by the new app.
        otp_login(request, device)
        record_event(
            "auth.second_factor_enrolled",
            request=request,
            detail={"method": METHOD_AUTHENTICATOR, "replaced": True},
        )
    return outcome


def regenerate_recovery_codes(request: HttpRequest) -> list[str]:
    """New recovery codes; every old one stops working."""
    with transaction.atomic():
        codes = _replace_recovery_codes(signed_in_user(request))
        _keep_to_show(request, codes)
        record_event("auth.recovery_codes_generated", request=request, detail={"count": len(codes)})
    return codes


def _keep_to_show(request: HttpRequest, codes: list[str]) -> None:
    # Encrypted like the stored codes: the session lives in the database (or Redis) until the
    # person says they have saved the codes, and a backup taken meanwhile must not hold them.
    request.session[SESSION_NEW_RECOVERY_CODES] = encrypt_text(" ".join(codes))


def recovery_codes_to_show(request: HttpRequest) -> list[str]:
    """The codes just made for this person, until they say they have saved them."""
    stored = request.session.get(SESSION_NEW_RECOVERY_CODES)
    if not stored:
        return []
    try:
        return decrypt_text(stored).split()
    except ValueError:
        # Unreadable (its key retired meanwhile): they can ask for new codes from their account.
        request.session.pop(SESSION_NEW_RECOVERY_CODES, None)
        return []


def acknowledge_recovery_codes(request: HttpRequest) -> None:
    request.session.pop(SESSION_NEW_RECOVERY_CODES, None)


def passkey_added(request: HttpRequest, credential_id: int) -> None:
    record_event(
        "auth.passkey_added",
        request=request,
        object_type="django_otp_webauthn.webauthncredential",
        object_id=credential_id,
    )


def remove_passkey(request: HttpRequest, credential: WebAuthnCredential) -> None:
    with transaction.atomic():
        credential_id = credential.pk
        credential.delete()
        record_event(
            "auth.passkey_removed",
            request=request,
            object_type="django_otp_webauthn.webauthncredential",
            object_id=credential_id,
        )


# --- Signing out, passwords ---------------------------------------------------------------------


def _raise_session_epoch(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


def sign_out(request: HttpRequest) -> None:
    record_event("auth.sign_out", request=request)
    logout(request)


def sign_out_everywhere(request: HttpRequest) -> None:
    """End every other session of this user at its next request; this one carries on."""
    user = signed_in_user(request)
    with transaction.atomic():
        _raise_session_epoch(user)
        request.session[SESSION_EPOCH] = user.session_epoch
        request.session.cycle_key()
        record_event("auth.signed_out_everywhere", request=request)


def change_password(request: HttpRequest, form) -> None:
    user = signed_in_user(request)
    with transaction.atomic():
        form.save()
        _raise_session_epoch(user)
        update_session_auth_hash(request, user)
        request.session[SESSION_EPOCH] = user.session_epoch
        record_event("auth.password_changed", request=request)
    emails.send_password_changed_notice(user)


def _base_url(request: HttpRequest) -> str:
    # In production links in e-mails point at the configured address staff use (HAVEN_SITE_URL),
    # whatever host a request arrived under; elsewhere, where the demo answers at several
    # addresses, at the one the person is using.
    if settings.PRODUCTION:
        return settings.HAVEN_SITE_URL + "/"
    return request.build_absolute_uri("/")


def request_password_reset(request: HttpRequest, email: str) -> None:
    """Send a reset link if an active account has this address; say nothing either way.

    Known and unknown addresses do the same work here (one look-up, one count in the shared
    cache, one access-log event, one queued task), and the e-mail is sent by the task, so the
    time the answer takes does not tell whether the address has an account.
    """
    typed = email.strip().lower()
    user = User.objects.filter(email__iexact=typed, is_active=True).first()
    # A few links an hour is plenty for a person; more would let anyone flood their inbox. The
    # count lives in the shared cache, so every worker and machine counts together.
    within_limit = rate_limits.take(
        "password-reset", typed, limit=PASSWORD_RESET_EMAILS_PER_HOUR, window_seconds=3600
    )
    if user is None:
        # The typed address is not written down: it may be a mistyped password or someone else's.
        record_event(
            "auth.password_reset_requested", request=request, detail={"known_account": False}
        )
    else:
        record_event(
            "auth.password_reset_requested",
            request=request,
            target=user,
            detail={"known_account": True, "sent": within_limit},
        )
    send = user is not None and within_limit
    send_password_reset_email.enqueue(user.pk if send and user else None, _base_url(request))


def complete_password_reset(request: HttpRequest, form) -> User:
    """The new password is set; every session ends and a lockout is lifted (the link proved
    the person controls the account's mailbox). The second factor is still needed to sign in."""
    with transaction.atomic():
        user = form.save()
        _raise_session_epoch(user)
        axes_reset(username=user.email)
        record_event("auth.password_reset_completed", request=request, target=user, actor=user)
    return user


# --- Administration of users ----------------------------------------------------------------------


def create_user(request: HttpRequest, form) -> User:
    with transaction.atomic():
        user = form.save(commit=False)
        user.email = User.objects.normalize_email(user.email).lower()
        user.set_unusable_password()
        user.save()
        record_event(
            "users.created",
            request=request,
            target=user,
            detail={"role": user.role, "team_id": user.team_id},
        )
    emails.send_invitation(user, _base_url(request))
    return user


def update_user(request: HttpRequest, form) -> User:
    with transaction.atomic():
        user = form.save()
        record_event(
            "users.updated",
            request=request,
            target=user,
            detail={
                "fields": sorted(form.changed_data),
                "role": user.role,
                "team_id": user.team_id,
            },
        )
    return user


def deactivate_user(request: HttpRequest, user: User, reason: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            is_active=False, session_epoch=F("session_epoch") + 1
        )
        user.refresh_from_db(fields=["is_active", "session_epoch"])
        record_event("users.deactivated", request=request, target=user, reason=reason)


def reactivate_user(request: HttpRequest, user: User, reason: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.refresh_from_db(fields=["is_active"])
        record_event("users.reactivated", request=request, target=user, reason=reason)


def unlock_user(request: HttpRequest, user: User, reason: str) -> None:
    with transaction.atomic():
        removed = axes_reset(username=user.email)
        record_event(
            "users.unlocked",
            request=request,
            target=user,
            reason=reason,
            detail={"records": removed},
        )


def reset_second_factor(request: HttpRequest, user: User, reason: str) -> None:
    """Remove every second factor; the person sets up a new one when they next sign in.

    Their sessions end too: whoever holds a lost phone must not stay signed in.
    """
    with transaction.atomic():
        removed = {
            "authenticator_apps": AuthenticatorDevice.objects.filter(
                user=user, confirmed=True
            ).count(),
            "passkeys": WebAuthnCredential.objects.filter(user=user).count(),
            "recovery_codes": recovery_codes_left(user),
        }
        AuthenticatorDevice.objects.filter(user=user).delete()
        WebAuthnCredential.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        _raise_session_epoch(user)
        record_event(
            "users.second_factor_reset", request=request, target=user, reason=reason, detail=removed
        )


def send_set_password_email(request: HttpRequest, user: User) -> None:
    record_event("users.set_password_email_sent", request=request, target=user)
    emails.send_invitation(user, _base_url(request))


def save_team(request: HttpRequest, form) -> Team:
    created = form.instance.pk is None
    with transaction.atomic():
        team = form.save()
        record_event("teams.created" if created else "teams.renamed", request=request, target=team)
    return team
