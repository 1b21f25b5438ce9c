"""Administration of staff accounts: administrators only, and nothing of any case."""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts import services
from haven.accounts.forms import EditUserForm, NewUserForm, ReasonForm, TeamForm
from haven.accounts.models import Team, User
from haven.accounts.policies import (
    administrator_required,
    manageable_users,
    may_change_own_access,
    signed_in_user,
)


def _subject(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(manageable_users(request.user), pk=pk)


@administrator_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = list(manageable_users(request.user).order_by("full_name", "email"))
    locked = services.locked_emails([u.email for u in users])
    with_mfa = services.users_with_second_factor(users)
    rows = [{"user": u, "locked": u.email in locked, "mfa": u.pk in with_mfa} for u in users]
    return render(request, "accounts/users/list.html", {"rows": rows})


@administrator_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.create_user(request, form)
        messages.success(
            request,
            f"Account created. We have sent {user.email} a link to choose a password.",
        )
        return redirect("accounts:user-detail", pk=user.pk)
    return render(request, "accounts/users/create.html", {"form": form})


@administrator_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    return render(
        request,
        "accounts/users/detail.html",
        {
            "subject": subject,
            "locked": services.is_locked(subject),
            "authenticator": services.authenticator_for(subject),
            "passkey_count": services.passkeys_for(subject).count(),
            "recovery_codes_left": services.recovery_codes_left(subject),
            "is_self": not may_change_own_access(signed_in_user(request), subject),
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    form = EditUserForm(
        request.POST if request.method == "POST" else None,
        instance=subject,
        may_change_role=may_change_own_access(signed_in_user(request), subject),
    )
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            services.update_user(request, form)
            messages.success(request, "Account details saved.")
        return redirect("accounts:user-detail", pk=subject.pk)
    return render(request, "accounts/users/edit.html", {"form": form, "subject": subject})


def _confirmed_action(
    request: HttpRequest,
    pk: int,
    *,
    template: str,
    act: Callable[[HttpRequest, User, str], None],
    done: str,
    allowed_on_self: bool = False,
    applies: Callable[[User], bool] = lambda subject: True,
) -> HttpResponse:
    """A confirmation page with a reason, then the action: the shape of every admin action."""
    subject = _subject(request, pk)
    if not allowed_on_self and not may_change_own_access(signed_in_user(request), subject):
        messages.info(request, "You cannot do this to your own account. Ask another administrator.")
        return redirect("accounts:user-detail", pk=subject.pk)
    if not applies(subject):
        return redirect("accounts:user-detail", pk=subject.pk)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        act(request, subject, form.cleaned_data["reason"])
        messages.success(request, done.format(name=subject.full_name or subject.email))
        return redirect("accounts:user-detail", pk=subject.pk)
    return render(request, template, {"form": form, "subject": subject})


@administrator_required
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        template="accounts/users/deactivate.html",
        act=services.deactivate_user,
        done="{name} can no longer sign in, and every device they were signed in on has been signed out.",
        applies=lambda subject: subject.is_active,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        template="accounts/users/reactivate.html",
        act=services.reactivate_user,
        done="{name} can sign in again.",
        applies=lambda subject: not subject.is_active,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        template="accounts/users/unlock.html",
        act=services.unlock_user,
        done="{name}'s account is unlocked. They can sign in again with their password.",
        allowed_on_self=True,
        applies=services.is_locked,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_action(
        request,
        pk,
        template="accounts/users/reset_second_factor.html",
        act=services.reset_second_factor,
        done="{name}'s authenticator app, passkeys and recovery codes have been removed. "
        "They will set up a new authenticator app when they next sign in.",
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_send_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    if not subject.is_active:
        return redirect("accounts:user-detail", pk=subject.pk)
    if request.method == "POST":
        services.send_set_password_email(request, subject)
        messages.success(request, f"We have sent {subject.email} a link to choose a password.")
        return redirect("accounts:user-detail", pk=subject.pk)
    return render(request, "accounts/users/send_set_password.html", {"subject": subject})


@administrator_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = Team.objects.annotate(
        active_members=Count("members", filter=Q(members__is_active=True))
    ).order_by("name")
    return render(request, "accounts/teams/list.html", {"teams": teams})


@administrator_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk) if pk is not None else None
    form = TeamForm(request.POST if request.method == "POST" else None, instance=team)
    if request.method == "POST" and form.is_valid():
        saved = services.save_team(request, form)
        messages.success(request, f"Team {saved.name} saved.")
        return redirect("accounts:team-list")
    return render(request, "accounts/teams/edit.html", {"form": form, "team": team})
