"""Who may use safety and housing support. Case content is reached only through the case's own
scope (haven.cases.policies); the property look-up is open to every member of staff and shows
nothing of any case."""

from django.core.exceptions import PermissionDenied

from haven.accounts.models import User
from haven.cases import policies as case_policies


def may_look_up_property(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("support.look_up_property"))


def require_property_look_up(user: User) -> None:
    if not may_look_up_property(user):
        raise PermissionDenied


def may_oversee(user: User) -> bool:
    return bool(user.has_perm("support.oversee_support"))


def require_overseer(user: User) -> None:
    if not may_oversee(user):
        raise PermissionDenied


def require_supporter(user: User) -> None:
    if not user.has_perm("support.give_support"):
        raise PermissionDenied


def work_cases(user: User, *, everyone: bool) -> case_policies.CaseScope:
    """The cases a work list covers: the ones this person holds, or (for someone who oversees
    every case, when they ask) all the cases they may see."""
    if everyone and may_oversee(user):
        return case_policies.scope_of(user)
    return case_policies.scope_of(user, held_only=True)
