"""Recording a safeguarding decision (children's or adult), and the card on the case record."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.policies import signed_in_user
from haven.cases import policies
from haven.cases.forms.safeguarding import SafeguardingDecisionForm
from haven.cases.models import Case, SafeguardingKind
from haven.cases.rules.safeguarding import Kind, adult_reasons, children_reasons, sentence
from haven.cases.services import safeguarding as safeguarding_services
from haven.cases.views.common import case_page, posted, render_case

REASONS = {Kind.CHILDREN: children_reasons, Kind.ADULT: adult_reasons}

# What each kind asks, in the page heading and the success message.
HEADINGS = {
    Kind.CHILDREN: "Children's safeguarding decision",
    Kind.ADULT: "Adult safeguarding decision",
}


def _kind(raw: str) -> Kind:
    try:
        return Kind(raw)
    except ValueError:
        raise Http404("No such kind of safeguarding decision") from None


@require_http_methods(["GET", "POST"])
@case_page("safeguarding-decision")
def decision(request: HttpRequest, case: Case, kind: str) -> HttpResponse:
    chosen = _kind(kind)
    user = signed_in_user(request)
    if not policies.may_record_safeguarding_decision(user, case):
        raise PermissionDenied
    current = safeguarding_services.current_decisions(case).get(chosen.value)
    form = SafeguardingDecisionForm(
        posted(request), initial={"replaces": str(current.pk) if current else ""}
    )
    changed_by_someone_else = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            safeguarding_services.record_decision(
                case,
                safeguarding_services.Decision(
                    kind=chosen,
                    outcome=data["outcome"],
                    referred_on=data.get("referred_on"),
                    referred_to=data.get("referred_to", ""),
                    referral_reference=data.get("referral_reference", ""),
                    reason=data.get("reason", ""),
                ),
                replaces=data["replaces"],
                actor=user,
                request=request,
            )
        except safeguarding_services.DecisionChanged as changed:
            # Keep what the person typed; the form now replaces the decision they have just
            # been shown, so saving again is a choice made after seeing it.
            changed_by_someone_else = changed.current
            current = changed.current
            values = request.POST.copy()
            values["replaces"] = str(current.pk) if current else ""
            form = SafeguardingDecisionForm(values)
            form.is_valid()
        else:
            messages.success(request, f"{HEADINGS[chosen]} recorded.")
            return redirect("cases:detail", reference=case.reference)
    history = [d for d in safeguarding_services.decisions_of(case) if d.kind == chosen.value]
    household = safeguarding_services.household_of(case)
    facts = safeguarding_services.facts_for(case, household)
    reasons = REASONS[chosen](facts, timezone.localdate())
    context: dict[str, Any] = {
        "form": form,
        "kind": chosen,
        "kind_label": SafeguardingKind(chosen.value).label,
        "heading": HEADINGS[chosen],
        "why": sentence(reasons),
        "current": current,
        "earlier": [d for d in history if current is None or d.pk != current.pk],
        "changed_by_someone_else": changed_by_someone_else,
    }
    return render_case(request, "cases/safeguarding/decision.html", case, context)
