"""django-otp-webauthn's passkey views, fitted to Haven's sign-in.

- Passkeys are a second factor only: a passkey never replaces the password (no passwordless
  sign-in), so every ceremony needs a signed-in user.
- A passkey is added only by someone who has fully signed in, from their account page.
- A passkey that passes finishes signing in exactly as a code does (new session key, session
  stamped, access event); failures are logged too.
"""

import json

from django.contrib import messages
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from haven.accounts import services
from haven.accounts.decorators import public_page


class _SecondFactorOnly:
    def check_can_authenticate(self) -> None:
        user = self.request.user  # type: ignore[attr-defined]
        if not user.is_authenticated:
            raise exceptions.PasswordlessLoginDisabled(
                detail="Sign in with your e-mail address and password first."
            )
        if not user.is_active:
            raise exceptions.UserDisabled()


@method_decorator(public_page, name="dispatch")
class BeginPasskeyRegistration(BeginCredentialRegistrationView):
    def check_can_register(self) -> None:
        if not self.request.user.is_verified():
            raise exceptions.NotVerified(detail="Finish signing in before you add a passkey.")


@method_decorator(public_page, name="dispatch")
class CompletePasskeyRegistration(CompleteCredentialRegistrationView):
    def check_can_register(self) -> None:
        if not self.request.user.is_verified():
            raise exceptions.NotVerified(detail="Finish signing in before you add a passkey.")

    def post(self, *args, **kwargs) -> JsonResponse:
        response = super().post(*args, **kwargs)
        # super().post() raises (and dispatch turns that into a JSON error) unless it saved one.
        credential_id = int(json.loads(response.content)["id"])
        services.passkey_added(self.request, credential_id)
        messages.success(self.request, "Passkey added. You can use it to sign in from now on.")
        return response


@method_decorator(public_page, name="dispatch")
class BeginPasskeyAuthentication(_SecondFactorOnly, BeginCredentialAuthenticationView):
    pass


@method_decorator(public_page, name="dispatch")
class CompletePasskeyAuthentication(_SecondFactorOnly, CompleteCredentialAuthenticationView):
    def complete_auth(self, device) -> None:
        services.passkey_passed(self.request, device)

    def get_success_url(self) -> str:
        from haven.accounts.views import _after_sign_in

        return _after_sign_in(self.request)

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError):
            services.passkey_failed(self.request, exc.code)
        return super().handle_exception(exc)
