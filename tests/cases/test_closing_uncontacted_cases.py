"""A case nobody holds and nobody has contacted the survivor about is closed only by the
coordinator: closing it would end the only chance of contact. The closure service enforces
it; the officer's page explains instead of offering a form that could only be refused."""

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import Case, CaseStatus
from haven.cases.rules.lifecycle import closing_needs_coordinator
from haven.cases.services import lifecycle as lifecycle_services
from tests.support.factories import make_case
from tests.support.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("allocated", "contacted", "needs"),
    [(False, False, True), (True, False, False), (False, True, False), (True, True, False)],
)
def test_only_an_unallocated_case_nobody_has_contacted_needs_the_coordinator(
    allocated, contacted, needs
):
    assert closing_needs_coordinator(allocated=allocated, contacted=contacted) is needs


def close(case, actor, **overrides):
    values = dict(
        reason="duplicate", notes="Recorded twice: see the other case.", handed_over=False
    )
    values.update(overrides)
    return lifecycle_services.close_case(case, actor=actor, **values)


def test_the_service_refuses_an_officer_whatever_the_way_in(alice, cora):
    case = make_case(created_by=cora)
    with pytest.raises(lifecycle_services.ClosureNeedsCoordinator):
        close(case, alice)
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
    assert not AuditEvent.objects.filter(action="case.closed").exists()


def test_the_coordinator_closes_it_with_a_reason_and_notes(alice, cora):
    case = make_case(created_by=cora)
    with pytest.raises(lifecycle_services.ClosureRefused) as refused:
        close(case, cora, reason="survivor_request", notes="")
    assert "nobody has contacted the survivor" in refused.value.problems["notes"]
    close(case, cora, reason="survivor_request", notes="She rang to say she is safe with family.")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_an_officer_may_still_close_a_case_they_hold_or_one_someone_has_contacted(alice, cora):
    held = make_case(created_by=cora, owner=alice)
    close(held, alice)
    contacted = make_case(created_by=cora)
    Case.objects.filter(pk=contacted.pk).update(first_contact_at=timezone.now())
    close(Case.objects.get(pk=contacted.pk), alice)
    assert Case.objects.filter(status=CaseStatus.CLOSED).count() == 2


def test_the_officer_sees_why_instead_of_the_close_form(client_for, alice, cora):
    case = make_case(created_by=cora)
    client = client_for(alice)
    url = reverse("cases:close", kwargs={"reference": case.reference})
    response = client.get(url)
    page = response.content.decode()
    text = visible_text(page)
    assert response.status_code == 200
    assert "Only the coordinator can close this case" in text
    assert "Nobody has been allocated this case and nobody has contacted the survivor" in text
    assert "Why is the case being closed?" not in text
    assert reverse("cases:allocate", kwargs={"reference": case.reference}) in page

    # Posting the form anyway changes nothing.
    client.post(url, {"reason": "duplicate", "notes": "Trying anyway"})
    assert Case.objects.get(pk=case.pk).status != CaseStatus.CLOSED

    manage = visible_text(
        client.get(reverse("cases:manage", kwargs={"reference": case.reference})).content.decode()
    )
    assert "Only the coordinator can close this case" in manage


def test_the_coordinator_gets_the_form_and_closes_it(client_for, cora):
    case = make_case(created_by=cora)
    client = client_for(cora)
    url = reverse("cases:close", kwargs={"reference": case.reference})
    text = visible_text(client.get(url).content.decode())
    assert "Why is the case being closed?" in text
    assert "If you close it, say why in the notes" in text
    response = client.post(
        url, {"reason": "duplicate", "notes": "Recorded twice: DA-2026-00001 is the same person."}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
