"""The MARAC referral form: prefilled from the case, checked by the officer, made as a PDF.

WeasyPrint draws it from a Jinja2 template. It is given no base URL and a URL fetcher that
refuses everything, so nothing typed into the form can make the server fetch anything.
"""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from haven.cases.models import Case
from haven.cases.models.contact import ContactChannel
from haven.risk.models import MaracReferral


def _date(value: Any) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def prefill(case: Case, referral: MaracReferral, user: Any) -> dict[str, str]:
    """What the referral form says before the officer changes anything, from the case."""
    try:
        survivor = case.survivor
    except Exception:  # the case has no survivor recorded yet (a concern)
        survivor = None
    plan = getattr(survivor, "safe_contact_plan", None) if survivor else None
    perpetrators = list(case.perpetrators.order_by("pk"))
    children = [m for m in case.household_members.order_by("pk") if m.is_child]
    earlier = list(case.marac_referrals.exclude(pk=referral.pk).order_by("referred_on"))

    safe_to_call, best_times = "Not recorded: ask the survivor", ""
    if plan is not None:
        summary = plan.summary()
        phone_ok = ContactChannel.PHONE.value in (plan.allowed_channels or [])
        safe_to_call = (
            "Yes"
            if phone_ok
            else "No: do not phone. Safe ways: " + (", ".join(summary.safe_ways) or "none agreed")
        )
        best_times = "; ".join(summary.safe_times)

    diversity = ""
    if survivor is not None:
        parts = [
            ("Ethnicity", survivor.get_eq_ethnicity_display()),
            ("Disability", survivor.get_eq_disability_display()),
            ("Sexuality", survivor.get_eq_sexual_orientation_display()),
            ("Gender", survivor.gender or survivor.get_eq_sex_display()),
        ]
        diversity = "\n".join(f"{label}: {value or 'Not recorded'}" for label, value in parts)

    aware = "Yes" if referral.survivor_aware else f"No: {referral.not_aware_reason}"
    consent = "Yes" if referral.consent else f"No: {referral.no_consent_reason}"
    return {
        "referring_agency": settings.HAVEN_LANDLORD_NAME,
        "referrer": user.full_name,
        "referrer_contact": user.email,
        "victim_name": f"{survivor.given_name} {survivor.family_name}".strip() if survivor else "",
        "victim_dob": _date(survivor.date_of_birth) if survivor else "",
        "victim_address": "\n".join(
            p
            for p in (
                (survivor.address or "") if survivor else "",
                (survivor.postcode or "") if survivor else "",
            )
            if p
        ),
        "victim_phone": survivor.phone if survivor else "",
        "safe_to_call": safe_to_call,
        "best_times": best_times,
        "diversity": diversity,
        "perpetrator": "\n\n".join(
            ", ".join(
                p
                for p in (
                    perpetrator.name,
                    _date(perpetrator.date_of_birth) and f"born {_date(perpetrator.date_of_birth)}",
                    perpetrator.get_relationship_display(),
                    perpetrator.address.replace("\n", ", ") if perpetrator.address else "",
                )
                if p
            )
            for perpetrator in perpetrators
        ),
        "children": "\n".join(
            ", ".join(
                p
                for p in (
                    child.name,
                    _date(child.date_of_birth) and f"born {_date(child.date_of_birth)}",
                    child.get_relationship_to_survivor_display()
                    and f"to the survivor: {child.get_relationship_to_survivor_display()}",
                    child.get_relationship_to_perpetrator_display()
                    and f"to the perpetrator: {child.get_relationship_to_perpetrator_display()}",
                    child.school_or_nursery,
                )
                if p
            )
            for child in children
        ),
        "criteria": "\n".join(referral.criteria_labels()),
        "aware_and_consent": f"Aware of the referral: {aware}\nConsents: {consent}",
        "fears_and_safe_people": "",
        "previous_referrals": "\n".join(f"{_date(r.referred_on)}, {r.area}" for r in earlier)
        or "None recorded with us",
    }


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError("The referral form loads nothing from outside.")


def referral_pdf(form: Any, referral: MaracReferral) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "risk/referral_pdf.html",
        {
            "form": form,
            "sections": form.sections(),
            "referral": referral,
            "landlord": settings.HAVEN_LANDLORD_NAME,
        },
    )
    return bytes(HTML(string=html, base_url=None, url_fetcher=_refuse).write_pdf())
