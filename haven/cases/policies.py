"""Who may see and do what with cases. Every view gets its cases through here.

- The coordinator sees every case, restricted ones included.
- A case officer sees the cases they own, their team's cases, and unallocated cases that
  belong to no team yet (the shared triage queue). A restricted case only if named on it.
- Managers, administrators and other staff see no case content at all: case pages answer 403
  to their role (which says nothing about any particular case). Anyone may log a concern.
- A case outside someone's scope is a 404, never a 403 that would confirm it exists; the attempt
  is written to the access log.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
from haven.audit.services import record_event
from haven.cases.models import Case
from haven.cases.rules import lifecycle as lifecycle_rules
from haven.cases.rules.references import normalise_reference

# Related records every case page shows (the header, the safe-contact banner): fetched with the
# case in one query.
CASE_PAGE_SELECT_RELATED: list[str] = ["survivor", "survivor__safe_contact_plan", "owner", "team"]


def is_caseworker(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("cases.view_case"))


def is_coordinator(user: User) -> bool:
    """Oversees every case: sees them all and carries out the coordinator reviews."""
    return bool(user.is_authenticated and user.has_perm("cases.view_all_cases"))


def may_log_concern(user: User) -> bool:
    # Every member of staff may raise a concern: seeing abuse is not limited to caseworkers.
    return bool(user.is_authenticated and user.has_perm("cases.log_concern"))


def require_caseworker(user: User) -> None:
    """Roles with no access to case content get a 403 that mentions no case."""
    if not is_caseworker(user):
        raise PermissionDenied


def require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def _named_on_restricted(user: User) -> QuerySet:
    through = Case.restricted_to.through
    return through.objects.filter(user_id=user.pk).values("case_id")


@dataclass(frozen=True)
class CaseScope:
    """The cases someone may see (or, `held_only`, those of them they hold), as a condition
    on any model that reaches a case through `path`: `ActionPlan.objects.filter(
    scope.on("case"))`. The database joins the case and tests its own columns; the same rule
    put as `case__in=cases_visible_to(user)` is a membership test of a subquery with an OR,
    which SQLite answers by reading every case in scope (47 ms against 3 ms for an officer
    holding a thousand open cases among 100,000)."""

    user_id: int
    team_id: int | None = None
    sees_all: bool = False
    sees_none: bool = False
    held_only: bool = False

    def on(self, path: str = "") -> Q:
        prefix = f"{path}__" if path else ""

        def field(name: str) -> str:
            return prefix + name

        if self.sees_none:
            return Q(pk__in=[])
        condition = Q(**{field("owner_id"): self.user_id}) if self.held_only else Q()
        if self.sees_all:
            return condition
        named = Exists(
            Case.restricted_to.through.objects.filter(
                case_id=OuterRef(path or "pk"), user_id=self.user_id
            )
        )
        ordinary = Q(**{field("owner_id"): self.user_id}) | Q(
            **{field("owner__isnull"): True, field("team__isnull"): True}
        )
        if self.team_id:
            ordinary |= Q(**{field("team_id"): self.team_id})
        if self.held_only:
            ordinary = Q()
        return condition & (
            (Q(**{field("restricted"): False}) & ordinary)
            | (Q(**{field("restricted"): True}) & Q(named))
        )


def scope_of(user: User, *, held_only: bool = False) -> CaseScope:
    """`cases_visible_to(user)` (or those of them `user` holds) as a CaseScope."""
    return CaseScope(
        user_id=user.pk or 0,
        team_id=user.team_id,
        sees_all=is_caseworker(user) and user.has_perm("cases.view_all_cases"),
        sees_none=not is_caseworker(user),
        held_only=held_only,
    )


# The cases a list covers: a CaseScope (the quick form), or any queryset of cases.
Cases = CaseScope | QuerySet[Case]


def within(cases: Cases, path: str) -> Q:
    """Rows whose case, reached through `path`, is one of `cases`."""
    if isinstance(cases, CaseScope):
        return cases.on(path)
    return Q(**{f"{path}__in": cases})


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not is_caseworker(user):
        return Case.objects.none()
    if user.has_perm("cases.view_all_cases"):
        return Case.objects.all()
    ordinary = Q(owner_id=user.pk) | Q(owner__isnull=True, team__isnull=True)
    if user.team_id:
        ordinary |= Q(team_id=user.team_id)
    return Case.objects.filter(
        Q(restricted=False) & ordinary | Q(restricted=True, pk__in=_named_on_restricted(user))
    )


def may_see_case(user: User, case: Case) -> bool:
    """The same rule as `cases_visible_to`, for a case already in hand (at most one query)."""
    if not is_caseworker(user):
        return False
    if user.has_perm("cases.view_all_cases"):
        return True
    if case.restricted:
        return case.restricted_to.filter(pk=user.pk).exists()
    if case.owner_id == user.pk:
        return True
    if case.owner_id is None and case.team_id is None:
        return True
    return bool(user.team_id and case.team_id == user.team_id)


def staff_who_may_see(case: Case) -> QuerySet[User]:
    """Active staff who may see `case`: the rule of `may_see_case`, from the case's side (the
    coordinator; on a restricted case, those named on it; otherwise its officer, its team, and
    every caseworker while it belongs to nobody). For choosing someone to give work on the case:
    never someone the case is hidden from."""
    caseworkers = User.objects.filter(is_active=True, role__in=roles_with("cases.view_case"))
    sees_all = Q(role__in=roles_with("cases.view_all_cases"))
    if case.restricted:
        named = Case.restricted_to.through.objects.filter(case_id=case.pk).values("user_id")
        return caseworkers.filter(sees_all | Q(pk__in=named))
    if case.owner_id is None and case.team_id is None:
        return caseworkers
    ordinary = sees_all
    if case.owner_id is not None:
        ordinary |= Q(pk=case.owner_id)
    if case.team_id is not None:
        ordinary |= Q(team_id=case.team_id)
    return caseworkers.filter(ordinary)


def may_record_safeguarding_decision(user: User, case: Case) -> bool:
    """Whoever may edit the case record: every caseworker with the case in scope (the case
    pages reach it only through `get_case_for`). Deciding on a referral is part of the record."""
    return is_caseworker(user) and may_see_case(user, case)


def may_allocate(user: User, case: Case, officer: User) -> bool:
    """The coordinator allocates to anyone; an officer may only take a case themselves."""
    if not officer.is_active or not officer.has_perm("cases.hold_cases"):
        return False
    if user.has_perm("cases.allocate_any_case"):
        return True
    return (
        user.has_perm("cases.take_unallocated_case")
        and officer.pk == user.pk
        and case.owner_id is None
    )


def may_reassign(user: User, case: Case) -> bool:
    """Moving a case from one officer to another is the coordinator's decision."""
    return user.has_perm("cases.allocate_any_case")


