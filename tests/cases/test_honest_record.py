"""The case record never contradicts itself or states what nobody recorded (issue 7, defect 10)."""

import re

from django.urls import reverse
from django.utils import timezone

from haven.cases.models import CaseStatus
from haven.cases.models.people import TenancyStatus
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from tests.support.factories import make_case
from tests.support.html import visible_text


def _page(client, name, case):
    return visible_text(client.get(reverse(name, args=[case.reference])).content.decode())


def test_a_survivor_recorded_as_joint_tenant_at_intake_has_a_joint_tenancy(alice, cora, client_for):
    disclosure = record_services.Disclosure(
        channel="phone",
        received_at=timezone.now(),
        given_name="Rowan",
        family_name="Synthetic",
        tenancy_status=TenancyStatus.JOINT_TENANT,
        summary="Synthetic disclosure",
    )
    case = record_services.record_disclosure(disclosure, actor=cora)
    lifecycle_services.allocate_case(case, officer=alice, actor=cora)
    case.refresh_from_db()
    assert case.joint_tenancy is True
    page = _page(client_for(alice), "cases:record", case)
    assert "Tenancy Joint tenant" in page
    assert "Joint tenancy Yes" in page
    assert not re.search(r"Joint tenancy No\b", page)


def test_a_joint_tenant_on_a_tenancy_not_marked_joint_is_shown_as_unclear(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    survivor = case.survivor
    survivor.tenancy_status = TenancyStatus.JOINT_TENANT
    survivor.save()
    case.joint_tenancy = False
    case.save()
    page = _page(client_for(alice), "cases:record", case)
    assert "Tenancy Joint tenant" in page
    assert not re.search(r"Joint tenancy No\b", page)
    assert "Joint tenancy Not clear: the survivor is recorded as a joint tenant" in page


def test_a_blank_who_passed_it_on_is_not_recorded_rather_than_the_survivor(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    assert case.referrer == ""
    page = _page(client_for(alice), "cases:record", case)
    assert "Who passed it on Not recorded" in page
    assert "Who passed it on The survivor" not in page


def test_saving_the_survivor_says_what_was_saved(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice, given_name="Rowan")
    response = client_for(alice).post(
        reverse("cases:edit-survivor", args=[case.reference]),
        {"given_name": "Rowan", "tenancy_status": "tenant", "version": str(case.survivor.version)},
        follow=True,
    )
    page = visible_text(response.content.decode())
    assert "Survivor's details saved" in page.replace("&#39;", "'")
    assert "The survivor saved" not in page


def test_a_named_coordinator_is_not_listed_twice(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice, restricted_to=[cora, alice])
    page = _page(client_for(cora), "cases:manage", case)
    assert "Restricted to: Alice Officer and the coordinator" in page
    assert "Cora Coordinator" not in page.split("Visibility", 1)[1].split("What you can do")[0]


def test_a_case_named_only_to_the_coordinator(cora, client_for):
    case = make_case(created_by=cora, restricted_to=[cora])
    page = _page(client_for(cora), "cases:manage", case)
    assert "Restricted to: the coordinator" in page


def test_closing_for_another_reason_without_notes_asks_for_the_reason(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    response = client_for(alice).post(
        reverse("cases:close", args=[case.reference]), {"reason": "other", "notes": ""}
    )
    page = visible_text(response.content.decode())
    assert "Explain in the notes why the case is being closed" in page
    assert "handed" not in page.split("There is a problem", 1)[1].split("Why is the case")[0]
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
