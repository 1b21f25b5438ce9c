"""Support work on the home page's work list: the officer's lock change and the coordinator's
view of lock changes past their clock, in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.support import services
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db


def ask_for_lock_change(case, actor, hours_ago: int):
    return services.request_security(
        case,
        kind="lock_change",
        requested_at=timezone.now() - dt.timedelta(hours=hours_ago),
        actor=actor,
    )


def test_an_officers_lock_change_past_its_clock_is_on_their_home_page(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    ask_for_lock_change(case, alice, hours_ago=30)
    text = visible_text(signed_in_client(alice).get(reverse("core:home")).content.decode())
    assert "Safety and housing" in text and "Lock change past its clock" in text
    assert case.reference in text


def test_the_coordinator_sees_every_late_lock_change(alice, bob, cora):
    late = make_case(created_by=cora, owner=bob)
    on_time = make_case(created_by=cora, owner=alice)
    ask_for_lock_change(late, bob, hours_ago=30)
    ask_for_lock_change(on_time, alice, hours_ago=2)
    text = visible_text(signed_in_client(cora).get(reverse("core:home")).content.decode())
    assert "Lock changes past the clock" in text
    assert late.reference in text and on_time.reference not in text


def test_the_home_page_costs_the_same_with_more_support_work(
    alice, cora, django_assert_max_num_queries
):
    client = signed_in_client(alice)
    ask_for_lock_change(make_case(created_by=cora, owner=alice), alice, hours_ago=30)
    with django_assert_max_num_queries(80) as few:
        client.get(reverse("core:home"))
    for _ in range(12):
        ask_for_lock_change(make_case(created_by=cora, owner=alice), alice, hours_ago=30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:home"))
