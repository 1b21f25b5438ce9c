"""Signing in and out, second factors, your account and passwords. Thin: forms and services."""

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from haven.accounts import services
from haven.accounts.decorators import before_second_factor, public_page
from haven.accounts.forms import (
    AuthenticatorCodeForm,
    ChangePasswordForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    RecoveryCodeForm,
    SavedRecoveryCodesForm,
    SignInForm,
)
from haven.accounts.middleware import (
    ENDED_ELSEWHERE,
    ENDED_IDLE,
    ENDED_LIFETIME,
    SESSION_END_REASON,
    SESSION_LAST_SEEN,
    mark_session_fresh,
    seconds_until_idle_sign_out,
)
from haven.accounts.models import AuthenticatorDevice, User
from haven.accounts.policies import has_passed_second_factor, signed_in_user
from haven.accounts.rules import CodeProblem, format_recovery_code, format_secret_for_typing

SIGN_IN_REFUSED = "The e-mail address or password is not right. Check them and try again"
SIGN_IN_PAUSED = (
    "There have been a lot of unsuccessful sign-ins from your network in the last hour, so we "
    "have paused signing in from it for a while to keep everyone's accounts safe. Try again in "
    "an hour. If you need to sign in sooner, ask an administrator"
)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def _session_ended_message(reason: str | None) -> str:
    if reason == ENDED_IDLE:
        return (
            "For your security we signed you out after "
            f"{_count(settings.HAVEN_IDLE_TIMEOUT_MINUTES, 'minute')} without activity. "
            "Sign in again to carry on."
        )
    if reason == ENDED_LIFETIME:
        return (
            "For your security we signed you out because you had been signed in for "
            f"{_count(settings.SESSION_COOKIE_AGE // 3600, 'hour')}, the longest a session can "
            "last. Sign in again to carry on."
        )
    if reason == ENDED_ELSEWHERE:
        return (
            "You were signed out because your account was signed out of all devices, its password "
            "was changed, or its sign-in was reset. Sign in again to carry on. If you did not "
            "expect this, tell your administrator."
        )
    return ""


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _after_sign_in(request: HttpRequest) -> str:
    """Where a fully signed-in user goes: new recovery codes first, then where they were going."""
    if request.session.get(services.SESSION_NEW_RECOVERY_CODES):
        return reverse("accounts:recovery-codes")
    return _safe_next(request, request.session.pop(services.SESSION_NEXT, None)) or reverse(
        settings.LOGIN_REDIRECT_URL
    )


def webauthn_config(request: HttpRequest) -> dict:
    """Settings for django-otp-webauthn's scripts, written into the page as JSON."""
    config = get_configuration(request)
    config["autocompleteLoginFieldSelector"] = None  # no passwordless sign-in: see settings
    return config


# --- Signing in -----------------------------------------------------------------------------


@public_page
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        if has_passed_second_factor(request.user):
            return redirect(_after_sign_in(request))
        return redirect("accounts:two-factor")
    ended_message = _session_ended_message(request.session.pop(SESSION_END_REASON, None))
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if (
        request.method == "POST"
        and form.is_valid()
        and services.sign_in_paused_for_address(request)
    ):
        form.add_error(None, SIGN_IN_PAUSED)
        status = 429
    elif request.method == "POST" and form.is_valid():
        # authenticate() with the request lets django-axes count failures and refuse locked
        # accounts; when it locks one, its middleware replaces this response with locked_out().
        user = authenticate(
            request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        if user is None:
            services.count_failed_sign_in(request)
            form.add_error("email", SIGN_IN_REFUSED)
        else:
            login(request, user)
            mark_session_fresh(request, user)
            if next_url:
                request.session[services.SESSION_NEXT] = next_url
            return redirect("accounts:two-factor")
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "ended_message": ended_message, "next_url": next_url},
        status=status,
    )


