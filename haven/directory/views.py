"""The directory's pages: finding services, keeping them up to date, and a case's signposting
and referrals. Thin: forms check, services change, policies decide."""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.policies import signed_in_user
from haven.audit.versioning import EditConflict
from haven.cases import policies as case_policies
from haven.cases.models import Case
from haven.cases.views.common import case_page, posted, render_case, survivor_of
from haven.cases.views.record import page_without_total
from haven.directory import forms, policies, rules, services
from haven.directory.models import Referral, Service


def _filters(
    request: HttpRequest, data: QueryDict | None
) -> tuple[forms.FindServicesForm, list[Service]]:
    form = forms.FindServicesForm(data, areas=services.area_names())
    if data is not None and form.is_valid():
        area, needs, text = (
            form.cleaned_data["area"],
            form.cleaned_data["needs"],
            form.cleaned_data["q"],
        )
    else:
        area, needs, text = "", [], ""
    found = services.find_services(area=area, needs=needs)
    if text:
        found = [s for s in found if text.casefold() in s.name.casefold()]
    return form, found


@require_http_methods(["GET", "HEAD"])
def service_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_reader(user)
    form, found = _filters(request, request.GET if request.GET else None)
    return render(
        request,
        "directory/list.html",
        {"form": form, "services": found, "may_manage": policies.may_manage(user)},
    )


