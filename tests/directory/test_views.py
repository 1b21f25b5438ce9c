"""The directory's pages, as caseworkers and administrators use them."""

import datetime as dt
import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.directory import services
from haven.directory.models import Referral, Service
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import signed_in_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_services")]


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


def test_an_officer_finds_local_services_for_a_need(alice):
    response = signed_in_client(alice).get(
        reverse("directory:list"), {"area": "Derby", "needs": ["deaf"]}
    )
    text = text_of(response)
    assert "1 service" in text and "Deaf-initely Women" in text
    assert 'href="tel:07421827162"' in response.content.decode()


def test_an_administrator_adding_a_service_with_mistakes_keeps_what_was_typed(ada):
    client = signed_in_client(ada)
    response = client.post(
        reverse("directory:add"),
        {
            "name": "Hope Project",
            "national": "no",
            "open_24_7": "no",
            "active": "yes",
            "email": "hope@",
            "areas": "",
        },
    )
    text = text_of(response)
    assert response.status_code == 400
    assert "Enter an e-mail address in the correct format" in text
    assert "Enter the areas the service covers" in text
    assert 'value="Hope Project"' in response.content.decode()
    response = client.post(
        reverse("directory:add"),
        {
            "name": "Hope Project",
            "national": "no",
            "open_24_7": "no",
            "active": "yes",
            "phone": "01332 000000",
            "areas": "Derby\nHigh Peak",
        },
    )
    service = Service.objects.get(key="hope-project")
    assert response.status_code == 302 and {a.name for a in service.areas.all()} == {
        "Derby",
        "High Peak",
    }


def test_a_clash_between_two_administrators_shows_both_values(ada):
    client = signed_in_client(ada)
    url = reverse("directory:edit", kwargs={"key": "galop"})
    page = client.get(url)
    assert page.status_code == 200
    service = Service.objects.get(key="galop")
    services.change_service(
        service,
        {
            **{n: getattr(service, n) for n in services.SERVICE_FIELDS},
            "areas": [],
            "phone": "0800 111 1111",
        },
        opened_version=service.version,
        actor=ada,
    )
    form = {
        "name": "Galop",
        "national": "yes",
        "open_24_7": "no",
        "active": "yes",
        "phone": "0800 222 2222",
        "email": service.email,
        "website": service.website,
        "specialisms": service.specialisms,
        "description": service.description,
        "organisation": service.organisation,
        "version": "1",
    }
    response = client.post(url, form)
    text = text_of(response)
    assert response.status_code == 409
    assert "Someone else changed this service since you opened it" in text
    assert "0800 111 1111" in text and "0800 222 2222" in text
    assert Service.objects.get(key="galop").phone == "0800 111 1111"


def test_the_export_downloads_and_is_logged(ada):
    response = signed_in_client(ada).get(reverse("directory:export"))
    assert response["Content-Disposition"].startswith('attachment; filename="support-services-')
    document = json.loads(response.content)
    assert len(document["services"]) == Service.objects.count()
    assert AuditEvent.objects.filter(action="directory.exported").exists()


def test_an_import_says_what_it_did(ada):
    client = signed_in_client(ada)
    document = {
        "services": [
            {
                "id": "hope-project",
                "name": "Hope Project",
                "phones": [{"number": "01332 000000", "description": "Phone"}],
                "service_areas": [{"service_area": "Derby"}],
            }
        ]
    }
    upload = SimpleUploadedFile("services.json", json.dumps(document).encode(), "application/json")
    response = client.post(reverse("directory:import"), {"file": upload}, follow=True)
    assert "Imported: 1 added, 0 updated" in text_of(response)
    assert Service.objects.get(key="hope-project").phone == "01332 000000"


def test_a_file_that_is_not_open_referral_is_refused_with_the_reason(ada):
    upload = SimpleUploadedFile("services.json", b'{"services": [{"id": "x"}]}', "application/json")
    response = signed_in_client(ada).post(reverse("directory:import"), {"file": upload})
    assert response.status_code == 400 and "Service 1 (x) has no name" in text_of(response)
    garbage = SimpleUploadedFile("services.json", b"\xff\xfe", "application/json")
    response = signed_in_client(ada).post(reverse("directory:import"), {"file": garbage})
    assert "The file must be JSON in the Open Referral UK format" in text_of(response)


def test_the_case_tab_suggests_and_finds_services_and_records_a_referral(alice, cora):
    case = make_case(created_by=cora, owner=alice, date_of_birth=dt.date(1950, 1, 1))
    client = signed_in_client(alice)
    tab = reverse("directory:case", kwargs={"reference": case.reference})
    text = text_of(client.get(tab))
    assert "Older people (the survivor is" in text
    found = client.get(tab, {"area": "Derby", "needs": ["older_people"]})
    assert "Hourglass" in text_of(found)

    refer = reverse("directory:refer", kwargs={"reference": case.reference, "key": "hourglass"})
    today = dt.date.today()
    missing_reason = client.post(
        refer,
        {
            "made_on-day": today.day,
            "made_on-month": today.month,
            "made_on-year": today.year,
            "consent": "no",
            "notes": "Kept",
        },
    )
    assert missing_reason.status_code == 400
    assert "Enter why the referral was made without the survivor's agreement" in text_of(
        missing_reason
    )
    assert "Kept" in missing_reason.content.decode()
    done = client.post(
        refer,
        {
            "made_on-day": today.day,
            "made_on-month": today.month,
            "made_on-year": today.year,
            "consent": "yes",
        },
        follow=True,
    )
    assert "Referral to Hourglass recorded" in text_of(done)
    referral = Referral.objects.get(case=case)
    outcome = reverse(
        "directory:referral-outcome", kwargs={"reference": case.reference, "pk": referral.pk}
    )
    client.post(
        outcome,
        {
            "outcome": "accepted",
            "outcome_on-day": today.day,
            "outcome_on-month": today.month,
            "outcome_on-year": today.year,
        },
    )
    referral.refresh_from_db()
    assert referral.outcome == "accepted"