def locked_out(
    request: HttpRequest,
    response: HttpResponse | None = None,
    credentials: dict | None = None,
    *args,
    **kwargs,
) -> HttpResponse:
    """django-axes calls this when an account is locked. Same page for every address typed, so it
    never reveals whether an account exists."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=403,
    )


def _code_error(outcome: services.CodeOutcome) -> str:
    if outcome.problem == services.THROTTLED:
        seconds = outcome.wait_seconds
        unit = "second" if seconds == 1 else "seconds"
        return f"You have entered too many wrong codes. Wait {seconds} {unit}, then try again"
    if outcome.problem == CodeProblem.EXPIRED:
        return (
            "That code has expired. Enter the code your app shows now. If this keeps happening, "
            "check that your phone sets its time automatically"
        )
    if outcome.problem == CodeProblem.ALREADY_USED:
        return (
            "That code has already been used. Wait for your app to show a new code, then enter it"
        )
    return "That code is not right. Enter the 6-digit code your authenticator app shows now"


@before_second_factor
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if has_passed_second_factor(user):
        return redirect(_after_sign_in(request))
    if not services.has_second_factor(user):
        return redirect("accounts:two-factor-set-up")
    has_authenticator = services.authenticator_for(user) is not None
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and has_authenticator and form.is_valid():
        outcome = services.verify_authenticator_code(request, form.cleaned_data["code"])
        if outcome.accepted:
            return redirect(_after_sign_in(request))
        form.add_error("code", _code_error(outcome))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "has_authenticator": has_authenticator,
            "has_passkeys": services.passkeys_for(user).exists(),
            "recovery_codes_left": services.recovery_codes_left(user),
            "webauthn_config": webauthn_config(request),
        },
    )


@before_second_factor
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if has_passed_second_factor(user):
        return redirect(_after_sign_in(request))
    if not services.has_second_factor(user):
        return redirect("accounts:two-factor-set-up")
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify_recovery_code(request, form.cleaned_data["code"])
        if outcome.accepted:
            left = outcome.detail["codes_left"]
            advice = " Get new recovery codes from your account page." if left <= 3 else ""
            plural = "code" if left == 1 else "codes"
            messages.success(request, f"You have {left} recovery {plural} left.{advice}")
            return redirect(_after_sign_in(request))
        if outcome.problem == services.THROTTLED:
            form.add_error("code", _code_error(outcome))
        else:
            form.add_error(
                "code",
                "That recovery code is not right, or it has been used already. Each code works once",
            )
    return render(request, "accounts/two_factor_recovery.html", {"form": form})


def _authenticator_set_up_page(
    request: HttpRequest,
    device: AuthenticatorDevice,
    form: AuthenticatorCodeForm,
    *,
    replacing: bool,
) -> HttpResponse:
    qr_code = segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#0b0c0c")
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr_code": qr_code,
            "secret": format_secret_for_typing(device.key),
            "replacing": replacing,
        },
    )


@before_second_factor
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if services.has_second_factor(user):
        return redirect(
            "accounts:account" if has_passed_second_factor(user) else "accounts:two-factor"
        )
    device = services.authenticator_for_enrolment(user)
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = services.confirm_authenticator(request, device, form.cleaned_data["code"])
        if outcome.accepted:
            return redirect("accounts:recovery-codes")
        form.add_error("code", _code_error(outcome))
    return _authenticator_set_up_page(request, device, form, replacing=False)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def replace_authenticator(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    device = services.authenticator_for_enrolment(user)
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = services.replace_authenticator(request, device, form.cleaned_data["code"])
        if outcome.accepted:
            messages.success(
                request, "Your new authenticator app is set up. The old one no longer works."
            )
            return redirect("accounts:account")
        form.add_error("code", _code_error(outcome))
    return _authenticator_set_up_page(request, device, form, replacing=True)


@before_second_factor
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not has_passed_second_factor(request.user):
        return redirect("accounts:two-factor")
    codes = services.recovery_codes_to_show(request)
    if not codes:
        return redirect("accounts:account")
    form = SavedRecoveryCodesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.acknowledge_recovery_codes(request)
        messages.success(request, "Your recovery codes are ready to use if you ever need one.")
        return redirect(_after_sign_in(request))
    return render(
        request,
        "accounts/recovery_codes.html",
        {"form": form, "codes": [format_recovery_code(code) for code in codes]},
    )


# --- Staying signed in -------------------------------------------------------------------------

# How long before an idle sign-out the page warns (GOV.UK's timeout warning pattern).
SESSION_WARNING_SECONDS = 120


@never_cache
@login_required
@require_http_methods(["GET"])
def session_status(request: HttpRequest) -> JsonResponse:
    """For the page script that warns before an idle sign-out (WCAG 2.2.1 Timing Adjustable).

    Asking does not count as activity (see the middleware), so it can be asked from every tab.
    """
    return JsonResponse(
        {
            "seconds_left": seconds_until_idle_sign_out(request.session, int(time.time())),
            # A short idle limit (configurable) still leaves time to work between warnings.
            "warning_seconds": min(
                SESSION_WARNING_SECONDS, settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60 // 2
            ),
            "keep_alive_url": reverse("accounts:keep-alive"),
            "csrf_token": get_token(request),
        }
    )


@never_cache
@login_required
@require_http_methods(["POST"])
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the request itself counts as activity (the middleware notes it)."""
    request.session[SESSION_LAST_SEEN] = int(time.time())
    return HttpResponse(status=204)


# --- Your account -----------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "authenticator": services.authenticator_for(user),
            "passkeys": list(services.passkeys_for(user)),
            "recovery_codes_left": services.recovery_codes_left(user),
            "recovery_code_count": services.RECOVERY_CODE_COUNT,
            "webauthn_config": webauthn_config(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.regenerate_recovery_codes(request)
        return redirect("accounts:recovery-codes")
    return render(request, "accounts/new_recovery_codes.html")


@login_required
@require_http_methods(["GET", "POST"])
def remove_passkey(request: HttpRequest, pk: int) -> HttpResponse:
    credential = get_object_or_404(services.passkeys_for(signed_in_user(request)), pk=pk)
    if request.method == "POST":
        services.remove_passkey(request, credential)
        messages.success(request, "Passkey removed. It can no longer be used to sign in.")
        return redirect("accounts:account")
    return render(request, "accounts/remove_passkey.html", {"credential": credential})


@sensitive_post_parameters("current_password", "new_password1", "new_password2")
@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(
        signed_in_user(request), request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        services.change_password(request, form)
        messages.success(
            request,
            "Your password has been changed. Any other device signed in to your account has "
            "been signed out.",
        )
        return redirect("accounts:account")
    return render(request, "accounts/change_password.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.sign_out_everywhere(request)
        messages.success(
            request,
            "Every other device signed in to your account will be signed out the next time it "
            "is used. You are still signed in here.",
        )
        return redirect("accounts:account")
    return render(request, "accounts/sign_out_everywhere.html")


@public_page
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    if request.method == "POST":
        services.sign_out(request)
        messages.success(request, "You have signed out.")
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out.html")


# --- Forgotten passwords ------------------------------------------------------------------------


@public_page
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(request, form.cleaned_data["email"])
        return redirect("accounts:password-reset-sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@public_page
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


@method_decorator(public_page, name="dispatch")
class ChooseNewPasswordView(PasswordResetConfirmView):
    """Django's token checking, our form, templates and service."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        # A deactivated account's old link must not work, even though it could not sign in.
        return user if user is not None and user.is_active else None

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        services.complete_password_reset(self.request, form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@public_page
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html")
