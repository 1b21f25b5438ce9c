"""The current DASH level reaches apps that do not import risk: support reviews a high-risk
survivor's action plan every two weeks once the level is known."""

import datetime as dt

import pytest

from haven.platform.registries import current_risk_level
from haven.risk import services
from haven.support.services import review_weeks_for
from tests.support.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_level_of_the_latest_dash_is_what_other_apps_read(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    assert current_risk_level(case) is None
    services.record_other_agency_dash(
        case,
        agency="Police",
        assessed_on=dt.date(2026, 11, 30),
        score=15,
        level="high",
        actor=alice,
    )
    assert current_risk_level(case) == "high"
    assert review_weeks_for(current_risk_level(case)) == 2
