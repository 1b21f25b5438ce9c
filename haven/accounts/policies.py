"""Who may manage staff accounts.

Only administrators manage accounts. The account screens show people, roles and teams, never
anything of a case: administrators have no access to case content anywhere in Haven.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from haven.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The person signed in. Views call this after login_required, so anyone else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def has_passed_second_factor(user: Any) -> bool:
    # django-otp adds is_verified() to request.user; it is true once a device has been used.
    return bool(user.is_authenticated and user.is_verified())


def is_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("accounts.manage_users"))


def manageable_users(actor: Any) -> QuerySet[User]:
    """The accounts `actor` may see and change: every account for an administrator, else none."""
    if not is_administrator(actor):
        return User.objects.none()
    return User.objects.select_related("team")


def may_change_own_access(actor: User, subject: User) -> bool:
    """An administrator never deactivates, demotes or resets themself from the admin screens.

    Doing so could leave nobody able to manage accounts; their own account page covers the rest.
    """
    return actor.pk != subject.pk


def administrator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_administrator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
