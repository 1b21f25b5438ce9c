"""E-mails about accounts. Plain text, built here rather than in HTML-escaping templates.

They hold a name, a link and the service's name: never anything of a case.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from haven.accounts.models import User


def set_password_path(user: User) -> str:
    """The one-use link path that lets `user` choose a password (Django's reset tokens)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password-reset-confirm", kwargs={"uidb64": uidb64, "token": token})


def _link_lifetime() -> str:
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    if days >= 1:
        return f"{days} day" + ("s" if days != 1 else "")
    hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
    return f"{hours} hour" + ("s" if hours != 1 else "")


def _signature() -> str:
    return f"{settings.HAVEN_SERVICE_NAME}\n{settings.HAVEN_LANDLORD_NAME}\n"


def send_invitation(user: User, base_url: str) -> None:
    service = settings.HAVEN_SERVICE_NAME
    link = base_url.rstrip("/") + set_password_path(user)
    body = (
        f"Dear {user.full_name},\n\n"
        f"An account has been set up for you on {service}, {settings.HAVEN_LANDLORD_NAME}'s "
        "domestic abuse casework service.\n\n"
        f"Choose your password here:\n{link}\n\n"
        f"The link works once, for {_link_lifetime()}. If it has expired, use "
        '"Forgotten your password?" on the sign-in page, or ask your administrator for a new one.\n\n'
        "When you first sign in you will set up an authenticator app on your phone, "
        "which keeps your account safe even if someone learns your password.\n\n"
        f"{_signature()}"
    )
    send_mail(f"Your {service} account", body, None, [user.email])


def send_password_reset(user: User, base_url: str) -> None:
    service = settings.HAVEN_SERVICE_NAME
    link = base_url.rstrip("/") + set_password_path(user)
    body = (
        f"Dear {user.full_name},\n\n"
        f"Someone asked to reset the password for your {service} account.\n\n"
        f"Choose a new password here:\n{link}\n\n"
        f"The link works once, for {_link_lifetime()}. When you have chosen a new password, "
        "every device signed in to your account is signed out.\n\n"
        "If you did not ask for this, you can ignore this e-mail: your password has not changed. "
        "If it keeps happening, tell your administrator.\n\n"
        f"{_signature()}"
    )
    send_mail(f"Reset your {service} password", body, None, [user.email])


def send_password_changed_notice(user: User) -> None:
    service = settings.HAVEN_SERVICE_NAME
    body = (
        f"Dear {user.full_name},\n\n"
        f"The password for your {service} account has just been changed, and every other "
        "device signed in to your account has been signed out.\n\n"
        "If this was you, there is nothing more to do. If it was not, tell your administrator "
        "straight away.\n\n"
        f"{_signature()}"
    )
    send_mail(f"Your {service} password has changed", body, None, [user.email])
