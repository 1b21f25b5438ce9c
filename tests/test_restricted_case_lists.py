"""A restricted case, with every kind of work due on it, appears on no list, page or count of
someone not named on it: not a teammate of its officer, not another team's officer, not a member
of staff. Each list page is checked as each of them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Role
from haven.directory import services as directory_services
from haven.directory.models import Service
from haven.risk import services as risk_services
from haven.support import services as support_services
from tests.risk.factories import complete_dash
from tests.support.factories import make_case
from tests.support.personas import make_user, signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_services")]

LIST_PAGES = [
    "core:home",
    "cases:list",
    "cases:triage",
    "support:work",
    "risk:overview",
    "risk:high-risk",
    "directory:follow-ups",
]


@pytest.fixture
def restricted_case(alice, cora):
    """Alice's restricted case, with something due of every kind the lists show."""
    case = make_case(created_by=cora, owner=alice, given_name="Hidden", restricted_to=[alice])
    today = timezone.localdate()
    complete_dash(case, alice, yes=16, assessed_on=today - dt.timedelta(days=100))
    risk_services.add_action(
        case,
        description="Share the CCTV",
        owner=alice,
        due_on=today - dt.timedelta(days=2),
        meeting=None,
        actor=cora,
    )
    risk_services.record_dvds_application(
        case,
        route="right_to_ask",
        applied_on=today - dt.timedelta(days=30),
        notes="",
        actor=alice,
    )
    support_services.request_security(
        case,
        kind="lock_change",
        requested_at=timezone.now() - dt.timedelta(hours=40),
        actor=alice,
    )
    plan = support_services.agree_plan(case, agreed_on=today - dt.timedelta(days=90), actor=alice)
    support_services.add_action(
        plan,
        what="Chase the housing register",
        owner_kind="officer",
        agency="",
        due_on=today - dt.timedelta(days=1),
        actor=alice,
    )
    support_services.start_perpetrator_action(
        case,
        kind="injunction",
        ground="",
        survivor_wishes="She wants him kept away from the school",
        wishes_recorded_on=today - dt.timedelta(days=20),
        started_on=today - dt.timedelta(days=19),
        court_date=today + dt.timedelta(days=1),
        notes="",
        actor=alice,
    )
    directory_services.make_referral(
        case,
        Service.objects.get(key="galop"),
        made_on=today - dt.timedelta(days=60),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    return case


@pytest.fixture
def teammate(team_north):
    # Same team as the case's officer: sees the team's cases, but not this restricted one.
    return make_user("nina@example.org", "Nina Teammate", Role.CASE_OFFICER, team_north)


@pytest.mark.parametrize("page", LIST_PAGES)
@pytest.mark.parametrize("who", ["teammate", "bob", "sam"])
def test_no_list_shows_a_restricted_case_to_someone_not_named_on_it(
    request, restricted_case, page, who
):
    person = request.getfixturevalue(who)
    response = signed_in_client(person).get(reverse(page))

    assert response.status_code in (200, 403)
    assert restricted_case.reference not in response.content.decode()


@pytest.mark.parametrize("page", LIST_PAGES)
def test_the_officer_named_on_it_finds_it(alice, restricted_case, page):
    # The check above means something only if the case is really on these lists.
    if page in ("cases:triage",):
        pytest.skip("an allocated case is not in triage")
    html = signed_in_client(alice).get(reverse(page)).content.decode()
    assert restricted_case.reference in html
