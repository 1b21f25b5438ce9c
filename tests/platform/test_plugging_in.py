"""A capability app plugs into Haven through its ready() alone.

The throwaway app (tests/platform/throwaway) registers a navigation item, a case tab, a case
card, a chronology kind, a closure blocker, a work-list section, an event type and a
capability, as docs/adding-an-app.md says; nothing in core or cases knows it exists. Each test
proves that one of those appears where a person would meet it.
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from haven.accounts.permissions import capabilities_for
from haven.audit.models import AuditEvent
from haven.audit.services import UnregisteredEvent, record_event
from haven.cases.models import CaseStatus
from haven.cases.services import chronology as chronology_services
from haven.platform import registries
from tests.platform.throwaway.apps import OPEN_TASKS, POKED
from tests.support.factories import make_case


@pytest.fixture
def throwaway_app(settings):
    with (
        registries.restored_afterwards(),
        override_settings(
            INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.platform.throwaway"],
            ROOT_URLCONF="tests.platform.throwaway.root_urls",
        ),
    ):
        yield
    OPEN_TASKS.clear()
    POKED.clear()


@pytest.fixture
def case(alice):
    return make_case(created_by=alice, owner=alice)


def test_its_navigation_item_shows_to_those_holding_its_capability(
    throwaway_app, alice, sam, client_for
):
    officer_page = client_for(alice).get(reverse("core:home")).content.decode()
    assert 'href="/throwaway/"' in officer_page
    staff_page = client_for(sam).get(reverse("core:home")).content.decode()
    assert 'href="/throwaway/"' not in staff_page


def test_its_work_list_section_is_on_the_home_page_of_those_holding_its_capability(
    throwaway_app, alice, sam, client_for
):
    officer_page = client_for(alice).get(reverse("core:home")).content.decode()
    assert "Throwaway work" in officer_page
    assert "1 throwaway thing is due today." in officer_page
    assert "Poke the throwaway" in officer_page and "Due today" in officer_page
    assert "Throwaway work" not in client_for(sam).get(reverse("core:home")).content.decode()


def test_its_capability_is_granted_with_the_one_it_names(throwaway_app):
    assert "throwaway.use" in capabilities_for("case_officer")
    assert "throwaway.use" in capabilities_for("coordinator")
    assert "throwaway.use" not in capabilities_for("manager")


def test_its_case_tab_is_on_every_case_page_and_current_on_its_own_pages(
    throwaway_app, alice, case, client_for
):
    client = client_for(alice)
    record = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Throwaway tab" in record
    own = client.get(reverse("throwaway:case-edit", args=[case.reference])).content.decode()
    assert 'aria-current="page">Throwaway tab</a>' in own


def test_its_summary_card_is_on_the_case_record(throwaway_app, alice, case, client_for):
    page = client_for(alice).get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Throwaway card" in page
    assert "Alice Officer" in page


def test_its_chronology_kind_shows_on_the_chronology_with_its_own_card_and_filter(
    throwaway_app, alice, case, client_for
):
    chronology_services.add_entry(
        case,
        kind="throwaway_entry",
        occurred_at=timezone.now(),
        narrative="Poked the throwaway app.",
        actor=alice,
    )
    url = reverse("cases:chronology", args=[case.reference])
    page = client_for(alice).get(url).content.decode()
    assert "Throwaway entry:" in page  # the card's title, with its label
    assert "Throwaway detail" in page and "Poked the throwaway app." in page  # its own rows
    assert '<option value="throwaway_entry">Throwaway entry</option>' in page  # the filter
    only_it = client_for(alice).get(url, {"kind": "throwaway_entry"}).content.decode()
    assert "1 entry of this kind" in only_it


def test_its_closure_blocker_stops_a_case_closing(throwaway_app, alice, case, client_for):
    OPEN_TASKS.add(case.pk)
    url = reverse("cases:close", args=[case.reference])
    client = client_for(alice)
    assert "1 throwaway task is still open" in client.get(url).content.decode()
    refused = client.post(
        url, {"reason": "survivor_request", "handed_over": "yes", "notes": "Handed to Cora"}
    )
    assert "1 throwaway task is still open" in refused.content.decode()
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED

    OPEN_TASKS.clear()
    client.post(url, {"reason": "survivor_request"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_its_event_type_is_written_and_reads_with_its_label(throwaway_app, cora, case, client_for):
    record_event("throwaway.poked", actor=cora, target=case, detail={"times": 2})
    assert AuditEvent.objects.filter(action="throwaway.poked").count() == 1
    page = client_for(cora).get(reverse("audit:log")).content.decode()
    assert "Throwaway poked" in page
    with pytest.raises(UnregisteredEvent):
        record_event("throwaway.poked", actor=cora, target=case, detail={"name": "Jo"})


def test_nothing_of_it_outlives_the_app(alice, client_for):
    assert "throwaway.poked" not in registries.event_types
    assert "throwaway:case" not in registries.case_tabs
    assert "throwaway" not in registries.work_sections
    page = client_for(alice).get(reverse("core:home")).content.decode()
    assert "Throwaway" not in page


def test_its_badge_is_in_the_header_of_every_case_page(throwaway_app, alice, case, client_for):
    POKED.add(case.pk)
    for name in ("cases:detail", "cases:chronology"):
        page = client_for(alice).get(reverse(name, args=[case.reference])).content.decode()
        assert "govuk-tag--purple" in page and "Poked" in page


def test_its_column_is_in_the_case_lists_and_filters_the_case_list(
    throwaway_app, alice, case, client_for
):
    other = make_case(created_by=alice, owner=alice, given_name="Unpoked")
    POKED.add(case.pk)
    client = client_for(alice)
    listed = client.get(reverse("cases:list")).content.decode()
    assert "Throwaway state" in listed and "Not poked" in listed
    poked = client.get(reverse("cases:list"), {"poke": "poked"}).content.decode()
    assert case.reference in poked and other.reference not in poked
    assert (
        "Throwaway state" in client.get(reverse("cases:triage"), {"show": "all"}).content.decode()
    )
    found = client.post(reverse("cases:search"), {"reference": case.reference}).content.decode()
    assert "Throwaway state" in found and "Poked" in found


def test_its_column_sorts_the_case_list_and_the_list_breaks_ties(throwaway_app, alice, client_for):
    now = timezone.now()
    older = make_case(created_by=alice, owner=alice, received_at=now - timedelta(days=2))
    middle = make_case(created_by=alice, owner=alice, received_at=now - timedelta(days=1))
    newer = make_case(created_by=alice, owner=alice, received_at=now)
    POKED.add(older.pk)
    client = client_for(alice)
    page = client.get(reverse("cases:list")).content.decode()
    assert '<option value="poke">Poked first</option>' in page
    listed = [newer.reference, middle.reference, older.reference]
    assert _order(page, listed) == listed
    page = client.get(reverse("cases:list"), {"sort": "poke"}).content.decode()
    assert _order(page, listed) == [older.reference, newer.reference, middle.reference]


def _order(page: str, references: list[str]) -> list[str]:
    return sorted(references, key=page.index)
