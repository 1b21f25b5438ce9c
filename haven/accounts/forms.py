"""Forms for signing in, second factors, passwords and the administration of accounts."""

import re
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from haven.accounts.models import Role, Team, User
from haven.accounts.rules import (
    is_well_formed_authenticator_code,
    normalise_authenticator_code,
    normalise_recovery_code,
)

CHOOSING_HINT = (
    "Use at least 12 characters. Three or four unrelated words make a strong password "
    "that is easy to remember."
)
_RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def _email_field(**kwargs: Any) -> forms.EmailField:
    return forms.EmailField(
        label=kwargs.pop("label", "E-mail address"),
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
            "max_length": "E-mail address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        **kwargs,
    )


class SignInForm(forms.Form):
    email = _email_field()
    password = forms.CharField(
        label="Password",
        strip=False,
        max_length=4096,
        error_messages={
            "required": "Enter your password",
            "max_length": "The e-mail address or password is not right",
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        # One spelling per account, so that lockout counts every attempt at the same account.
        return self.cleaned_data["email"].strip().lower()


class AuthenticatorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code your app shows now, for example 123456",
        max_length=20,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "The code must be 6 numbers",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "classes": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_authenticator_code(self.cleaned_data["code"])
        if not is_well_formed_authenticator_code(code):
            raise forms.ValidationError("The code must be 6 numbers, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the recovery codes you saved when you set up your account, like abcd efgh",
        max_length=40,
        error_messages={
            "required": "Enter one of your recovery codes",
            "max_length": "Recovery codes are 8 letters and numbers, like abcd efgh",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "classes": "govuk-input--width-10"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_recovery_code(self.cleaned_data["code"])
        if not _RECOVERY_CODE.match(code):
            raise forms.ValidationError("Recovery codes are 8 letters and numbers, like abcd efgh")
        return code


class SavedRecoveryCodesForm(forms.Form):
    saved = forms.BooleanField(
        label="I have saved these recovery codes somewhere safe",
        error_messages={"required": "Confirm that you have saved your recovery codes"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you doing this?",
        help_text="This goes in the access log with your name. Do not include details of any case.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are doing this",
            "max_length": "Reason must be 500 characters or fewer",
        },
    )


def _style_new_password_fields(form: SetPasswordForm) -> None:
    """Django's set-password fields, with GOV.UK-style labels, hints and messages."""
    first, second = form.fields["new_password1"], form.fields["new_password2"]
    first.label = "New password"
    first.help_text = CHOOSING_HINT
    first.error_messages["required"] = "Enter a new password"
    second.label = "Type the new password again"
    second.help_text = ""
    second.error_messages["required"] = "Type the new password again"
    form.error_messages = {
        **form.error_messages,
        "password_mismatch": "The two passwords do not match. Type the same password twice",
    }


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_new_password_fields(self)


class ChangePasswordForm(SetPasswordForm):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style_new_password_fields(self)
        self.order_fields(["current_password", "new_password1", "new_password2"])

    def clean_current_password(self) -> str:
        current = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise forms.ValidationError("Your current password is not right")
        return current


class PasswordResetRequestForm(forms.Form):
    email = _email_field(help_text="The address you use to sign in")


class _UserDetailsForm(forms.ModelForm):
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(),
        required=False,
        empty_label="No team",
        label="Team",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        label="Role",
        help_text="What they may see and do. Administrators manage accounts and never see cases.",
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose a role from the list",
        },
    )

    class Meta:
        model = User
        fields: ClassVar = ["full_name", "job_title", "role", "team", "gender", "languages"]
        labels: ClassVar = {
            "full_name": "Full name",
            "job_title": "Job title (optional)",
            "gender": "Gender (optional)",
            "languages": "Languages spoken besides English (optional)",
        }
        help_texts: ClassVar = {
            "gender": "Shown when a survivor asks for an officer of a particular gender",
            "languages": "Shown when a survivor asks for someone who speaks their language",
        }
        error_messages: ClassVar = {
            "full_name": {
                "required": "Enter their full name",
                "max_length": "Full name must be 150 characters or fewer",
            },
            "job_title": {"max_length": "Job title must be 150 characters or fewer"},
            "gender": {"max_length": "Gender must be 40 characters or fewer"},
            "languages": {"max_length": "Languages must be 200 characters or fewer"},
        }
        widgets: ClassVar = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        }


class NewUserForm(_UserDetailsForm):
    email = _email_field(
        help_text="They sign in with this address, and we send the link to choose a password to it"
    )

    class Meta(_UserDetailsForm.Meta):
        fields: ClassVar = [
            "full_name",
            "email",
            "job_title",
            "role",
            "team",
            "gender",
            "languages",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter their e-mail address"
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("There is already an account with this e-mail address")
        return email


class EditUserForm(_UserDetailsForm):
    def __init__(self, *args: Any, may_change_role: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_change_role:
            self.fields["role"].disabled = True
            self.fields[
                "role"
            ].help_text = "You cannot change your own role. Ask another administrator."


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields: ClassVar = ["name"]
        labels: ClassVar = {"name": "Team name"}
        help_texts: ClassVar = {"name": "For example, the area or office the team covers"}
        error_messages: ClassVar = {
            "name": {
                "required": "Enter the team's name",
                "max_length": "Team name must be 120 characters or fewer",
                "unique": "There is already a team with this name",
            }
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Team.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already a team with this name")
        return name
