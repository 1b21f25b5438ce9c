"""Every change to the directory and to a case's signposting and referrals: one transaction and
one access-log event each."""

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.services import record_event
from haven.audit.versioning import Saved, save_versioned
from haven.cases.models import Case
from haven.cases.policies import Cases, within
from haven.cases.services import chronology
from haven.directory import hsds, rules
from haven.directory.models import Area, Referral, ReferralOutcome, Service, Signposting

# The fields an administrator edits (areas are saved beside them).
SERVICE_FIELDS = (
    "name",
    "organisation",
    "description",
    "specialisms",
    "national",
    "phone",
    "other_phone",
    "text",
    "email",
    "website",
    "chat",
    "open_24_7",
    "opening_hours",
    "languages",
    "active",
)


# --- Reading ---------------------------------------------------------------------------------


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(active=True).prefetch_related(
        Prefetch("areas", queryset=Area.objects.order_by("name"))
    )


def find_services(*, area: str = "", needs: list[str] | tuple[str, ...] = ()) -> list[Service]:
    """Active services covering `area` (national ones cover everywhere) with every need.

    The directory holds tens or hundreds of services, not millions: they are filtered in memory
    by the same rule the tests explore, in two queries whatever the filters.
    """
    return [
        service
        for service in active_services()
        if rules.matches(
            service.specialisms,
            service.national,
            [a.name for a in service.areas.all()],
            area=area,
            needs=needs,
        )
    ]


def area_names() -> list[str]:
    return list(Area.objects.order_by("name").values_list("name", flat=True))


def as_data(service: Service) -> hsds.ServiceData:
    return hsds.ServiceData(
        key=service.key,
        areas=sorted(area.name for area in service.areas.all()),
        **{name: getattr(service, name) for name in SERVICE_FIELDS},
    )


# --- Managing the directory -----------------------------------------------------------------


def _set_areas(service: Service, names: list[str]) -> None:
    areas = [Area.objects.get_or_create(name=name)[0] for name in sorted(set(names)) if name]
    service.areas.set(areas)


@transaction.atomic
def add_service(
    values: dict[str, Any], *, key: str, actor: Any, request: HttpRequest | None = None
) -> Service:
    service = Service(key=key, **{name: values[name] for name in SERVICE_FIELDS})
    service._history_user = actor  # type: ignore[attr-defined]
    service.save()
    _set_areas(service, values.get("areas", []))
    record_event(
        "directory.service_added",
        actor=actor,
        request=request,
        target=service,
        detail={"fields": list(SERVICE_FIELDS)},
    )
    return service


@transaction.atomic
def change_service(
    service: Service,
    values: dict[str, Any],
    *,
    opened_version: int,
    actor: Any,
    request: HttpRequest | None = None,
) -> Saved:
    """Save what this administrator changed; EditConflict if someone changed the same thing."""

    def stamp(record: Service, _changed: list[str]) -> None:
        record.updated_at = timezone.now()

    saved = save_versioned(
        Service,
        service.pk,
        fields=SERVICE_FIELDS,
        submitted=values,
        opened_version=opened_version,
        actor=actor,
        before_save=stamp,
    )
    changed = list(saved.changed)
    if "areas" in values:
        before = sorted(a.name for a in saved.record.areas.all())
        if before != sorted(set(values["areas"])):
            _set_areas(saved.record, values["areas"])
            changed.append("areas")
    record_event(
        "directory.service_changed",
        actor=actor,
        request=request,
        target=saved.record,
        detail={"fields": changed},
    )
    saved.changed = changed
    return saved


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


@transaction.atomic
def import_services(
    services: list[hsds.ServiceData], *, actor: Any, request: HttpRequest | None = None
) -> ImportResult:
    """Add services new to the directory and update the ones already in it (by id); services
    not in the file are left as they are (a partial file never deletes anything)."""
    result = load_services(services, Service, Area, history_user=actor)
    record_event("directory.imported", actor=actor, request=request, detail=asdict(result))
    return result


