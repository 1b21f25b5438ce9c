"""Who may do what in risk work. Which cases a person sees is always the case policy's
(haven.cases.policies.get_case_for / cases_visible_to); these add only the capabilities."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
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


def action_owners(case: Case) -> QuerySet[User]:
    """Who may own a MARAC action on `case`: active staff who do risk work and may see the case
    (its officer, their team, the coordinator; on a restricted case only those named on it).
    Whoever records the action may give it to any of them."""
    return case_policies.staff_who_may_see(case).filter(role__in=roles_with("risk.assess_risk"))


def may_own_action(user: User, case: Case) -> bool:
    return action_owners(case).filter(pk=user.pk).exists()