def test_a_referral_date_in_the_future_is_refused(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = signed_in_client(alice).post(
        reverse("directory:refer", kwargs={"reference": case.reference, "key": "galop"}),
        {
            "made_on-day": tomorrow.day,
            "made_on-month": tomorrow.month,
            "made_on-year": tomorrow.year,
            "consent": "yes",
        },
    )
    assert response.status_code == 400 and "must be today or in the past" in text_of(response)


def test_an_officer_follows_up_only_their_own_cases(alice, bob, cora):
    galop = Service.objects.get(key="galop")
    mine = make_case(created_by=cora, owner=alice)
    theirs = make_case(created_by=cora, owner=bob)
    for case, actor in ((mine, alice), (theirs, bob)):
        services.make_referral(
            case,
            galop,
            made_on=dt.date(2026, 1, 5),
            consent=True,
            no_consent_reason="",
            notes="",
            actor=actor,
        )
    text = text_of(signed_in_client(alice).get(reverse("directory:follow-ups")))
    assert mine.reference in text and theirs.reference not in text
    coordinator = text_of(signed_in_client(cora).get(reverse("directory:follow-ups")))
    assert mine.reference in coordinator and theirs.reference in coordinator


def test_the_follow_ups_list_comes_in_pages_the_longest_waiting_first(alice, cora):
    galop = Service.objects.get(key="galop")
    cases = [make_case(created_by=cora, owner=alice) for _ in range(26)]
    for day, case in enumerate(cases, start=1):
        services.make_referral(
            case,
            galop,
            made_on=dt.date(2026, 1, day),
            consent=True,
            no_consent_reason="",
            notes="",
            actor=alice,
        )
    client = signed_in_client(alice)

    first = text_of(client.get(reverse("directory:follow-ups")))
    second = text_of(client.get(reverse("directory:follow-ups") + "?page=2"))

    assert cases[0].reference in first and cases[24].reference in first
    assert cases[25].reference not in first and cases[25].reference in second
    assert "Next" in first


def test_the_case_tab_costs_the_same_queries_with_many_referrals(
    alice, cora, django_assert_max_num_queries
):
    case = make_case(created_by=cora, owner=alice)
    client = signed_in_client(alice)
    tab = reverse("directory:case", kwargs={"reference": case.reference})
    galop = Service.objects.get(key="galop")
    services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 11, 5),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    with django_assert_max_num_queries(40) as few:
        client.get(tab, {"area": "Derby"})
    for day in range(1, 25):
        services.make_referral(
            case,
            galop,
            made_on=dt.date(2026, 10, day),
            consent=True,
            no_consent_reason="",
            notes="",
            actor=alice,
        )
        services.record_signposting(
            case, galop, given_on=dt.date(2026, 10, day), how="phone", notes="", actor=alice
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(tab, {"area": "Derby"})


def test_a_referral_past_its_follow_up_date_is_on_the_officers_home_page(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    galop = Service.objects.get(key="galop")
    services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 1, 5),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    text = text_of(signed_in_client(alice).get(reverse("core:home")))
    assert "Referrals to follow up" in text
    assert "Follow up the referral to Galop" in text and case.reference in text


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,  # deeper than any reader goes
        b'{"services": [{"id": "x", "name": "X\\u0000"}]}',
        b'{"services": [{"id": "x", "name": "X", "organization": "Refuge"}]}',
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_not_an_error_page(ada, content):
    upload = SimpleUploadedFile("services.json", content, "application/json")
    response = signed_in_client(ada).post(reverse("directory:import"), {"file": upload})
    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    assert not Service.objects.filter(key="x").exists()


def test_an_answer_dated_before_the_referral_was_made_is_refused(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    made = dt.date.today() - dt.timedelta(days=7)
    referral = services.make_referral(
        case,
        Service.objects.get(key="galop"),
        made_on=made,
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    before = made - dt.timedelta(days=2)

    response = signed_in_client(alice).post(
        reverse(
            "directory:referral-outcome", kwargs={"reference": case.reference, "pk": referral.pk}
        ),
        {
            "outcome": "declined",
            "outcome_on-day": before.day,
            "outcome_on-month": before.month,
            "outcome_on-year": before.year,
            "notes": "They have no space this month",
        },
    )

    assert response.status_code == 400
    assert f"on or after the date of the referral ({made:%-d %B %Y})" in text_of(response)
    assert "They have no space this month" in response.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == ""