def load_services(
    services: list[hsds.ServiceData], service_model: Any, area_model: Any, history_user: Any = None
) -> ImportResult:
    """The import itself, usable from a data migration (with its historical models)."""
    added = changed = unchanged = 0
    for data in services:
        values = {name: getattr(data, name) for name in SERVICE_FIELDS}
        existing = service_model.objects.filter(key=data.key).first()
        if existing is None:
            service = service_model(key=data.key, **values)
            added += 1
        else:
            service = existing
            current_areas = sorted(a.name for a in existing.areas.all())
            if (
                all(getattr(existing, n) == v for n, v in values.items())
                and current_areas == data.areas
            ):
                unchanged += 1
                continue
            for name, value in values.items():
                setattr(service, name, value)
            service.version += 1
            changed += 1
        if history_user is not None:
            service._history_user = history_user
        service.save()
        service.areas.set([area_model.objects.get_or_create(name=name)[0] for name in data.areas])
    return ImportResult(added=added, changed=changed, unchanged=unchanged)


def export_services(*, actor: Any, request: HttpRequest | None = None) -> dict[str, Any]:
    services = [as_data(s) for s in Service.objects.prefetch_related("areas").order_by("key")]
    record_event(
        "directory.exported", actor=actor, request=request, detail={"services": len(services)}
    )
    return hsds.export_document(services)


# --- Signposting and referrals from a case ----------------------------------------------------


@transaction.atomic
def record_signposting(
    case: Case,
    service: Service,
    *,
    given_on: dt.date,
    how: str,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Signposting:
    entry = chronology.add_entry(
        case,
        kind="signposting",
        occurred_at=_noon(given_on),
        narrative="",
        actor=actor,
    )
    signposting = Signposting.objects.create(
        case=case,
        service=service,
        given_on=given_on,
        how=how,
        notes=notes,
        recorded_by=actor,
        entry=entry,
    )
    record_event(
        "directory.signposted",
        actor=actor,
        request=request,
        target=case,
        detail={"service": service.key},
    )
    return signposting


@transaction.atomic
def make_referral(
    case: Case,
    service: Service,
    *,
    made_on: dt.date,
    consent: bool,
    no_consent_reason: str,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Referral:
    entry = chronology.add_entry(
        case, kind="referral", occurred_at=_noon(made_on), narrative="", actor=actor
    )
    referral = Referral.objects.create(
        case=case,
        service=service,
        made_on=made_on,
        consent=consent,
        no_consent_reason="" if consent else no_consent_reason,
        notes=notes,
        follow_up_on=rules.follow_up_due_on(made_on, settings.HAVEN_REFERRAL_FOLLOW_UP_DAYS),
        made_by=actor,
        entry=entry,
    )
    record_event(
        "directory.referred",
        actor=actor,
        request=request,
        target=case,
        detail={"service": service.key, "consent": consent},
    )
    return referral


@transaction.atomic
def record_referral_outcome(
    referral: Referral,
    *,
    outcome: str,
    outcome_on: dt.date,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> Referral:
    if outcome not in ReferralOutcome.values:
        raise ValueError(f"Unknown referral outcome {outcome!r}")
    referral.outcome = outcome
    referral.outcome_on = outcome_on
    referral.outcome_notes = notes
    referral.save(update_fields=["outcome", "outcome_on", "outcome_notes"])
    record_event(
        "directory.referral_outcome",
        actor=actor,
        request=request,
        target=referral.case,
        detail={"service": referral.service.key, "outcome": outcome},
    )
    return referral


def referrals_to_follow_up(cases: Cases, today: dt.date) -> QuerySet[Referral]:
    """Referrals on these cases with no outcome whose follow-up date has come."""
    return (
        Referral.objects.filter(within(cases, "case"), outcome="", follow_up_on__lte=today)
        .select_related("case", "service")
        .order_by("follow_up_on", "pk")
    )


def open_referral_sentences(case: Case) -> list[str]:
    """The closure blocker: referrals still waiting for an answer (they may be handed over)."""
    return [
        f"the referral to {referral.service.name} made on {referral.made_on:%-d %B %Y} has no outcome yet"
        for referral in Referral.objects.filter(case=case, outcome="").select_related("service")
    ]


def _noon(day: dt.date) -> dt.datetime:
    # A date without a time is recorded at midday, London time, so it never shows as the day before.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
