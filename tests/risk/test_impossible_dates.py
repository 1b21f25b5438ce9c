"""A date that cannot be right because of another date already on the record is refused, with
the other date named, and nothing typed is lost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.risk import services
from haven.risk.models import DvdsStatus
from tests.support.factories import make_case
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db


def _date(name: str, day: dt.date) -> dict[str, int]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_a_clares_law_decision_before_the_application_is_refused(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    applied = timezone.localdate() - dt.timedelta(days=10)
    application = services.record_dvds_application(
        case, route="right_to_ask", applied_on=applied, notes="", actor=alice
    )

    response = signed_in_client(alice).post(
        reverse("risk:dvds-decision", args=[case.reference, application.pk]),
        {
            "status": "decided",
            "outcome": "disclosed",
            **_date("decided_on", applied - dt.timedelta(days=3)),
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"on or after the date of the application ({applied:%-d %B %Y})" in page
    assert 'value="disclosed" checked' in page
    application.refresh_from_db()
    assert application.status == DvdsStatus.APPLIED
