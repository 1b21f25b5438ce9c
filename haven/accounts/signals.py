"""Sign-in, failed sign-in and lockout write to the access log.

A failed sign-in never records the typed password (django passes it masked, and it is not
read here) nor a typed address that matches no account: it may be a mistyped password, or
somebody else's address.
"""

from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from haven.accounts.models import User
from haven.audit.services import record_event


def _account_for(typed_email: Any) -> User | None:
    if not isinstance(typed_email, str) or not typed_email:
        return None
    return User.objects.filter(email__iexact=typed_email.strip()).first()


@receiver(user_logged_in, dispatch_uid="haven_audit_sign_in")
def record_sign_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    # The password was right; the second factor is recorded separately when it passes.
    record_event(
        "auth.sign_in", actor=user, request=request, target=user, detail={"stage": "password"}
    )


@receiver(user_login_failed, dispatch_uid="haven_audit_sign_in_failed")
def record_sign_in_failed(
    sender: Any, credentials: dict, request: Any = None, **kwargs: Any
) -> None:
    account = _account_for(credentials.get("email"))
    record_event(
        "auth.sign_in_failed",
        request=request,
        target=account,
        detail={
            "known_account": account is not None,
            "account_locked": bool(getattr(request, "axes_locked_out", False)),
        },
    )


@receiver(user_locked_out, dispatch_uid="haven_audit_locked_out")
def record_locked_out(
    sender: Any, request: Any = None, username: Any = None, **kwargs: Any
) -> None:
    # django-axes sends this on the failure that locks the account and on every attempt while it
    # stays locked; only the moment of locking is an event of its own.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != settings.AXES_FAILURE_LIMIT:
        return
    account = _account_for(username)
    record_event(
        "auth.account_locked",
        request=request,
        target=account,
        detail={"known_account": account is not None, "failures": settings.AXES_FAILURE_LIMIT},
    )


@receiver(pre_save, sender=AccessAttempt, dispatch_uid="haven_axes_keeps_no_form_data")
def keep_no_form_data(sender: Any, instance: AccessAttempt, **kwargs: Any) -> None:
    # django-axes stores the query string and the posted form (the typed address, the CSRF token)
    # with every failure; the count and the sign-in name are all a lockout needs.
    instance.get_data = ""
    instance.post_data = ""
