"""Changing the directory, and signposting and referrals from a case, against the database."""

import datetime as dt

import pytest

from haven.audit.models import AuditEvent
from haven.audit.versioning import EditConflict
from haven.cases.services import chronology
from haven.cases.services.lifecycle import closure_blockers_found
from haven.directory import services
from haven.directory.models import Referral, Service
from haven.directory.views import _facts
from tests.support.factories import make_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_services")]


def values_of(service: Service, **changes):
    data = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    data["areas"] = [a.name for a in service.areas.all()]
    data.update(changes)
    return data


def test_two_administrators_changing_different_things_both_keep_their_change(ada):
    service = Service.objects.get(key="galop")
    opened = service.version
    services.change_service(
        service, values_of(service, phone="0800 111 1111"), opened_version=opened, actor=ada
    )
    saved = services.change_service(
        service,
        values_of(service, opening_hours="Weekdays 10am to 5pm"),
        opened_version=opened,
        actor=ada,
    )
    service.refresh_from_db()
    assert service.phone == "0800 111 1111" and service.opening_hours == "Weekdays 10am to 5pm"
    assert "also changed phone number" in saved.kept_message()


def test_a_clash_saves_nothing_and_shows_both_values(ada):
    service = Service.objects.get(key="galop")
    opened = service.version
    services.change_service(
        service, values_of(service, phone="0800 111 1111"), opened_version=opened, actor=ada
    )
    with pytest.raises(EditConflict) as clash:
        services.change_service(
            service, values_of(service, phone="0800 222 2222"), opened_version=opened, actor=ada
        )
    (conflict,) = clash.value.conflicts
    assert (conflict.theirs, conflict.yours) == ("0800 111 1111", "0800 222 2222")
    assert Service.objects.get(key="galop").phone == "0800 111 1111"


def test_changing_the_areas_is_saved_and_logged(ada):
    service = Service.objects.get(key="refuge-derby")
    services.change_service(
        service,
        values_of(service, areas=["Derby", "Derbyshire"]),
        opened_version=service.version,
        actor=ada,
    )
    assert {a.name for a in service.areas.all()} == {"Derby", "Derbyshire"}
    event = AuditEvent.objects.filter(action="directory.service_changed").latest("pk")
    assert event.detail == {"fields": ["areas"]}


def test_finding_services_by_area_and_need():
    found = {s.key for s in services.find_services(area="Derby", needs=["deaf"])}
    assert found == {"deaf-initely-women"}
    anywhere = {s.key for s in services.find_services(needs=["deaf"])}
    assert anywhere == {"deaf-initely-women"}
    assert "my-cwa" not in {s.key for s in services.find_services(area="Derby")}


def test_a_referral_is_in_the_chronology_the_log_and_blocks_closure_until_answered(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    galop = Service.objects.get(key="galop")
    referral = services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 11, 20),
        consent=True,
        no_consent_reason="ignored",
        notes="",
        actor=alice,
    )
    assert referral.follow_up_on == dt.date(2026, 11, 30) and referral.no_consent_reason == ""
    assert [e.kind for e in chronology.entries_for(case)] == ["referral"]
    assert AuditEvent.objects.filter(
        action="directory.referred", detail={"service": "galop", "consent": True}
    ).exists()
    open_items, _unfinished = closure_blockers_found(case)
    assert any("Galop" in item and "no outcome" in item for item in open_items)

    services.record_referral_outcome(
        referral, outcome="accepted", outcome_on=dt.date(2026, 11, 25), notes="", actor=alice
    )
    open_items, _unfinished = closure_blockers_found(case)
    assert not any("Galop" in item for item in open_items)


def test_referrals_to_follow_up_are_the_unanswered_ones_past_their_date(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    galop = Service.objects.get(key="galop")
    old = services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 11, 1),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 12, 1),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    answered = services.make_referral(
        case,
        galop,
        made_on=dt.date(2026, 10, 1),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=alice,
    )
    services.record_referral_outcome(
        answered, outcome="declined", outcome_on=dt.date(2026, 10, 9), notes="", actor=alice
    )
    due = services.referrals_to_follow_up(type(case).objects.all(), dt.date(2026, 12, 4))
    assert list(due) == [old]


def test_signposting_is_kept_apart_from_referrals(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    services.record_signposting(
        case,
        Service.objects.get(key="shelter"),
        given_on=dt.date(2026, 12, 1),
        how="phone",
        notes="Gave the number",
        actor=alice,
    )
    assert case.signpostings.count() == 1 and not Referral.objects.filter(case=case).exists()
    assert not closure_blockers_found(case)[0]


def test_the_record_suggests_children_services_when_there_are_children(alice, cora):
    from haven.cases.services import record

    case = make_case(created_by=cora, owner=alice)
    record.add_household_member(
        case, {"name": "Child", "is_child": True, "age_years": 5}, actor=alice
    )
    assert _facts(case).has_children
