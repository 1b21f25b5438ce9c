"""Support's pages as people use them: bad input gets a specific error and keeps what was
typed; the property look-up shows any member of staff the alert and whom to contact, and
nothing of the case; a breach shows on the case and to the coordinator."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.services import record as record_services
from haven.support import services
from haven.support.models import PerpetratorAction, PropertyAlert, SecurityRequest
from tests.support.factories import make_case
from tests.support.html import visible_text

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def case(alice, cora):
    case = make_case(
        created_by=cora,
        owner=alice,
        given_name="Jodie",
        family_name="Marsh",
        summary="Her partner assaulted her; domestic abuse over two years.",
    )
    record_services.add_perpetrator(case, {"name": "Mark Bellamy"}, actor=alice)
    return case


def url(name, case, **kwargs):
    return reverse(name, kwargs={"reference": case.reference, **kwargs})


def when_fields(day: dt.date, time: str) -> dict[str, str]:
    return {
        "date-day": str(day.day),
        "date-month": str(day.month),
        "date-year": str(day.year),
        "time": time,
    }


def test_asking_for_a_lock_change_starts_the_clock_shown_on_the_tab(client_for, alice, case):
    client = client_for(alice)
    now = timezone.localtime()

    response = client.post(
        url("support:security-request", case),
        {
            "kind": "lock_change",
            **when_fields(now.date(), f"{now:%H:%M}"),
            "no_recharge": "yes",
            "survivor_choice": "She wants the locks changed today",
        },
    )

    assert response.status_code == 302
    page = client.get(url("support:case", case)).content.decode()
    assert re.search(r"2[34] hours left", page)
    assert "No recharge" in page


def test_a_completion_before_the_request_is_refused_and_keeps_what_was_typed(
    client_for, alice, case
):
    asked = timezone.now() - dt.timedelta(hours=3)
    item = services.request_security(case, kind="lock_change", requested_at=asked, actor=alice)
    earlier = timezone.localtime(asked - dt.timedelta(days=1))

    response = client_for(alice).post(
        url("support:security-complete", case, pk=item.pk),
        {
            **when_fields(earlier.date(), "9:15am"),
            "keys_recovered": "yes",
            "works_order_reference": "WO-7731",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The time the work was done must be after it was asked for" in page
    assert 'value="WO-7731"' in page and 'value="9:15am"' in page
    assert SecurityRequest.objects.get(pk=item.pk).completed_at is None


def test_a_late_lock_change_shows_on_the_case_record_and_to_the_coordinator(
    client_for, alice, cora, case
):
    asked = timezone.now() - dt.timedelta(hours=30)
    item = services.request_security(case, kind="lock_change", requested_at=asked, actor=alice)
    services.complete_security(
        item, completed_at=asked + dt.timedelta(hours=26), keys_recovered="no", actor=alice
    )

    record = client_for(alice).get(reverse("cases:detail", kwargs={"reference": case.reference}))
    coordinator = client_for(cora).get(reverse("support:lock-changes") + "?show=breached")

    assert "Past the 24-hour clock" in record.content.decode()
    assert case.reference in coordinator.content.decode()
    assert "Past the 24-hour clock" in coordinator.content.decode()


def test_a_perpetrator_action_without_the_survivors_wishes_cannot_be_saved(client_for, alice, case):
    today = timezone.localdate()
    response = client_for(alice).post(
        url("support:perpetrator-action-add", case),
        {
            "survivor_wishes": "",
            "wishes_recorded_on-day": today.day,
            "wishes_recorded_on-month": today.month,
            "wishes_recorded_on-year": today.year,
            "kind": "nsp",
            "ground": "Ground 2A",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Record the survivor&#39;s wishes before starting" in page
    assert 'value="Ground 2A"' in page
    assert not PerpetratorAction.objects.exists()


def test_an_alert_that_names_someone_on_the_case_is_refused_beside_the_contact(
    client_for, alice, case
):
    review = timezone.localdate() + dt.timedelta(days=60)

    response = client_for(alice).post(
        url("support:alert-add", case),
        {
            "reference": "PR-4410",
            "address": "3 Birch Close, Derby",
            "postcode": "DE22 1XY",
            "kind": "no_lone_visits",
            "contact": "Mark Bellamy may be there: call Tenancy Services",
            "review_on-day": review.day,
            "review_on-month": review.month,
            "review_on-year": review.year,
        },
    )

    assert response.status_code == 400
    assert "Do not put anyone&#39;s name from the case on an alert" in response.content.decode()


@pytest.fixture
def alerted_property(alice, case):
    services.add_alert(
        case,
        reference="PR-4410",
        address="3 Birch Close, Derby",
        postcode="DE22 1XY",
        kind="risk_may_be_present",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=60),
        actor=alice,
    )
    services.save_rehousing(
        case,
        {
            "options_considered": ["management_transfer", "out_of_area"],
            "chosen": "management_transfer",
            "reasons": ["work", "school"],
            "reasons_notes": "",
            "areas_to_avoid": "Normanton",
            "progress": "moved",
            "outcome_notes": "",
            "new_address": "Flat 9, Larch House, Belper",
            "moved_on": timezone.localdate(),
        },
        actor=alice,
    )


def test_a_repairs_worker_sees_the_alert_and_contact_and_nothing_of_the_case(
    client_for, sam, case, alerted_property
):
    response = client_for(sam).post(reverse("support:property-lookup"), {"q": "pr-4410"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone who may be a risk to staff could be at the property" in page
    assert "Tenancy Services, 0345 000 0000" in page
    assert case.reference not in page
    for name in ("Jodie", "Marsh", "Mark", "Bellamy", "Alice Officer"):
        assert name not in page
    for word in ("abuse", "domestic", "perpetrator", "survivor", "victim"):
        assert word not in page.casefold()
    for address in ("Birch Close", "Larch House", "Belper", "Normanton"):
        assert address not in page
    assert AuditEvent.objects.filter(
        action="support.property_looked_up", actor=sam, detail={"by": "reference", "found": 1}
    ).exists()


def test_the_new_address_shows_on_the_case_marked_do_not_disclose(
    client_for, alice, case, alerted_property
):
    page = client_for(alice).get(url("support:case", case)).content.decode()

    assert "Flat 9, Larch House, Belper" in page
    assert "Do not disclose" in page


def test_the_coordinator_may_see_every_officers_work_and_an_officer_only_their_own(
    client_for, alice, bob, cora, case
):
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 1, 5), actor=alice)
    services.add_action(
        plan,
        what="Chase the housing register",
        owner_kind="officer",
        agency="",
        due_on=timezone.localdate(),
        actor=alice,
    )

    mine = client_for(alice).get(reverse("support:work")).content.decode()
    others = client_for(bob).get(reverse("support:work")).content.decode()
    every = client_for(cora).get(reverse("support:work") + "?scope=all").content.decode()
    own = client_for(cora).get(reverse("support:work")).content.decode()

    assert case.reference in mine and case.reference in every
    assert case.reference not in others and case.reference not in own


def test_my_work_list_on_the_friday_before_a_bank_holiday_includes_tuesday(
    client_for, alice, case, settings
):
    import time_machine

    settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS = 1
    plan = services.agree_plan(case, agreed_on=dt.date(2026, 8, 3), actor=alice)
    for what, day in (
        ("Tuesday action", dt.date(2026, 9, 1)),
        ("Wednesday action", dt.date(2026, 9, 2)),
    ):
        services.add_action(
            plan, what=what, owner_kind="agency", agency=what, due_on=day, actor=alice
        )
    client = client_for(alice)

    # Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    with time_machine.travel(dt.datetime(2026, 8, 28, 9, 0, tzinfo=LONDON), tick=False):
        page = client.get(reverse("support:work")).content.decode()

    assert "Tuesday action" in page
    assert "Wednesday action" not in page


def test_a_second_alert_on_a_known_property_needs_no_address_but_a_first_one_does(
    client_for, alice, case, alerted_property
):
    review = timezone.localdate() + dt.timedelta(days=60)
    data = {
        "address": "",
        "kind": "contact_first",
        "contact": "Tenancy Services, 0345 000 0000",
        "review_on-day": review.day,
        "review_on-month": review.month,
        "review_on-year": review.year,
    }
    client = client_for(alice)

    known = client.post(url("support:alert-add", case), {**data, "reference": "pr-4410"})
    unknown = client.post(url("support:alert-add", case), {**data, "reference": "PR-5000"})

    assert known.status_code == 302
    assert unknown.status_code == 400
    assert "Enter the address: this property has no alert yet" in unknown.content.decode()


def test_the_lock_changes_list_comes_in_pages_with_the_work_still_to_do_first(
    client_for, alice, cora, django_assert_max_num_queries
):
    now = timezone.now()
    late_case = make_case(created_by=cora, owner=alice)
    done_late = services.request_security(
        late_case, kind="lock_change", requested_at=now - dt.timedelta(hours=40), actor=alice
    )
    services.complete_security(
        done_late, completed_at=now - dt.timedelta(hours=2), keys_recovered="yes", actor=alice
    )
    open_cases = [make_case(created_by=cora, owner=alice) for _ in range(26)]
    for hours, open_case in enumerate(open_cases):
        services.request_security(
            open_case,
            kind="lock_change",
            requested_at=now - dt.timedelta(hours=30 - hours),
            actor=alice,
        )
    client = client_for(cora)

    with django_assert_max_num_queries(25):
        first = client.get(reverse("support:lock-changes")).content.decode()
    second = client.get(reverse("support:lock-changes") + "?page=2").content.decode()

    # The longest overdue lock change heads the first page; the one done late waits on page 2.
    assert first.index(open_cases[0].reference) < first.index(open_cases[1].reference)
    assert late_case.reference not in first and open_cases[25].reference not in first
    assert 'href="/support/lock-changes/?page=2"' in first
    assert open_cases[25].reference in second and late_case.reference in second
    assert second.index(open_cases[25].reference) < second.index(late_case.reference)
    assert "Past the 24-hour clock" in second


def test_the_late_lock_changes_tab_keeps_its_filter_on_the_next_page(client_for, alice, cora):
    now = timezone.now()
    for _ in range(26):
        services.request_security(
            make_case(created_by=cora, owner=alice),
            kind="lock_change",
            requested_at=now - dt.timedelta(hours=30),
            actor=alice,
        )

    page = client_for(cora).get(reverse("support:lock-changes") + "?show=breached")

    assert 'href="/support/lock-changes/?show=breached&amp;page=2"' in page.content.decode()


def test_the_work_list_shows_the_most_pressing_and_opens_one_kind_a_page_at_a_time(
    client_for, alice, cora, django_assert_max_num_queries
):
    now = timezone.now()
    cases = [make_case(created_by=cora, owner=alice) for _ in range(26)]
    for hours, case in enumerate(cases):
        services.request_security(
            case, kind="letterbox", requested_at=now - dt.timedelta(hours=60 - hours), actor=alice
        )
    client = client_for(alice)

    with django_assert_max_num_queries(30):
        summary = client.get(reverse("support:work")).content.decode()
    all_security = client.get(reverse("support:work") + "?kind=security").content.decode()
    second = client.get(reverse("support:work") + "?kind=security&page=2").content.decode()

    assert cases[0].reference in summary and cases[20].reference not in summary
    assert "These are the 20 most pressing." in summary
    assert 'href="/support/?kind=security"' in summary
    assert '<h1 class="govuk-heading-l">Securing the home</h1>' in all_security
    assert "Reviews due" not in all_security
    assert cases[24].reference in all_security and cases[25].reference not in all_security
    assert 'href="/support/?kind=security&amp;page=2"' in all_security
    assert cases[25].reference in second and cases[0].reference not in second


def test_every_case_scope_is_kept_when_opening_one_kind(client_for, alice, cora):
    now = timezone.now()
    for _ in range(21):
        services.request_security(
            make_case(created_by=cora, owner=alice),
            kind="alarm",
            requested_at=now - dt.timedelta(hours=5),
            actor=alice,
        )

    page = client_for(cora).get(reverse("support:work") + "?scope=all").content.decode()

    assert 'href="/support/?kind=security&amp;scope=all"' in page


def test_an_alert_giving_the_survivors_own_number_is_refused_and_keeps_what_was_typed(
    client_for, alice, cora
):
    case = make_case(created_by=cora, owner=alice, given_name="Nadia", phone="07700 900 123")
    review = timezone.localdate() + dt.timedelta(days=60)

    response = client_for(alice).post(
        url("support:alert-add", case),
        {
            "reference": "PR-5521",
            "address": "8 Ash Grove, Derby",
            "postcode": "DE3 9QQ",
            "kind": "contact_first",
            "contact": "Ring 07700900123 before any visit",
            "review_on-day": review.day,
            "review_on-month": review.month,
            "review_on-year": review.year,
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Do not give a number from the case on an alert" in page
    assert 'value="PR-5521"' in page and "8 Ash Grove, Derby" in page
    assert not PropertyAlert.objects.exists()


def test_a_review_dated_before_the_plan_was_agreed_is_refused(client_for, alice, case):
    agreed = timezone.localdate() - dt.timedelta(days=20)
    plan = services.agree_plan(case, agreed_on=agreed, actor=alice)
    before = agreed - dt.timedelta(days=5)

    response = client_for(alice).post(
        url("support:plan-review", case),
        {
            "reviewed_on-day": before.day,
            "reviewed_on-month": before.month,
            "reviewed_on-year": before.year,
            "with_survivor": "yes",
            "notes": "She feels safer since the locks",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"on or after the date the plan was agreed ({agreed:%-d %B %Y})" in page
    assert "She feels safer since the locks" in page
    assert not plan.reviews.exists()


@pytest.mark.parametrize(
    "name", ["support:security-request", "support:perpetrator-action-add", "support:rehousing"]
)
def test_the_forms_do_not_assume_the_survivor_is_a_woman(client_for, alice, case, name):
    # Men, non-binary people and people of any gender are survivors too (the directory has
    # services for male victims): the forms say "the survivor", not "she".
    text = visible_text(client_for(alice).get(url(name, case)).content.decode()).lower()
    assert not re.search(r"\b(she|her|hers|herself)\b", text)


def test_adding_an_alert_says_nothing_of_a_propertys_past_alerts(client_for, alice, bob, cora):
    # The look-up answers for a property whose alerts have all ended as for any other home;
    # adding an alert must not tell an officer otherwise (by asking for the address or not).
    other = make_case(created_by=cora, owner=bob, restricted_to=[bob])
    old = services.add_alert(
        other,
        reference="PR-0001",
        address="1 Past Street, Derby",
        postcode="DE1 1PP",
        kind="no_lone_visits",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=30),
        actor=bob,
    )
    services.end_alert(old, ended_on=timezone.localdate(), actor=bob)
    case = make_case(created_by=cora, owner=alice)
    review = timezone.localdate() + dt.timedelta(days=60)

    def without_address(reference):
        return client_for(alice).post(
            url("support:alert-add", case),
            {
                "reference": reference,
                "address": "",
                "kind": "contact_first",
                "contact": "Tenancy Services, 0345 000 0000",
                "review_on-day": review.day,
                "review_on-month": review.month,
                "review_on-year": review.year,
            },
        )

    had_alerts, never_had = without_address("PR-0001"), without_address("PR-0002")

    assert had_alerts.status_code == never_had.status_code == 400
    assert "Enter the address" in had_alerts.content.decode()
    assert not PropertyAlert.objects.filter(case=case).exists()


def test_a_look_up_keeps_the_postcode_out_of_the_address_bar(
    client_for, sam, case, alerted_property
):
    # Like the case search, the look-up is posted: a postcode checked before a visit never goes
    # into the browser's history or a server's log as part of an address.
    client = client_for(sam)
    page = client.get(reverse("support:property-lookup")).content.decode()
    assert re.search(r'<form method="post"', page)

    posted_look_up = client.post(reverse("support:property-lookup"), {"q": "DE22 1XY"})
    assert "Tenancy Services, 0345 000 0000" in posted_look_up.content.decode()
    in_the_address = client.get(reverse("support:property-lookup"), {"q": "DE22 1XY"})
    assert "Tenancy Services, 0345 000 0000" not in in_the_address.content.decode()


@pytest.mark.parametrize("typed", ["---", "  .  ", "()"])
def test_a_look_up_of_only_punctuation_lists_no_property(client_for, sam, alice, case, typed):
    # A property given no postcode must not be found by typing nothing that counts.
    services.add_alert(
        case,
        reference="PR-NOPOST",
        address="Flat 2, Yew Court, Derby",
        postcode="",
        kind="do_not_disclose",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=60),
        actor=alice,
    )

    response = client_for(sam).post(reverse("support:property-lookup"), {"q": typed})

    page = response.content.decode()
    assert "PR-NOPOST" not in page
    assert response.status_code == 400
    assert "Enter a property reference or a postcode" in page


def test_a_property_reference_of_only_punctuation_is_refused(client_for, alice, case):
    review = timezone.localdate() + dt.timedelta(days=60)
    response = client_for(alice).post(
        url("support:alert-add", case),
        {
            "reference": "--",
            "address": "4 Holly Lane, Derby",
            "kind": "no_lone_visits",
            "contact": "Tenancy Services, 0345 000 0000",
            "review_on-day": review.day,
            "review_on-month": review.month,
            "review_on-year": review.year,
        },
    )

    assert response.status_code == 400
    assert "Enter the property reference, like PR-4410" in response.content.decode()
    assert "4 Holly Lane, Derby" in response.content.decode()
    assert not PropertyAlert.objects.exists()


@pytest.mark.parametrize("name", ["support:action-add", "support:plan-review"])
def test_a_plan_page_before_there_is_a_plan_leads_to_agreeing_one(client_for, alice, case, name):
    # From a bookmark or the history: not "Page not found", but the step that comes first.
    response = client_for(alice).get(url(name, case), follow=True)

    assert response.redirect_chain[-1][0] == url("support:plan-agree", case)
    assert "There is no action plan yet" in visible_text(response.content.decode())
