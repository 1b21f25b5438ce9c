"""The safe call-back request: only what the person chooses to tell us, each answer checked with
a message that says what to do, and nothing typed lost when something needs changing."""

from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from haven.public import rules

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CONTACT_WAYS = [
    ("phone", _("Phone call")),
    ("text", _("Text message")),
    ("email", _("E-mail")),
]
# The message's limit is written out in its error message too.
MESSAGE_MAX = 1000


def _yes_no(label: Any, required_message: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
        error_messages={"required": required_message},
    )


class CallBackForm(forms.Form):
    in_danger_now = _yes_no(
        _("Are you, or is anyone with you, in danger right now?"),
        _("Tell us whether you or anyone with you is in danger right now"),
        help_text=_("If you are, call 999 now. We cannot send help in an emergency."),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=100,
        help_text=_("Leave this blank if you prefer, or give the name we should ask for."),
        error_messages={"max_length": _("Your name must be 100 characters or fewer")},
    )
    contact_ways = forms.MultipleChoiceField(
        label=_("How is it safe for us to contact you?"),
        choices=CONTACT_WAYS,
        help_text=_("Choose every way that is safe. We will only use the ways you choose."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Choose at least one safe way for us to contact you, so that we can "
                "reach you without putting you at risk"
            )
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        help_text=_("For a call or text. We will only use this number."),
        error_messages={"max_length": _("Enter a phone number of 30 characters or fewer")},
    )
    email = forms.CharField(
        label=_("E-mail address"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Enter an e-mail address of 200 characters or fewer")},
    )
    safe_times = forms.MultipleChoiceField(
        label=_("When is it safe for us to contact you?"),
        choices=[(key, label) for key, (label, _window) in rules.SAFE_TIME_CHOICES.items()],
        help_text=_("We will only contact you at the times you choose (UK time)."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _('Choose when it is safe for us to contact you, or "Any time"')
        },
    )
    voicemail_allowed = _yes_no(
        _("If you do not answer, can we leave a voicemail or message?"),
        _("Tell us whether we can leave a voicemail or message"),
    )
    may_say_who_we_are = _yes_no(
        _("If someone else answers, can we say who we are?"),
        _("Tell us whether we can say who we are if someone else answers"),
        help_text=_("If you choose no, we will not say our name or why we are calling."),
    )
    message = forms.CharField(
        label=_("Anything else you want us to know (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        help_text=_(
            "You do not have to tell us what has happened. Do not put anything here you "
            "would not want someone else to see."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Keep this to 1000 characters or fewer")},
    )
    # A field people never see (hidden by CSS and from screen readers) that form-filling robots
    # do fill in: a request with it filled is thanked and dropped.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this blank"))

    def clean_phone(self) -> str:
        typed = self.cleaned_data.get("phone", "").strip()
        if not typed:
            return ""
        cleaned = rules.clean_phone(typed)
        if cleaned is None:
            raise forms.ValidationError(
                _("Enter a UK phone number, like 07700 900 982 or 0121 496 0000")
            )
        return cleaned

    def clean_email(self) -> str:
        typed = self.cleaned_data.get("email", "").strip()
        if not typed:
            return ""
        try:
            validate_email(typed)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter an e-mail address in the correct format, like name@example.com")
            ) from None
        return typed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ways = cleaned.get("contact_ways") or []
        if (
            ({"phone", "text"} & set(ways))
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Enter the phone number we can safely call or text"))
        if "email" in ways and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the e-mail address we can safely write to"))
        times = cleaned.get("safe_times") or []
        if rules.ANY_TIME in times and len(times) > 1:
            both = _('Choose "Any time" or the times that are safe, not both')
            self.add_error("safe_times", both)
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
