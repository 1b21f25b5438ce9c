"""Who may do what: the one table of roles to capabilities.

Views, templates, navigation and tests ask `user.has_perm("cases.view_triage")`; nothing else in
Haven names a role to decide access. Object scope (which cases) is never a capability: it stays
in the case policies (`cases_visible_to`, `get_case_for`).

A capability app adds its own capabilities in its `ready()`, each `granted_with` one of these
(haven.platform.registries.Capability), so the roles stay written down here and only here.
"""

from collections.abc import Mapping
from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured

from haven.accounts.models import Role
from haven.platform.registries import Capability, capabilities

# name -> what it lets a person do (shown nowhere yet; it documents the table).
BASE_CAPABILITIES: Mapping[str, str] = {
    "cases.log_concern": "Log a concern about someone (anyone who works here may hear one)",
    "cases.view_case": "Open case pages, lists and search, for the cases in their scope",
    "cases.view_triage": "See the triage queue",
    "cases.hold_cases": "Be allocated cases",
    "cases.take_unallocated_case": "Take an unallocated case for themself",
    "cases.view_all_cases": "See every case, restricted ones included",
    "cases.allocate_any_case": "Allocate and reassign any case to anyone",
    "cases.restrict_any_case": "Restrict or lift the restriction of any case",
    "cases.review_cases": "Carry out coordinator reviews",
    "cases.close_uncontacted_case": (
        "Close a case nobody holds and nobody has contacted the survivor about"
    ),
    "cases.view_plan_overrides": "See every override of a safe-contact plan",
    "audit.view_access_log": "Read the access log",
    "accounts.manage_users": "Manage staff accounts and teams (and see no case content)",
}

ROLE_CAPABILITIES: Mapping[str, frozenset[str]] = {
    Role.STAFF: frozenset({"cases.log_concern"}),
    Role.CASE_OFFICER: frozenset(
        {
            "cases.log_concern",
            "cases.view_case",
            "cases.view_triage",
            "cases.hold_cases",
            "cases.take_unallocated_case",
        }
    ),
    Role.COORDINATOR: frozenset(
        {
            "cases.log_concern",
            "cases.view_case",
            "cases.view_triage",
            "cases.hold_cases",
            "cases.view_all_cases",
            "cases.allocate_any_case",
            "cases.restrict_any_case",
            "cases.review_cases",
            "cases.close_uncontacted_case",
            "cases.view_plan_overrides",
            "audit.view_access_log",
        }
    ),
    Role.MANAGER: frozenset({"cases.log_concern"}),
    Role.ADMINISTRATOR: frozenset({"cases.log_concern", "accounts.manage_users"}),
}

# The role a new installation's first account gets (`create_administrator`).
FIRST_ACCOUNT_ROLE = Role.ADMINISTRATOR


class UnknownCapability(ImproperlyConfigured):
    """has_perm was asked about a capability nobody registered: a typo that would deny silently."""


def register_base_capabilities() -> None:
    for name, label in BASE_CAPABILITIES.items():
        capabilities.register(Capability(name, label))


def capabilities_for(role: str) -> frozenset[str]:
    return _capabilities_for(role, len(capabilities))


@cache
def _capabilities_for(role: str, _registered: int) -> frozenset[str]:
    # `_registered` keys the cache: an app registering a capability later starts a fresh entry.
    held = set(ROLE_CAPABILITIES.get(role, frozenset()))
    added = True
    while added:
        added = False
        for capability in capabilities:
            if capability.name not in held and held.intersection(capability.granted_with_any):
                held.add(capability.name)
                added = True
    return frozenset(held)


def roles_with(capability: str) -> list[str]:
    """The roles holding `capability`, for queries ("who may be allocated a case")."""
    return [role.value for role in Role if capability in capabilities_for(role.value)]


class RoleCapabilityBackend(ModelBackend):
    """Django's permission API answered from the table above, never from database rows.

    Authentication is ModelBackend's (e-mail and password). Object permissions are always empty:
    which cases a person may see is the case policy's job.
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(capabilities_for(user_obj.role))

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm not in capabilities and getattr(settings, "HAVEN_STRICT_REGISTRIES", False):
            raise UnknownCapability(f"No capability {perm!r} is registered.")
        return perm in self.get_all_permissions(user_obj, obj)