@require_http_methods(["GET", "HEAD"])
def service_detail(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_reader(user)
    service = get_object_or_404(Service.objects.prefetch_related("areas"), key=key)
    return render(
        request,
        "directory/detail.html",
        {"service": service, "may_manage": policies.may_manage(user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def service_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_manager(user)
    form = forms.ServiceForm(
        posted(request), initial={"national": "no", "open_24_7": "no", "active": "yes"}
    )
    if request.method == "POST" and form.is_valid():
        key = forms.key_for(
            form.cleaned_data["name"], set(Service.objects.values_list("key", flat=True))
        )
        service = services.add_service(form.cleaned_data, key=key, actor=user, request=request)
        messages.success(request, f"{service.name} is in the directory.")
        return redirect("directory:detail", key=service.key)
    return render(
        request,
        "directory/edit.html",
        {"form": form, "service": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, key: str) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_manager(user)
    service = get_object_or_404(Service.objects.prefetch_related("areas"), key=key)
    form = forms.ServiceForm(posted(request), initial=forms.ServiceForm.initial_for(service))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.change_service(
                service,
                form.cleaned_data,
                opened_version=form.cleaned_data.get("version") or 0,
                actor=user,
                request=request,
            )
        except EditConflict as clash:
            conflict = clash
            data = request.POST.copy()
            data["version"] = str(clash.current_version)
            form = forms.ServiceForm(data, initial=forms.ServiceForm.initial_for(clash.current))
            form.is_valid()
        else:
            messages.success(request, saved.kept_message() or f"{saved.record.name} is saved.")
            return redirect("directory:detail", key=key)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "directory/edit.html",
        {"form": form, "service": service, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def export(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_manager(user)
    document = services.export_services(actor=user, request=request)
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"support-services-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_manager(user)
    form = forms.ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = services.import_services(form.cleaned_data["file"], actor=user, request=request)
        messages.success(
            request,
            f"Imported: {result.added} added, {result.changed} updated, {result.unchanged} already up to date.",
        )
        return redirect("directory:list")
    return render(
        request, "directory/import.html", {"form": form}, status=400 if form.errors else 200
    )


# --- From a case ------------------------------------------------------------------------------


def _facts(case: Case) -> rules.SurvivorFacts:
    survivor = survivor_of(case)
    if survivor is None:
        return rules.SurvivorFacts(abuse_forms=tuple(case.abuse_forms))
    return rules.SurvivorFacts(
        age=survivor.age_on(timezone.localdate()),
        sex=survivor.eq_sex,
        gender_same_as_birth=survivor.eq_gender_same_as_birth,
        sexual_orientation=survivor.eq_sexual_orientation,
        abuse_forms=tuple(case.abuse_forms),
        has_children=any(member.is_child for member in case.household_members.all()),
    )


@case_page("support services", prefetch_related=["household_members"])
@require_http_methods(["GET", "HEAD"])
def case_services(request: HttpRequest, case: Case) -> HttpResponse:
    form, found = _filters(
        request, request.GET if "area" in request.GET or "needs" in request.GET else None
    )
    today = timezone.localdate()
    referrals = list(case.referrals.select_related("service", "made_by"))
    return render_case(
        request,
        "directory/case.html",
        case,
        {
            "form": form,
            "services": found,
            "searched": form.is_bound,
            "suggested": [
                (rules.SPECIALISM_LABELS[key], why)
                for key, why in rules.suggested_specialisms(_facts(case))
            ],
            "signpostings": case.signpostings.select_related("service", "recorded_by"),
            "referrals": referrals,
            "follow_up": {
                r.pk
                for r in referrals
                if rules.needs_follow_up(
                    r.made_on, bool(r.outcome), today, settings.HAVEN_REFERRAL_FOLLOW_UP_DAYS
                )
            },
        },
    )


def _record_page(
    request: HttpRequest, case: Case, key: str, form_class: Any, template: str, save: Any
) -> HttpResponse:
    case_policies.require_caseworker(signed_in_user(request))
    service = get_object_or_404(Service, key=key, active=True)
    form = form_class(
        posted(request), initial={"given_on": timezone.localdate(), "made_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        message = save(case, service, form.cleaned_data, signed_in_user(request))
        messages.success(request, message)
        return redirect("directory:case", reference=case.reference)
    return render_case(
        request,
        template,
        case,
        {"form": form, "service": service},
        status=400 if form.errors else 200,
    )


@case_page("give information about a service")
@require_http_methods(["GET", "HEAD", "POST"])
def signpost(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    def save(case: Case, service: Service, data: dict, user: Any) -> str:
        services.record_signposting(
            case,
            service,
            given_on=data["given_on"],
            how=data["how"],
            notes=data["notes"],
            actor=user,
            request=request,
        )
        return f"Recorded: information about {service.name} given."

    return _record_page(request, case, key, forms.SignpostingForm, "directory/signpost.html", save)


@case_page("refer to a service")
@require_http_methods(["GET", "HEAD", "POST"])
def refer(request: HttpRequest, case: Case, key: str) -> HttpResponse:
    def save(case: Case, service: Service, data: dict, user: Any) -> str:
        referral = services.make_referral(
            case,
            service,
            made_on=data["made_on"],
            consent=data["consent"] == "yes",
            no_consent_reason=data["no_consent_reason"],
            notes=data["notes"],
            actor=user,
            request=request,
        )
        return f"Referral to {service.name} recorded. Follow it up by {referral.follow_up_on:%-d %B %Y} if there is no answer."

    return _record_page(request, case, key, forms.ReferralForm, "directory/refer.html", save)


@case_page("referral outcome")
@require_http_methods(["GET", "HEAD", "POST"])
def referral_outcome(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case_policies.require_caseworker(user)
    referral = get_object_or_404(Referral.objects.select_related("service"), pk=pk, case=case)
    form = forms.ReferralOutcomeForm(
        posted(request), initial={"outcome_on": timezone.localdate()}, made_on=referral.made_on
    )
    if request.method == "POST" and form.is_valid():
        services.record_referral_outcome(
            referral,
            outcome=form.cleaned_data["outcome"],
            outcome_on=form.cleaned_data["outcome_on"],
            notes=form.cleaned_data["notes"],
            actor=user,
            request=request,
        )
        messages.success(request, f"Outcome of the referral to {referral.service.name} recorded.")
        return redirect("directory:case", reference=case.reference)
    return render_case(
        request,
        "directory/outcome.html",
        case,
        {"form": form, "referral": referral},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def follow_ups(request: HttpRequest) -> HttpResponse:
    """Referrals waiting for an answer past their follow-up date, on the cases this person holds
    (the coordinator: every case)."""
    user = signed_in_user(request)
    case_policies.require_caseworker(user)
    cases = case_policies.scope_of(user, held_only=not user.has_perm("cases.view_all_cases"))
    page = page_without_total(request, services.referrals_to_follow_up(cases, timezone.localdate()))
    return render(
        request,
        "directory/follow_ups.html",
        {"page": page, "today": timezone.localdate()},
    )
