"""Two people editing a survivor's rehousing at once: a save never silently undoes what the
other saved (above all the new address, which must not be lost), and a clash shows both values."""

import pytest
from django.urls import reverse

from haven.support import services
from haven.support.models import RehousingPlan
from tests.support.factories import make_case

pytestmark = pytest.mark.django_db

BLANK = {
    "options_considered": ["management_transfer"],
    "chosen": "management_transfer",
    "reasons": ["school"],
    "reasons_notes": "",
    "areas_to_avoid": "",
    "progress": "applied",
    "outcome_notes": "",
    "new_address": "",
    "moved_on": None,
}


@pytest.fixture
def case(alice, cora):
    case = make_case(created_by=cora, owner=alice, given_name="Rehoused")
    services.save_rehousing(case, dict(BLANK), actor=alice)
    return case


def _url(case):
    return reverse("support:rehousing", kwargs={"reference": case.reference})


def _form_data(page_html: str, **changes) -> dict:
    """What a browser would post from the page as it was opened, with `changes` typed."""
    import re

    data = {
        "options_considered": ["management_transfer"],
        "chosen": "management_transfer",
        "reasons": ["school"],
        "reasons_notes": "",
        "areas_to_avoid": "",
        "progress": "applied",
        "outcome_notes": "",
        "new_address": "",
        "moved_on-day": "",
        "moved_on-month": "",
        "moved_on-year": "",
    }
    version = re.search(r'name="version" value="(\d+)"', page_html)
    if version:
        data["version"] = version.group(1)
    data.update(changes)
    return data


def test_a_stale_save_never_wipes_the_new_address_someone_else_recorded(
    client_for, alice, cora, case
):
    officer, coordinator = client_for(alice), client_for(cora)
    officers_page = officer.get(_url(case)).content.decode()
    coordinators_page = coordinator.get(_url(case)).content.decode()

    # The officer records the move and the new address.
    moved = officer.post(
        _url(case),
        _form_data(officers_page, progress="moved", new_address="Flat 9, Larch House, Belper"),
    )
    assert moved.status_code == 302

    # The coordinator, from the page opened before, adds a note on the survivor's reasons.
    response = coordinator.post(
        _url(case), _form_data(coordinators_page, reasons_notes="Her son's GCSE year")
    )

    assert response.status_code == 302
    plan = RehousingPlan.objects.get(case=case)
    assert plan.new_address == "Flat 9, Larch House, Belper"
    assert plan.progress == "moved"
    assert plan.reasons_notes == "Her son's GCSE year"


def test_changing_the_same_thing_shows_the_other_persons_value_and_saves_nothing(
    client_for, alice, cora, case
):
    officer, coordinator = client_for(alice), client_for(cora)
    officers_page = officer.get(_url(case)).content.decode()
    coordinators_page = coordinator.get(_url(case)).content.decode()
    officer.post(_url(case), _form_data(officers_page, new_address="Flat 9, Larch House, Belper"))

    response = coordinator.post(
        _url(case), _form_data(coordinators_page, new_address="12 Oak Road, Matlock")
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed" in page
    assert "Flat 9, Larch House, Belper" in page and "12 Oak Road, Matlock" in page
    assert "Alice Officer" in page
    assert RehousingPlan.objects.get(case=case).new_address == "Flat 9, Larch House, Belper"