def closing_needs_coordinator(case: Case) -> bool:
    return lifecycle_rules.closing_needs_coordinator(
        allocated=case.owner_id is not None, contacted=case.first_contact_at is not None
    )


def may_close(user: User, case: Case) -> bool:
    """Anyone working the case may close it, except a case nobody holds and nobody has
    contacted the survivor about: that goes to the coordinator."""
    return not closing_needs_coordinator(case) or user.has_perm("cases.close_uncontacted_case")


def may_restrict(user: User, case: Case) -> bool:
    return user.has_perm("cases.restrict_any_case") or case.owner_id == user.pk


def get_case_for(
    user: User,
    reference: str,
    *,
    request: HttpRequest | None = None,
    select_related: list[str] | None = None,
    prefetch_related: list[str] | None = None,
) -> Case:
    """The case with this reference if `user` may see it; otherwise Http404 (and a log entry).

    Roles with no case access get PermissionDenied before any lookup.
    """
    require_caseworker(user)
    related = list(dict.fromkeys([*CASE_PAGE_SELECT_RELATED, *(select_related or [])]))
    queryset = Case.objects.select_related(*related)
    if prefetch_related:
        queryset = queryset.prefetch_related(*prefetch_related)
    case = queryset.filter(reference=normalise_reference(reference)).first()
    if case is None:
        raise Http404("No case with that reference")
    if not may_see_case(user, case):
        # The case exists, so this is written down: restricted cases are exactly the ones an
        # insider might go looking for.
        record_event(
            "case.access_refused",
            actor=user,
            request=request,
            target=case,
            detail={"restricted": case.restricted},
        )
        raise Http404("No case with that reference")
    return case


def officers_for_allocation(user: User) -> QuerySet[User]:
    """Who a case may be allocated to: the coordinator picks anyone; an officer only themselves."""
    officers = User.objects.filter(
        is_active=True, role__in=roles_with("cases.hold_cases")
    ).select_related("team")
    if user.has_perm("cases.allocate_any_case"):
        return officers
    return officers.filter(pk=user.pk)
