"""Who may do what in risk work. Which cases a person sees is always the case policy's
(haven.cases.policies.get_case_for / cases_visible_to); these add only the capabilities."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from haven.accounts.models import User
from haven.cases import policies as case_policies
from haven.cases.models import Case


def may_assess(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("risk.assess_risk"))


def may_coordinate_marac(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("risk.coordinate_marac"))


def require_assessor(user: User) -> None:
    if not may_assess(user):
        raise PermissionDenied


def require_marac_coordinator(user: User) -> None:
    if not may_coordinate_marac(user):
        raise PermissionDenied


def work_list_cases(user: User) -> QuerySet[Case]:
    """The cases a person's risk lists cover: the coordinator's are all of them; an officer's
    are the ones they hold."""
    visible = case_policies.cases_visible_to(user)
    if user.has_perm("cases.view_all_cases"):
        return visible
    return visible.filter(owner=user)


def may_own_action(officers: Iterable[User], case: Case) -> list[User]:
    """Of `officers`, those who may be given a MARAC action on `case`: the case's officer and
    whoever oversees every case, the people whose risk list shows it (an officer's lists only
    the cases they hold). Anyone else would never find the action. Each must also be able to
    open the case (the case policy's rule)."""
    return [
        officer
        for officer in officers
        if (officer.pk == case.owner_id or officer.has_perm("cases.view_all_cases"))
        and case_policies.may_see_case(officer, case)
    ]
